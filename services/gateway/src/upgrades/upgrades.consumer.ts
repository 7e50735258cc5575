import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UpgradesService } from './upgrades.service';

/** Kafka edge of the read model: each topic maps to one service method; the policy commits. */
@Injectable()
export class UpgradesConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly upgrades: UpgradesService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.protocolEvents, (message) => this.upgrades.applyProtocolEvent(message));
    this.host.register(TOPICS.riskAssessments, (message) => this.upgrades.applyRiskAssessment(message));
  }
}

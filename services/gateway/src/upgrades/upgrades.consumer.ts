import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventsService } from '../events/events.service';
import { UpgradesService } from './upgrades.service';

/**
 * Kafka edge of the upgrades and events read models: each topic maps to one service method; the
 * policy commits. One handler per topic: `protocol.events.v1` enters through EventsService, which
 * keeps every event and hands the upgrade kinds on to the upgrades read model.
 */
@Injectable()
export class UpgradesConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly events: EventsService,
    private readonly upgrades: UpgradesService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.protocolEvents, (message) => this.events.apply(message));
    this.host.register(TOPICS.riskAssessments, (message) => this.upgrades.applyRiskAssessment(message));
  }
}

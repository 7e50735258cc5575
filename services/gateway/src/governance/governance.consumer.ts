import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GovernanceService } from './governance.service';

/** Kafka edge of the governance read model. */
@Injectable()
export class GovernanceConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly governance: GovernanceService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.governanceProposals, (message) => this.governance.applyProposal(message));
    this.host.register(TOPICS.sentiment, (message) => this.governance.applySentiment(message));
  }
}

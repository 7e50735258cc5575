import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { GovernanceEventsService } from './governance-events.service';

/**
 * Kafka edge of `protocol.events.v1`: the consumer policy validates and commits, retries failures
 * (counted in Redis) and then dead-letters to `protocol.events.v1.dlq`.
 */
@Injectable()
export class GovernanceEventsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly events: GovernanceEventsService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.protocolEvents, (message) => this.events.onProtocolEvent(message.payload, message.occurredAt));
  }
}

import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NetworkStatusService } from './network-status.service';

/** Kafka edge of the network status read model; the host's policy validates, dead-letters and commits. */
@Injectable()
export class NetworkStatusConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly statuses: NetworkStatusService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.networkStatus, (message) => this.statuses.apply(message));
  }
}

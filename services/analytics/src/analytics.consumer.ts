import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MevService } from './mev/mev.service';

/** Routes the service's input topics, one service method each; the consumer policy dead-letters what does not parse. */
@Injectable()
export class AnalyticsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly mev: MevService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.dexSwaps, (message) => this.mev.onSwap(message));
    this.host.register(TOPICS.marketTicks, (message) => this.mev.onTick(message));
  }
}

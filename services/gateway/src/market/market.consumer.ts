import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MarketService } from './market.service';

/** Kafka edge of the market read model. */
@Injectable()
export class MarketConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly market: MarketService,
  ) {}

  onModuleInit(): void {
    this.host.register(TOPICS.marketTicks, (message) => this.market.apply(message));
  }
}

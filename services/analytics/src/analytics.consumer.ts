import { TOPICS } from '@pum/contracts';
import { KafkaConsumerHost } from '@pum/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MevService } from './mev/mev.service';
import { SmartMoneyService } from './smart-money/smart-money.service';

/** Routes the service's input topics to the MEV and smart-money sides; the consumer policy dead-letters what does not parse. */
@Injectable()
export class AnalyticsConsumer implements OnModuleInit {
  constructor(
    private readonly host: KafkaConsumerHost,
    private readonly mev: MevService,
    private readonly smartMoney: SmartMoneyService,
  ) {}

  onModuleInit(): void {
    // Both sides are idempotent per message, so a retry after one of them failed repeats nothing.
    this.host.register(TOPICS.dexSwaps, async (message) => {
      await this.mev.onSwap(message);
      await this.smartMoney.onSwap(message);
    });
    this.host.register(TOPICS.marketTicks, async (message) => {
      await this.mev.onTick(message);
      await this.smartMoney.onTick(message);
    });
  }
}

import { JsonLogger } from '@pum/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SMART_MONEY_SETTINGS, type SmartMoneySettings } from './smart-money-settings';
import { SmartMoneyService } from './smart-money.service';

/**
 * The throttle of `analytics.smart-money.v1`: every `publishIntervalMs` one round publishes each ranking that changed
 * since the last (a busy token is published once a round, not once a swap). Rounds never overlap; a failed round
 * leaves the rankings due for the next.
 */
@Injectable()
export class SmartMoneyPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | null = null;

  constructor(
    private readonly smartMoney: SmartMoneyService,
    private readonly logger: JsonLogger,
    @Inject(SMART_MONEY_SETTINGS) private readonly settings: SmartMoneySettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.round) return; // a slow round is not queued behind: the next tick after it covers what came meanwhile
      this.round = this.publish().finally(() => (this.round = null));
    }, this.settings.publishIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }

  private async publish(): Promise<void> {
    try {
      let published: number | null;
      do published = await this.smartMoney.publishDue();
      while (published !== null && published >= 100);
    } catch (error) {
      this.logger.warn({ msg: 'smart-money rankings not published; they stay due', error: error instanceof Error ? error.message : String(error) });
    }
  }
}

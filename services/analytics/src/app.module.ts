import { SmartMoneyClassifier } from '@pum/dex-analytics';
import { JsonLogger, serviceRuntime } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { AnalyticsConsumer } from './analytics.consumer';
import { AnalyticsMetrics } from './analytics-metrics';
import type { AnalyticsConfig } from './config';
import { CreateAnalytics1767000000000 } from './migrations/1767000000000-create-analytics';
import { MevRepository } from './mev/mev.repository';
import { MevService } from './mev/mev.service';
import { CreateSmartMoney1766200000000 } from './migrations/1766200000000-create-smart-money';
import { SmartMoneyPublisher } from './smart-money/smart-money-publisher';
import { SMART_MONEY_SETTINGS, type SmartMoneySettings } from './smart-money/smart-money-settings';
import { SmartMoneyRepository } from './smart-money/smart-money.repository';
import { SmartMoneyService } from './smart-money/smart-money.service';

export const SERVICE_NAME = 'analytics';

/**
 * DEX analytics (docs/analytics.md): MEV detections (sandwiches, cyclic arbitrage) from `dex.swaps.v1`, valued with the
 * prices on `market.ticks.v1`, published to `analytics.mev.v1` and withdrawn when a swap they rest on is retracted; and
 * smart-money rankings per token and protocol from the confirmed swaps, throttled, on `analytics.smart-money.v1`.
 */
@Module({})
export class AppModule {
  static register(config: AnalyticsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [...serviceRuntime(config, { service: SERVICE_NAME, logger, postgres: { entities: [], migrations: [CreateSmartMoney1766200000000, CreateAnalytics1767000000000], poolSize: 4 } })],
      providers: [
        { provide: JsonLogger, useValue: logger },
        { provide: SMART_MONEY_SETTINGS, useFactory: () => smartMoneySettings(config) },
        AnalyticsMetrics,
        MevRepository,
        MevService,
        SmartMoneyRepository,
        SmartMoneyService,
        SmartMoneyPublisher,
        AnalyticsConsumer,
      ],
    };
  }
}

/** The classifier is trained at start (seeded generated scenarios, about a second) unless the score ranks. */
function smartMoneySettings(config: AnalyticsConfig): SmartMoneySettings {
  return {
    classifier: config.SMART_MONEY_RANKER === 'classifier' ? SmartMoneyClassifier.train() : null,
    top: config.SMART_MONEY_TOP,
    publishIntervalMs: config.SMART_MONEY_PUBLISH_INTERVAL_MS,
  };
}

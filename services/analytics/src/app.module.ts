import { JsonLogger, serviceRuntime } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { AnalyticsConsumer } from './analytics.consumer';
import { AnalyticsMetrics } from './analytics-metrics';
import type { AnalyticsConfig } from './config';
import { CreateAnalytics1767000000000 } from './migrations/1767000000000-create-analytics';
import { MevRepository } from './mev/mev.repository';
import { MevService } from './mev/mev.service';

export const SERVICE_NAME = 'analytics';

/**
 * DEX analytics (docs/analytics.md): MEV detections (sandwiches, cyclic arbitrage) from `dex.swaps.v1`, valued with the
 * prices on `market.ticks.v1`, published to `analytics.mev.v1` and withdrawn when a swap they rest on is retracted.
 */
@Module({})
export class AppModule {
  static register(config: AnalyticsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [...serviceRuntime(config, { service: SERVICE_NAME, logger, postgres: { entities: [], migrations: [CreateAnalytics1767000000000], poolSize: 4 } })],
      providers: [{ provide: JsonLogger, useValue: logger }, AnalyticsMetrics, MevRepository, MevService, AnalyticsConsumer],
    };
  }
}

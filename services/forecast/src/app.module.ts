import { JsonLogger, readProtocolRegistryFile, serviceRuntime } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import type { ForecastConfig } from './config';
import { FitPool } from './fitting/fit-pool';
import { ForecastConsumer } from './forecast.consumer';
import { ForecastMetrics } from './forecast-metrics';
import { FORECAST_SETTINGS, forecastSettings } from './forecast-settings';
import { ForecastService } from './forecast.service';
import { CreateSeries1763900000000 } from './migrations/1763900000000-create-series';
import { WindowExecutionEvent1764000000000 } from './migrations/1764000000000-window-execution-event';
import { RefitScheduler } from './refit-scheduler';
import { SeriesRetention } from './series/series-retention';
import { SeriesRepository } from './series/series.repository';
import { SeriesService } from './series/series.service';
import { ProtocolDirectory } from './upgrades/protocol-directory';
import { UpgradeWindowsRepository } from './upgrades/upgrade-windows.repository';
import { UpgradeWindowsService } from './upgrades/upgrade-windows.service';

export const SERVICE_NAME = 'forecast';

/**
 * Keeps price and TVL series from market.ticks.v1 in Postgres, refits them at a bounded rate and
 * publishes forecast.volatility.v1 and forecast.liquidity.v1, including forecasts around the ETA of
 * upgrades from upgrades.lifecycle.v1 and protocol.events.v1.
 */
@Module({})
export class AppModule {
  static register(config: ForecastConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceRuntime(config, {
          service: SERVICE_NAME,
          logger,
          postgres: { entities: [], migrations: [CreateSeries1763900000000, WindowExecutionEvent1764000000000], poolSize: 5 },
        }),
      ],
      providers: [
        { provide: JsonLogger, useValue: logger },
        { provide: FORECAST_SETTINGS, useValue: forecastSettings(config) },
        { provide: ProtocolDirectory, useFactory: async () => new ProtocolDirectory(await readProtocolRegistryFile(config.PROTOCOL_REGISTRY_FILE)) },
        ForecastMetrics,
        { provide: FitPool, useFactory: () => new FitPool(config.FORECAST_FIT_THREADS, logger) },
        SeriesRepository,
        UpgradeWindowsRepository,
        ForecastService,
        RefitScheduler,
        SeriesService,
        SeriesRetention,
        UpgradeWindowsService,
        ForecastConsumer,
      ],
    };
  }
}

import { JsonLogger, kafkaSettings, PlatformModule, redisSettings } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import type { RiskEngineConfig } from './config';
import { RiskConsumer } from './risk.consumer';
import { RAPID_WINDOW_SECONDS, RiskService } from './risk.service';
import { REDIS_KEY_PREFIX, UpgradeHistoryRepository } from './upgrade-history.repository';

export const SERVICE_NAME = 'risk-engine';

@Module({})
export class AppModule {
  static register(config: RiskEngineConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE_NAME,
          logger,
          kafka: kafkaSettings(config, SERVICE_NAME),
          redis: redisSettings(config),
        }),
      ],
      providers: [
        { provide: REDIS_KEY_PREFIX, useValue: config.REDIS_KEY_PREFIX },
        { provide: RAPID_WINDOW_SECONDS, useValue: config.RISK_RAPID_UPGRADE_WINDOW_SECONDS },
        UpgradeHistoryRepository,
        RiskService,
        RiskConsumer,
      ],
    };
  }
}

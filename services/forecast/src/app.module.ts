import { JsonLogger, PlatformModule, kafkaSettings } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import type { ForecastConfig } from './config';

export const SERVICE_NAME = 'forecast';

/** Connected to Kafka (publisher, health, metrics); its sources and models arrive in later issues. */
@Module({})
export class AppModule {
  static register(config: ForecastConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ service: SERVICE_NAME, logger, kafka: kafkaSettings(config, SERVICE_NAME) })],
    };
  }
}

import { JsonLogger, startService } from '@pum/platform';
import type { INestApplication } from '@nestjs/common';
import { AppModule, SERVICE_NAME } from './app.module';
import type { AnalyticsConfig } from './config';

export async function startAnalytics(config: AnalyticsConfig, logger = new JsonLogger(SERVICE_NAME, config.LOG_LEVEL)): Promise<INestApplication> {
  return startService(AppModule.register(config, logger), { logger, host: config.HTTP_HOST, port: config.HTTP_PORT });
}

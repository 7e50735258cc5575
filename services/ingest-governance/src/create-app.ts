import { JsonLogger, startService } from '@pum/platform';
import type { INestApplication } from '@nestjs/common';
import { AppModule, SERVICE_NAME } from './app.module';
import type { IngestGovernanceConfig } from './config';
import type { OffChainExtras } from './off-chain.module';

export async function startIngestGovernance(
  config: IngestGovernanceConfig,
  logger = new JsonLogger(SERVICE_NAME, config.LOG_LEVEL),
  extras: OffChainExtras = {},
): Promise<INestApplication> {
  return startService(AppModule.register(config, logger, extras), { logger, host: config.HTTP_HOST, port: config.HTTP_PORT });
}

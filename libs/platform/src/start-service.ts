import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { KafkaConsumerHost } from './kafka/kafka-consumer-host';
import type { JsonLogger } from './logging/json-logger';

export interface StartOptions {
  logger: JsonLogger;
  host: string;
  port: number;
  /** Adapters, filters, CORS: whatever must be set before the app initialises. */
  configure?: (app: INestApplication) => void;
}

/**
 * Creates a service's Nest application, attaches its Kafka consumer (when it registered handlers),
 * starts consuming and listens on HTTP. Resolves once the service is up; SIGTERM/SIGINT close it.
 *
 * @example const app = await startService(AppModule.register(config), { logger, host, port })
 */
export async function startService(module: DynamicModule, options: StartOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: options.logger, abortOnError: false });
  app.enableShutdownHooks();
  options.configure?.(app);
  await app.init();
  const consumer = app.get(KafkaConsumerHost, { strict: false });
  if (consumer?.hasHandlers) {
    app.connectMicroservice({ strategy: consumer.server }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(options.port, options.host);
  options.logger.log({ msg: 'service started', url: await app.getUrl(), consumer_group: consumer?.groupId ?? null });
  return app;
}

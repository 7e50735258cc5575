import type { LoggerService } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

/**
 * A kafkajs client whose logs go through the service's structured logger.
 *
 * @example const kafka = createKafka({ clientId: 'gateway', brokers: ['127.0.0.1:9092'] }, logger)
 */
export function createKafka(options: { clientId: string; brokers: string[] }, logger: LoggerService): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 10 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...fields } = log;
        const entry = { msg: `kafkajs: ${message}`, ...fields };
        if (level === logLevel.ERROR) logger.error(entry, 'kafkajs');
        else if (level === logLevel.WARN) logger.warn(entry, 'kafkajs');
        else logger.log(entry, 'kafkajs');
      },
  });
}

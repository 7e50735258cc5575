import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { KafkaSettings } from './config/base-config';
import { HealthRegistry, type HealthCheck } from './health/health-check';
import { HealthController } from './health/health.controller';
import { KafkaHealthCheck, PostgresHealthCheck, RedisHealthCheck } from './health/checks';
import { createKafka } from './kafka/create-kafka';
import { EventPublisher } from './kafka/event-publisher';
import { KafkaConsumerHost } from './kafka/kafka-consumer-host';
import { TopicNamer } from './kafka/topic-namer';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import type { JsonLogger } from './logging/json-logger';

export const KAFKA = Symbol('KAFKA');
export const REDIS = Symbol('REDIS');
const OPTIONS = Symbol('PLATFORM_OPTIONS');

export interface PlatformOptions {
  /** The service's name: its metrics' prefix, Redis connection name and the `source` of what it publishes. */
  service: string;
  logger: JsonLogger;
  kafka: KafkaSettings;
  /** Needed by services that consume (retry counts) or cache; `critical: false` when the service works without it. */
  redis?: { url: string; keyPrefix: string; critical?: boolean };
  /** The service uses Postgres through TypeORM: check it for readiness. */
  postgres?: boolean;
}

@Injectable()
class PlatformLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(OPTIONS) private readonly options: PlatformOptions,
    private readonly publisher: EventPublisher,
    private readonly kafkaHealth: KafkaHealthCheck,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(KafkaConsumerHost) private readonly consumer: KafkaConsumerHost | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.publisher.disconnect(), this.kafkaHealth.close(), this.consumer?.close()]);
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
    this.options.logger.log({ msg: 'platform resources closed' });
  }
}

/**
 * What every service repeats, in one global module: structured logging, the Kafka client, the
 * validating publisher, the consumer host with its error policy, Redis, `/health` and `/metrics`.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const checks: Provider[] = [
      { provide: KafkaHealthCheck, useFactory: (kafka: Kafka, host: KafkaConsumerHost | null) => new KafkaHealthCheck(kafka, host ?? undefined), inject: [KAFKA, KafkaConsumerHost] },
    ];
    const checkTokens: unknown[] = [KafkaHealthCheck];
    if (options.redis) {
      checks.push({ provide: RedisHealthCheck, useFactory: (redis: Redis) => new RedisHealthCheck(redis, options.redis?.critical ?? true), inject: [REDIS] });
      checkTokens.push(RedisHealthCheck);
    }
    if (options.postgres) {
      checks.push({ provide: PostgresHealthCheck, useFactory: (ds: DataSource) => new PostgresHealthCheck(ds), inject: [DataSource] });
      checkTokens.push(PostgresHealthCheck);
    }
    const redis = options.redis;
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: MetricsService, useFactory: () => new MetricsService(options.service) },
        {
          provide: KAFKA,
          useFactory: () => createKafka({ clientId: options.kafka.clientId, brokers: options.kafka.brokers }, options.logger),
        },
        { provide: TopicNamer, useFactory: () => new TopicNamer(options.kafka.topicPrefix) },
        {
          provide: EventPublisher,
          useFactory: (kafka: Kafka, namer: TopicNamer, metrics: MetricsService) => new EventPublisher(kafka, namer, options.service, metrics),
          inject: [KAFKA, TopicNamer, MetricsService],
        },
        {
          provide: REDIS,
          useFactory: () =>
            redis ? new Redis(redis.url, { maxRetriesPerRequest: 3, connectionName: options.service, lazyConnect: false }) : null,
        },
        {
          provide: KafkaConsumerHost,
          useFactory: (kafka: Kafka, namer: TopicNamer, client: Redis | null, metrics: MetricsService) =>
            client && redis
              ? new KafkaConsumerHost(kafka, options.kafka, namer, client, redis.keyPrefix, options.logger, metrics)
              : null,
          inject: [KAFKA, TopicNamer, REDIS, MetricsService],
        },
        ...checks,
        {
          provide: HealthRegistry,
          useFactory: (...all: HealthCheck[]) => {
            const registry = new HealthRegistry();
            all.forEach((check) => registry.add(check));
            return registry;
          },
          inject: checkTokens as never[],
        },
        PlatformLifecycle,
      ],
      exports: [MetricsService, HealthRegistry, KAFKA, TopicNamer, EventPublisher, REDIS, KafkaConsumerHost, OPTIONS],
    };
  }
}

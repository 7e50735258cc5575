import { z } from 'zod';

const brokerList = z
  .string()
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1));

/** Settings every service shares: Kafka, HTTP, logging. */
export const baseConfigShape = {
  KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
  /** Defaults to the service name. */
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** Consumer group; defaults to the service name. Instances of one service share it. */
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  /** Prepended to every topic name, to share one cluster between environments (and isolate tests). */
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/).default(''),
  /** How many times a failing message is tried before it goes to `<topic>.dlq`. */
  KAFKA_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  KAFKA_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  /**
   * Partitions one instance handles at the same time (kafkajs `partitionsConsumedConcurrently`); order within a
   * partition (one key) is kept whatever the value. More than 1 helps a consumer whose handlers wait on I/O.
   */
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  HTTP_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
};

export const databaseConfigShape = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/pum'),
};

export const redisConfigShape = {
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379/0'),
  /** Prepended to every Redis key this deployment writes. */
  REDIS_KEY_PREFIX: z.string().default('pum:'),
};

/** The Kafka part of a service's config, in the shape the platform helpers take. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  groupId: string;
  topicPrefix: string;
  maxAttempts: number;
  retryBackoffMs: number;
  /** Partitions consumed at the same time by one instance. */
  partitionsConcurrency?: number;
}

export type BaseConfig = {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string;
  KAFKA_GROUP_ID?: string;
  KAFKA_TOPIC_PREFIX: string;
  KAFKA_MAX_ATTEMPTS: number;
  KAFKA_RETRY_BACKOFF_MS: number;
  KAFKA_PARTITIONS_CONCURRENCY?: number;
};

/**
 * The Kafka settings of a service from its validated config.
 *
 * @example kafkaSettings(config, 'gateway') // { clientId: 'gateway', groupId: 'gateway', ... }
 */
export function kafkaSettings(config: BaseConfig, service: string): KafkaSettings {
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID ?? service,
    groupId: config.KAFKA_GROUP_ID ?? service,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    maxAttempts: config.KAFKA_MAX_ATTEMPTS,
    retryBackoffMs: config.KAFKA_RETRY_BACKOFF_MS,
    partitionsConcurrency: config.KAFKA_PARTITIONS_CONCURRENCY ?? 1,
  };
}

/**
 * The Redis part of a service's config, in the shape PlatformModule takes.
 *
 * @example redisSettings(config) // { url: 'redis://127.0.0.1:6379/0', keyPrefix: 'pum:' }
 */
export function redisSettings(config: { REDIS_URL: string; REDIS_KEY_PREFIX: string }): { url: string; keyPrefix: string } {
  return { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX };
}

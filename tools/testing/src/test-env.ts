import { randomBytes } from 'node:crypto';

/** Where the test infrastructure is (started by `scripts/infra.sh up`); overridable like the services'. */
export const testInfra = {
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pum',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  rpcUrl: process.env.DEVNET_RPC_URL ?? 'http://127.0.0.1:8545',
};

/** A short unique token for topic prefixes, consumer groups, schemas and Redis prefixes. */
export function uniqueToken(label: string): string {
  return `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * Environment for one service under test, isolated from every other test: its own topic prefix,
 * consumer group, database schema and Redis key prefix; HTTP on a random port.
 */
export function isolatedServiceEnv(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: testInfra.brokers.join(','),
    KAFKA_TOPIC_PREFIX: `${token}.`,
    KAFKA_GROUP_ID: `${token}-${extra.SERVICE ?? 'svc'}`,
    KAFKA_MAX_ATTEMPTS: '3',
    KAFKA_RETRY_BACKOFF_MS: '20',
    DATABASE_URL: testInfra.databaseUrl,
    DATABASE_SCHEMA: token.toLowerCase(),
    REDIS_URL: testInfra.redisUrl,
    REDIS_KEY_PREFIX: `${token}:`,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

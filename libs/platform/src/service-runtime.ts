import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { kafkaSettings, redisSettings, type BaseConfig } from './config/base-config';
import { postgresModule, type PostgresOptions } from './database/postgres.module';
import type { JsonLogger } from './logging/json-logger';
import { PlatformModule } from './platform.module';

/** What a service says about itself; the rest comes from its validated config. */
export interface ServiceRuntimeOptions {
  service: string;
  logger: JsonLogger;
  /** Its own Postgres schema: entities whose repositories it injects, and its migrations. */
  postgres?: Pick<PostgresOptions, 'entities' | 'migrations' | 'poolSize'>;
  /** False when the service works without Redis (health `degraded`, not down, while it is away). Default true. */
  redisCritical?: boolean;
}

type RuntimeConfig = BaseConfig & Partial<{ REDIS_URL: string; REDIS_KEY_PREFIX: string; DATABASE_URL: string; DATABASE_SCHEMA: string }>;

/**
 * The runtime modules of a service from its config: the platform (Kafka, Redis when configured,
 * health, metrics) and, when it keeps tables, TypeORM on its own schema with its entities' repositories.
 *
 * @example imports: [...serviceRuntime(config, { service: 'gateway', logger, postgres: { entities, migrations } })]
 */
export function serviceRuntime(config: RuntimeConfig, options: ServiceRuntimeOptions): DynamicModule[] {
  const { service, logger, postgres } = options;
  const redis = config.REDIS_URL !== undefined && config.REDIS_KEY_PREFIX !== undefined ? redisSettings({ REDIS_URL: config.REDIS_URL, REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX }) : undefined;
  const redisOptions = redis ? { ...redis, critical: options.redisCritical ?? true } : undefined;
  const modules = [PlatformModule.forRoot({ service, logger, kafka: kafkaSettings(config, service), redis: redisOptions, postgres: postgres !== undefined })];
  if (!postgres) return modules;
  if (config.DATABASE_URL === undefined || config.DATABASE_SCHEMA === undefined) {
    throw new Error(`${service} keeps tables but its config has no DATABASE_URL / DATABASE_SCHEMA`);
  }
  modules.push(postgresModule({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, service, ...postgres }));
  const entities = Array.isArray(postgres.entities) ? postgres.entities : [];
  if (entities.length > 0) modules.push(TypeOrmModule.forFeature(entities as Parameters<typeof TypeOrmModule.forFeature>[0]));
  return modules;
}

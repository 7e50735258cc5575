import { TypeOrmModule } from '@nestjs/typeorm';
import type { DynamicModule } from '@nestjs/common';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { ensureSchema } from './ensure-schema';

export interface PostgresOptions {
  url: string;
  /** The service's own schema; created if missing, migrations table inside it. */
  schema: string;
  service: string;
  entities: NonNullable<Parameters<typeof TypeOrmModule.forRoot>[0]>['entities'];
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
  /** How long a query waits for a pooled connection (pg-pool `connectionTimeoutMillis`): a Postgres that does not answer fails fast. */
  connectTimeoutMs?: number;
}

/**
 * TypeORM on the service's own Postgres schema, migrated at start-up (never `synchronize`).
 *
 * @example postgresModule({ url, schema: 'gateway', service: 'gateway', entities: [A], migrations: [M1] })
 */
export function postgresModule(options: PostgresOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      await ensureSchema(options.url, options.schema);
      return {
        type: 'postgres' as const,
        url: options.url,
        schema: options.schema,
        entities: options.entities,
        migrations: options.migrations,
        migrationsRun: true,
        migrationsTableName: 'migrations',
        synchronize: false,
        applicationName: options.service,
        extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000 },
      };
    },
  });
}

/** The service's Postgres schema (DATABASE_SCHEMA), quoted for raw SQL: `"forecast"`. */
export function quotedSchema(db: DataSource): string {
  return `"${(db.driver.schema ?? 'public').replace(/"/g, '""')}"`;
}

/** The quoted schema a migration runs in: `"gateway"`. */
export function migrationSchema(runner: QueryRunner): string {
  return quotedSchema(runner.connection);
}

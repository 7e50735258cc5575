import { ensureSchema } from '@pum/platform';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../app.module';
import type { GatewayConfig } from '../config';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { ApiKeyEntity } from './api-key.entity';
import { UserEntity } from './user.entity';

/**
 * AccountsService on the gateway's own schema outside the Nest app (the operator command): migrated
 * first, like the gateway does at start-up, so it works before the gateway ever ran.
 *
 * @example const store = await openAccountsStore(config); await store.accounts.listUsers(); await store.close();
 */
export async function openAccountsStore(config: GatewayConfig): Promise<{ accounts: AccountsService; close(): Promise<void> }> {
  await ensureSchema(config.DATABASE_URL, config.DATABASE_SCHEMA);
  const db = new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    applicationName: 'gateway-accounts',
    extra: { max: 2 },
  });
  await db.initialize();
  try {
    await db.runMigrations();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const accounts = new AccountsService(new AccountsRepository(db.getRepository(UserEntity), db.getRepository(ApiKeyEntity)));
  return { accounts, close: () => db.destroy() };
}

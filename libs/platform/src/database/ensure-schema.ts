import { Client } from 'pg';

/**
 * Creates a Postgres schema if missing. TypeORM creates tables, not schemas, and its migrations
 * table lives in the service's schema, so this runs before the DataSource connects.
 *
 * @example await ensureSchema('postgres://postgres@127.0.0.1:5432/pum', 'gateway')
 */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

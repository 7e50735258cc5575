import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, their tiers and roles, and their API keys (hashed secrets only). */
export class CreateAccounts1765350000000 implements MigrationInterface {
  name = 'CreateAccounts1765350000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        tier text NOT NULL CHECK (tier IN ('free', 'basic', 'pro', 'enterprise')),
        role text NOT NULL CHECK (role IN ('user', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE ${schema}.api_keys (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES ${schema}.users (id) ON DELETE CASCADE,
        name text NOT NULL,
        secret_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await runner.query(`CREATE INDEX api_keys_user_idx ON ${schema}.api_keys (user_id, created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.api_keys`);
    await runner.query(`DROP TABLE ${schema}.users`);
  }
}

import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per upgrade lifecycle, and the outbox of its stage messages (each stage published once). */
export class CreateUpgradeLifecycles1763900100002 implements MigrationInterface {
  name = 'CreateUpgradeLifecycles1763900100002';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.upgrade_lifecycles (
        upgrade_id text PRIMARY KEY,
        chain_id integer NOT NULL,
        target text NOT NULL,
        subject text NOT NULL,
        stage text,
        proposal_space text,
        proposal_id text,
        timelock_address text,
        timelock_operation_id text,
        record jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX upgrade_lifecycles_subject ON ${schema}.upgrade_lifecycles (chain_id, target, subject)`);
    await runner.query(`CREATE INDEX upgrade_lifecycles_proposal ON ${schema}.upgrade_lifecycles (chain_id, proposal_space, proposal_id)`);
    await runner.query(`CREATE INDEX upgrade_lifecycles_timelock ON ${schema}.upgrade_lifecycles (chain_id, timelock_address, timelock_operation_id)`);
    await runner.query(`CREATE INDEX upgrade_lifecycles_stages ON ${schema}.upgrade_lifecycles USING gin ((record -> 'stages') jsonb_path_ops)`);
    await runner.query(`
      CREATE TABLE ${schema}.lifecycle_outbox (
        seq bigserial PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        partition_key text NOT NULL,
        payload jsonb NOT NULL,
        published_at timestamptz
      )`);
    await runner.query(`CREATE INDEX lifecycle_outbox_unpublished ON ${schema}.lifecycle_outbox (seq) WHERE published_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.lifecycle_outbox`);
    await runner.query(`DROP TABLE ${schema}.upgrade_lifecycles`);
  }
}

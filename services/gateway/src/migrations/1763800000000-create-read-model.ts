import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The upgrades and risk assessments read model. Schema comes from the DataSource (DATABASE_SCHEMA). */
export class CreateReadModel1763800000000 implements MigrationInterface {
  name = 'CreateReadModel1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.upgrades (
        id text PRIMARY KEY,
        chain_id integer NOT NULL,
        contract text NOT NULL,
        protocol_id text,
        kind text NOT NULL,
        status text NOT NULL,
        previous_implementation text,
        new_implementation text,
        new_implementation_code_size integer,
        new_implementation_code_hash text,
        details jsonb NOT NULL DEFAULT '{}',
        block_number bigint NOT NULL,
        block_hash text NOT NULL,
        transaction_hash text NOT NULL,
        log_index integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX upgrades_contract_idx ON ${schema}.upgrades (chain_id, contract)`);
    await runner.query(`CREATE INDEX upgrades_occurred_idx ON ${schema}.upgrades (occurred_at DESC, id DESC)`);
    await runner.query(`
      CREATE TABLE ${schema}.risk_assessments (
        id text PRIMARY KEY,
        upgrade_id text NOT NULL,
        chain_id integer NOT NULL,
        contract text NOT NULL,
        protocol_id text,
        score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
        level text NOT NULL,
        factors jsonb NOT NULL,
        model_version text NOT NULL,
        subject_status text NOT NULL,
        assessed_at timestamptz NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX risk_assessments_upgrade_idx ON ${schema}.risk_assessments (upgrade_id, assessed_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.risk_assessments`);
    await runner.query(`DROP TABLE ${schema}.upgrades`);
  }
}

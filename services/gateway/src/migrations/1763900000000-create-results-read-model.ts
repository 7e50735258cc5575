import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read model of the result topics: upgrade lifecycles, governance proposals, sentiment and forecasts.
 * History tables are keyed by message (or forecast) id, so a replay inserts nothing; the `*_latest`
 * style tables hold one row per entity, the newest message's.
 */
export class CreateResultsReadModel1763900000000 implements MigrationInterface {
  name = 'CreateResultsReadModel1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.lifecycles (
        upgrade_id text PRIMARY KEY,
        chain_id integer NOT NULL,
        target text NOT NULL,
        protocol_id text,
        stage text NOT NULL,
        authority text NOT NULL,
        stage_at timestamptz NOT NULL,
        execution_event_id text,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX lifecycles_stage_at_idx ON ${schema}.lifecycles (stage_at DESC, upgrade_id DESC)`);
    await runner.query(`CREATE INDEX lifecycles_protocol_idx ON ${schema}.lifecycles (protocol_id, stage)`);
    await runner.query(`CREATE INDEX lifecycles_execution_idx ON ${schema}.lifecycles (execution_event_id)`);
    await runner.query(`
      CREATE TABLE ${schema}.lifecycle_stages (
        message_id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        upgrade_id text NOT NULL,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX lifecycle_stages_upgrade_idx ON ${schema}.lifecycle_stages (upgrade_id, produced_at, seq)`);

    await runner.query(`
      CREATE TABLE ${schema}.proposals (
        proposal_key text PRIMARY KEY,
        source text NOT NULL,
        protocol_id text,
        state text NOT NULL,
        created_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX proposals_created_idx ON ${schema}.proposals (created_at DESC, proposal_key DESC)`);
    await runner.query(`CREATE INDEX proposals_protocol_idx ON ${schema}.proposals (protocol_id, state)`);
    await runner.query(`
      CREATE TABLE ${schema}.proposal_versions (
        message_id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        proposal_key text NOT NULL,
        state text NOT NULL,
        votes integer NOT NULL,
        scores_total double precision NOT NULL,
        pass_probability double precision,
        as_of timestamptz NOT NULL,
        produced_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX proposal_versions_key_idx ON ${schema}.proposal_versions (proposal_key, produced_at, seq)`);
    await runner.query(`
      CREATE TABLE ${schema}.sentiment (
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        protocol_id text,
        as_of timestamptz NOT NULL,
        items integer NOT NULL,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL,
        message_id text NOT NULL,
        PRIMARY KEY (subject_type, subject_id)
      )`);

    await runner.query(`
      CREATE TABLE ${schema}.forecasts (
        forecast_id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('volatility', 'liquidity')),
        scope text NOT NULL,
        series_key text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        protocol_id text,
        upgrade_id text,
        upgrade_stage text,
        input_to timestamptz NOT NULL,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX forecasts_upgrade_idx ON ${schema}.forecasts (upgrade_id)`);
    await runner.query(`
      CREATE TABLE ${schema}.latest_forecasts (
        series text PRIMARY KEY,
        forecast_id text NOT NULL REFERENCES ${schema}.forecasts (forecast_id),
        input_to timestamptz NOT NULL,
        produced_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX latest_forecasts_input_idx ON ${schema}.latest_forecasts (input_to DESC, forecast_id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    for (const table of ['latest_forecasts', 'forecasts', 'sentiment', 'proposal_versions', 'proposals', 'lifecycle_stages', 'lifecycles']) {
      await runner.query(`DROP TABLE ${schema}.${table}`);
    }
  }
}

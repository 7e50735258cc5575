import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the engine keeps from its input topics (latest per entity: every table is upserted, so a replay
 * changes nothing) and the versions of every subject's assessment.
 */
export class CreateRiskState1765000000000 implements MigrationInterface {
  name = 'CreateRiskState1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    // Authority facts read by enrichment, per contract: admin and owner (with code size), timelock delay, Safe signers.
    await runner.query(`
      CREATE TABLE ${schema}.contract_facts (
        chain_id integer NOT NULL,
        address text NOT NULL,
        -- runtime code size of the address itself (0: an EOA, or an implementation without code)
        code_size integer,
        admin text,
        admin_code_size integer,
        owner text,
        owner_code_size integer,
        timelock_delay_seconds bigint,
        timelock_previous_delay_seconds bigint,
        timelock_delay_changed_at timestamptz,
        safe_threshold integer,
        safe_owners integer,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (chain_id, address)
      )`);
    // AccessControl members (a timelock's proposers: who can schedule through it).
    await runner.query(`
      CREATE TABLE ${schema}.role_members (
        chain_id integer NOT NULL,
        contract text NOT NULL,
        role text NOT NULL,
        account text NOT NULL,
        granted boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (chain_id, contract, role, account)
      )`);
    // Initialiser call data of scheduled upgradeToAndCall upgrades (from proposals, timelock schedules, Safe executions).
    await runner.query(`
      CREATE TABLE ${schema}.scheduled_init_data (
        chain_id integer NOT NULL,
        target text NOT NULL,
        new_implementation text NOT NULL,
        init_data text NOT NULL,
        PRIMARY KEY (chain_id, target, new_implementation)
      )`);
    // Protocols that have their own governance (a governor or Snapshot): an upgrade by a key holder bypasses it.
    await runner.query(`CREATE TABLE ${schema}.protocols (protocol_id text PRIMARY KEY, has_governor boolean NOT NULL)`);
    // Control-plane events assessed, with the status and block they were last assessed at.
    await runner.query(`
      CREATE TABLE ${schema}.control_events (
        event_id text PRIMARY KEY,
        status text NOT NULL,
        block_hash text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    // The latest stage of every upgrade lifecycle.
    await runner.query(`
      CREATE TABLE ${schema}.lifecycles (
        upgrade_id text PRIMARY KEY,
        protocol_id text,
        proposal_key text,
        snapshot_key text,
        stage text NOT NULL,
        stage_at timestamptz NOT NULL,
        first_stage_at timestamptz NOT NULL,
        closed boolean NOT NULL,
        message_id text NOT NULL,
        payload jsonb NOT NULL
      )`);
    await runner.query(`CREATE INDEX lifecycles_protocol_idx ON ${schema}.lifecycles (protocol_id) WHERE NOT closed`);
    await runner.query(`CREATE INDEX lifecycles_proposal_idx ON ${schema}.lifecycles (proposal_key) WHERE NOT closed`);
    await runner.query(`CREATE INDEX lifecycles_snapshot_idx ON ${schema}.lifecycles (snapshot_key) WHERE NOT closed`);
    // The latest voting analysis per proposal (only the figures the governance component reads).
    await runner.query(`
      CREATE TABLE ${schema}.proposals (
        proposal_key text PRIMARY KEY,
        protocol_id text,
        created_at timestamptz NOT NULL,
        as_of timestamptz NOT NULL,
        analysis jsonb
      )`);
    await runner.query(`
      CREATE TABLE ${schema}.sentiment (
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        score double precision NOT NULL,
        items integer NOT NULL,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (subject_type, subject_id)
      )`);
    // The latest forecast per protocol and kind: the series forecast (upgrade_id '') and each upgrade's window.
    await runner.query(`
      CREATE TABLE ${schema}.forecasts (
        protocol_id text NOT NULL,
        kind text NOT NULL,
        upgrade_id text NOT NULL,
        forecast_id text NOT NULL,
        input_to timestamptz NOT NULL,
        summary jsonb NOT NULL,
        PRIMARY KEY (protocol_id, kind, upgrade_id)
      )`);
    // Protocol-level ticks (price, TVL, volume) within the market window, pruned as newer ones arrive.
    await runner.query(`
      CREATE TABLE ${schema}.market_points (
        protocol_id text NOT NULL,
        metric text NOT NULL,
        source text NOT NULL,
        observed_at timestamptz NOT NULL,
        value double precision NOT NULL,
        PRIMARY KEY (protocol_id, metric, source, observed_at)
      )`);
    // Every version of every subject's assessment; `published` is set once it is on Kafka.
    await runner.query(`
      CREATE TABLE ${schema}.assessments (
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        version integer NOT NULL,
        inputs_hash text NOT NULL,
        assessment_id text NOT NULL UNIQUE,
        protocol_id text,
        payload jsonb NOT NULL,
        published boolean NOT NULL DEFAULT false,
        PRIMARY KEY (subject_type, subject_id, version)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    for (const table of ['assessments', 'market_points', 'forecasts', 'sentiment', 'proposals', 'lifecycles', 'control_events', 'protocols', 'role_members', 'scheduled_init_data', 'contract_facts']) {
      await runner.query(`DROP TABLE ${schema}.${table}`);
    }
  }
}

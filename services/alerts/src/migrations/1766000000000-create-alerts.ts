import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules (from alerts.rules.v1), what is known of each subject, the alerts fired (the primary key on
 * the deterministic alert id is the arbiter between replicas and replays), digests, and the delivery
 * outbox with every attempt.
 */
export class CreateAlerts1766000000000 implements MigrationInterface {
  name = 'CreateAlerts1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.rules (
        rule_id text PRIMARY KEY,
        owner_id text NOT NULL,
        rule jsonb,
        enabled boolean NOT NULL,
        deleted boolean NOT NULL,
        subject_types text[] NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX rules_live_idx ON ${schema}.rules USING gin (subject_types) WHERE enabled AND NOT deleted`);
    await runner.query(`
      CREATE TABLE ${schema}.subjects (
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        facts jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_type, subject_id)
      )`);
    await runner.query(`
      CREATE TABLE ${schema}.alerts (
        alert_id text PRIMARY KEY,
        rule_id text NOT NULL,
        owner_id text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        state text NOT NULL,
        payload jsonb NOT NULL,
        decision text NOT NULL CHECK (decision IN ('sent', 'throttled', 'quiet')),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        withdrawn_at timestamptz,
        withdrawal jsonb,
        withdrawal_published_at timestamptz,
        digest_id text
      )`);
    await runner.query(`CREATE INDEX alerts_rule_recent_idx ON ${schema}.alerts (rule_id, recorded_at) WHERE decision = 'sent'`);
    await runner.query(`CREATE INDEX alerts_unpublished_idx ON ${schema}.alerts (recorded_at) WHERE decision = 'sent' AND published_at IS NULL`);
    await runner.query(`CREATE INDEX alerts_subject_idx ON ${schema}.alerts (subject_type, subject_id)`);
    await runner.query(`CREATE INDEX alerts_digest_due_idx ON ${schema}.alerts (rule_id, recorded_at) WHERE decision = 'throttled' AND digest_id IS NULL AND withdrawn_at IS NULL`);
    await runner.query(`
      CREATE TABLE ${schema}.digests (
        digest_id text PRIMARY KEY,
        rule_id text NOT NULL,
        payload jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE ${schema}.deliveries (
        delivery_id text PRIMARY KEY,
        alert_id text NOT NULL,
        alert_kind text NOT NULL,
        rule_id text NOT NULL,
        owner_id text NOT NULL,
        channel_index integer NOT NULL,
        channel jsonb NOT NULL,
        alert jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'refused')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await runner.query(`CREATE INDEX deliveries_due_idx ON ${schema}.deliveries (next_attempt_at) WHERE status = 'pending'`);
    await runner.query(`CREATE INDEX deliveries_alert_idx ON ${schema}.deliveries (alert_id)`);
    await runner.query(`
      CREATE TABLE ${schema}.delivery_attempts (
        delivery_id text NOT NULL REFERENCES ${schema}.deliveries (delivery_id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        payload jsonb NOT NULL,
        published boolean NOT NULL DEFAULT false,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await runner.query(`CREATE INDEX delivery_attempts_unpublished_idx ON ${schema}.delivery_attempts (delivery_id) WHERE NOT published`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    for (const table of ['delivery_attempts', 'deliveries', 'digests', 'alerts', 'subjects', 'rules']) await runner.query(`DROP TABLE ${schema}.${table}`);
  }
}

import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users' alert rules (the gateway owns them and publishes each version on alerts.rules.v1; a deleted rule stays as a
 * row until its deletion is published, and after, so its id is never reused), and the read models of what the alerts
 * service sent: alert history (alerts.v1, one row per message: a withdrawal sits next to its alert) and every
 * delivery attempt (alerts.deliveries.v1).
 */
export class CreateAlerts1765500000000 implements MigrationInterface {
  name = 'CreateAlerts1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.alert_rules (
        rule_id text PRIMARY KEY,
        owner_id text NOT NULL,
        rule jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz,
        published_at timestamptz,
        CHECK (published_at IS NULL OR published_at <= updated_at)
      )`);
    await runner.query(`CREATE INDEX alert_rules_owner_idx ON ${schema}.alert_rules (owner_id, created_at) WHERE deleted_at IS NULL`);
    // What the re-publisher looks for: rules whose latest version is not on the topic yet.
    await runner.query(`CREATE INDEX alert_rules_unpublished_idx ON ${schema}.alert_rules (updated_at) WHERE published_at IS DISTINCT FROM updated_at`);
    await runner.query(`
      CREATE TABLE ${schema}.alert_history (
        message_id text PRIMARY KEY,
        alert_id text NOT NULL,
        kind text NOT NULL,
        owner_id text NOT NULL,
        rule_id text NOT NULL,
        protocol_id text,
        fired_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX alert_history_owner_idx ON ${schema}.alert_history (owner_id, fired_at DESC, message_id DESC)`);
    await runner.query(`CREATE INDEX alert_history_alert_idx ON ${schema}.alert_history (alert_id)`);
    await runner.query(`
      CREATE TABLE ${schema}.alert_deliveries (
        message_id text PRIMARY KEY,
        delivery_id text NOT NULL,
        alert_id text NOT NULL,
        owner_id text NOT NULL,
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL,
        payload jsonb NOT NULL
      )`);
    await runner.query(`CREATE INDEX alert_deliveries_alert_idx ON ${schema}.alert_deliveries (alert_id, owner_id, attempted_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.alert_deliveries`);
    await runner.query(`DROP TABLE ${schema}.alert_history`);
    await runner.query(`DROP TABLE ${schema}.alert_rules`);
  }
}

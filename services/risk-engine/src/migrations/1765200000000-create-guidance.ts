import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Execution guidance (guidance.v1): the guidance issued with each assessment version, stored before it is
 * published, so a replay or a restart publishes the stored payload again instead of computing another one from
 * pool state read later; and the hedge asset's prices, which are not a protocol's.
 */
export class CreateGuidance1765200000000 implements MigrationInterface {
  name = 'CreateGuidance1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    // One row per assessment version of a lifecycle (guidance_id = `<upgradeId>:g<version>`); `published` once on Kafka.
    await runner.query(`
      CREATE TABLE ${schema}.guidance (
        guidance_id text PRIMARY KEY,
        upgrade_id text NOT NULL,
        assessment_version integer NOT NULL,
        payload jsonb NOT NULL,
        published boolean NOT NULL DEFAULT false,
        issued_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (upgrade_id, assessment_version)
      )`);
    // Price ticks of the configured hedge asset (RISK_HEDGE_ASSET), pruned like market_points.
    await runner.query(`
      CREATE TABLE ${schema}.reference_prices (
        subject_id text NOT NULL,
        source text NOT NULL,
        observed_at timestamptz NOT NULL,
        value double precision NOT NULL,
        PRIMARY KEY (subject_id, source, observed_at)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.reference_prices`);
    await runner.query(`DROP TABLE ${schema}.guidance`);
  }
}

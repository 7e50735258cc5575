import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable ETA timers: when an upgrade's ETA enters a rule's `etaWithinHours` window. A timer is taken (deleted) in the
 * transaction that evaluates its upgrade, so it fires once across replicas and survives a restart.
 */
export class EtaTimers1766300000001 implements MigrationInterface {
  name = 'EtaTimers1766300000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.eta_timers (
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_type, subject_id, due_at)
      )`);
    await runner.query(`CREATE INDEX eta_timers_due_idx ON ${schema}.eta_timers (due_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${migrationSchema(runner)}.eta_timers`);
  }
}

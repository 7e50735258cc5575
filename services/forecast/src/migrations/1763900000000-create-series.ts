import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored market series (one row per tick, upserted by tick id) and the upgrade windows to forecast. */
export class CreateSeries1763900000000 implements MigrationInterface {
  name = 'CreateSeries1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.series (
        series_key text PRIMARY KEY,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        metric text NOT NULL,
        source text NOT NULL,
        protocol_id text,
        chain_id integer,
        data_version bigint NOT NULL DEFAULT 0,
        fitted_version bigint NOT NULL DEFAULT 0,
        last_fit_at timestamptz
      )`);
    await runner.query(`CREATE INDEX series_protocol_idx ON ${schema}.series (protocol_id)`);
    await runner.query(`CREATE INDEX series_subject_idx ON ${schema}.series (subject_type, subject_id)`);
    await runner.query(`
      CREATE TABLE ${schema}.series_points (
        tick_id text PRIMARY KEY,
        series_key text NOT NULL REFERENCES ${schema}.series (series_key) ON DELETE CASCADE,
        observed_at timestamptz NOT NULL,
        value double precision NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX series_points_series_idx ON ${schema}.series_points (series_key, observed_at DESC)`);
    await runner.query(`
      CREATE TABLE ${schema}.upgrade_windows (
        upgrade_id text NOT NULL,
        stage text NOT NULL,
        protocol_id text NOT NULL,
        eta timestamptz NOT NULL,
        message_id text NOT NULL,
        PRIMARY KEY (upgrade_id, stage)
      )`);
    await runner.query(`CREATE INDEX upgrade_windows_protocol_idx ON ${schema}.upgrade_windows (protocol_id, eta)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.upgrade_windows`);
    await runner.query(`DROP TABLE ${schema}.series_points`);
    await runner.query(`DROP TABLE ${schema}.series`);
  }
}

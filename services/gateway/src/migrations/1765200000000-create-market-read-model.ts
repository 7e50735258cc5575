import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Market figures from `market.ticks.v1`: every tick of the retention window (`market_ticks`, for the series of
 * `/protocols/{id}/metrics` and the 24 h change) and each series' latest value (`market_latest`, for `/realtime/*`).
 */
export class CreateMarketReadModel1765200000000 implements MigrationInterface {
  name = 'CreateMarketReadModel1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.market_ticks (
        tick_id text PRIMARY KEY,
        series_id text NOT NULL,
        metric text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        source text NOT NULL,
        protocol_id text,
        chain_id integer,
        window_seconds integer,
        value double precision NOT NULL,
        observed_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX market_ticks_series_idx ON ${schema}.market_ticks (series_id, observed_at DESC)`);
    await runner.query(`CREATE INDEX market_ticks_protocol_idx ON ${schema}.market_ticks (protocol_id, metric, observed_at)`);
    await runner.query(`CREATE INDEX market_ticks_observed_idx ON ${schema}.market_ticks (observed_at)`);
    await runner.query(`
      CREATE TABLE ${schema}.market_latest (
        series_id text PRIMARY KEY,
        metric text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        source text NOT NULL,
        protocol_id text,
        chain_id integer,
        window_seconds integer,
        value double precision NOT NULL,
        observed_at timestamptz NOT NULL,
        tick_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX market_latest_metric_idx ON ${schema}.market_latest (metric, series_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.market_latest`);
    await runner.query(`DROP TABLE ${schema}.market_ticks`);
  }
}

import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAnalytics1767000000000 implements MigrationInterface {
  name = 'CreateAnalytics1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    // One row per swap per branch: the same transaction re-mined after a reorg is another block hash.
    await runner.query(`
      CREATE TABLE ${schema}.swaps (
        swap_id text NOT NULL,
        block_hash text NOT NULL,
        chain_id integer NOT NULL,
        block_number bigint NOT NULL,
        retracted boolean NOT NULL,
        swap jsonb NOT NULL,
        PRIMARY KEY (swap_id, block_hash)
      )`);
    await runner.query(`CREATE INDEX swaps_block ON ${schema}.swaps (chain_id, block_hash)`);
    // What was last published per detection id, so a re-run of a block publishes only what changed.
    await runner.query(`
      CREATE TABLE ${schema}.mev_detections (
        detection_id text PRIMARY KEY,
        chain_id integer NOT NULL,
        block_hash text NOT NULL,
        status text NOT NULL,
        detection jsonb NOT NULL
      )`);
    await runner.query(`CREATE INDEX mev_detections_block ON ${schema}.mev_detections (chain_id, block_hash)`);
    await runner.query(`
      CREATE TABLE ${schema}.token_prices (
        chain_id integer NOT NULL,
        token text NOT NULL,
        price_usd double precision NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (chain_id, token)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.token_prices`);
    await runner.query(`DROP TABLE ${schema}.mev_detections`);
    await runner.query(`DROP TABLE ${schema}.swaps`);
  }
}

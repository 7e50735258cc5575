import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMarketState1763900000001 implements MigrationInterface {
  name = 'CreateMarketState1763900000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    // The newest timestamp published per series (`source:subjectType:subjectId:metric[@chainId]`).
    await runner.query(`
      CREATE TABLE ${schema}.series_cursors (
        series_key text PRIMARY KEY,
        last_timestamp timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Subjects whose history has been backfilled, per source.
    await runner.query(`
      CREATE TABLE ${schema}.backfills (
        source text NOT NULL,
        subject_key text NOT NULL,
        ticks integer NOT NULL,
        completed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, subject_key)
      )`);
    // Last block read per pool or feed.
    await runner.query(`
      CREATE TABLE ${schema}.contract_cursors (
        chain_id integer NOT NULL,
        address text NOT NULL,
        block_number bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, address)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.contract_cursors`);
    await runner.query(`DROP TABLE ${schema}.backfills`);
    await runner.query(`DROP TABLE ${schema}.series_cursors`);
  }
}

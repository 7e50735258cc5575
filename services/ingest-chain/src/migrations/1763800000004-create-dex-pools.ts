import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tokens of each DEX pool (read once), and the sender of each swap's transaction (for its retraction). */
export class CreateDexPools1763800000004 implements MigrationInterface {
  name = 'CreateDexPools1763800000004';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.dex_pools (
        chain_id integer NOT NULL,
        pool text NOT NULL,
        token0 text NOT NULL,
        token1 text NOT NULL,
        decimals0 smallint,
        decimals1 smallint,
        PRIMARY KEY (chain_id, pool)
      )`);
    await runner.query(`
      CREATE TABLE ${schema}.swap_transactions (
        chain_id integer NOT NULL,
        tx_hash text NOT NULL,
        tx_from text NOT NULL,
        block_number bigint NOT NULL,
        PRIMARY KEY (chain_id, tx_hash)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.swap_transactions`);
    await runner.query(`DROP TABLE ${schema}.dex_pools`);
  }
}

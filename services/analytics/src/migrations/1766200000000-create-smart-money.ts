import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Smart-money state (docs/analytics.md): every confirmed swap applied to its wallet once (the row is the proof, written
 * in the transaction that changes the wallet), the wallets' book state, the buys waiting on their lead window, which
 * wallets were active in which token or protocol, and the rankings due for publishing.
 */
export class CreateSmartMoney1766200000000 implements MigrationInterface {
  name = 'CreateSmartMoney1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    // One row per confirmed swap per branch; `priced` is what was applied (prices of that moment), for a rebuild.
    await runner.query(`
      CREATE TABLE ${schema}.sm_swaps (
        swap_id text NOT NULL,
        block_hash text NOT NULL,
        chain_id integer NOT NULL,
        wallet text NOT NULL,
        block_number bigint NOT NULL,
        transaction_index integer NOT NULL,
        log_index integer NOT NULL,
        at timestamptz NOT NULL,
        token_in text NOT NULL,
        token_out text NOT NULL,
        protocol_id text,
        retracted boolean NOT NULL DEFAULT false,
        priced jsonb NOT NULL,
        swap jsonb NOT NULL,
        PRIMARY KEY (swap_id, block_hash)
      )`);
    await runner.query(`CREATE INDEX sm_swaps_wallet ON ${schema}.sm_swaps (chain_id, wallet, block_number DESC, transaction_index DESC, log_index DESC)`);
    await runner.query(`
      CREATE TABLE ${schema}.sm_wallets (
        chain_id integer NOT NULL,
        wallet text NOT NULL,
        state jsonb NOT NULL,
        PRIMARY KEY (chain_id, wallet)
      )`);
    // A buy's lead window: outcome null while open, then 'ahead' or 'missed'.
    await runner.query(`
      CREATE TABLE ${schema}.sm_buys (
        swap_id text NOT NULL,
        block_hash text NOT NULL,
        chain_id integer NOT NULL,
        wallet text NOT NULL,
        token text NOT NULL,
        buy jsonb NOT NULL,
        outcome text,
        PRIMARY KEY (swap_id, block_hash)
      )`);
    await runner.query(`CREATE INDEX sm_buys_open ON ${schema}.sm_buys (chain_id, token) WHERE outcome IS NULL`);
    await runner.query(`
      CREATE TABLE ${schema}.sm_scope_wallets (
        chain_id integer NOT NULL,
        scope text NOT NULL,
        subject text NOT NULL,
        wallet text NOT NULL,
        last_at timestamptz NOT NULL,
        PRIMARY KEY (chain_id, scope, subject, wallet)
      )`);
    await runner.query(`CREATE INDEX sm_scope_wallets_recent ON ${schema}.sm_scope_wallets (chain_id, scope, subject, last_at DESC)`);
    // Rankings to publish: the publisher removes a row only if its version is still the one it ranked.
    await runner.query(`
      CREATE TABLE ${schema}.sm_due_rankings (
        chain_id integer NOT NULL,
        scope text NOT NULL,
        subject text NOT NULL,
        version bigint NOT NULL,
        PRIMARY KEY (chain_id, scope, subject)
      )`);
    // The block each ranking is as of (its scope's latest confirmed swap).
    await runner.query(`
      CREATE TABLE ${schema}.sm_scope_heads (
        chain_id integer NOT NULL,
        scope text NOT NULL,
        subject text NOT NULL,
        block_number bigint NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (chain_id, scope, subject)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    for (const table of ['sm_scope_heads', 'sm_due_rankings', 'sm_scope_wallets', 'sm_buys', 'sm_wallets', 'sm_swaps']) await runner.query(`DROP TABLE ${schema}.${table}`);
  }
}

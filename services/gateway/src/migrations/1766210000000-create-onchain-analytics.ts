import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the DEX analytics (docs/analytics.md): MEV detections (`analytics.mev.v1`, a withdrawal keeps its row
 * as withdrawn so a late copy of the detection cannot bring it back) and smart-money rankings
 * (`analytics.smart-money.v1`, the latest per ranking id), with one row per wallet of each ranking for the profiles.
 */
export class CreateOnchainAnalytics1766210000000 implements MigrationInterface {
  name = 'CreateOnchainAnalytics1766210000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.mev_detections (
        detection_id text PRIMARY KEY,
        chain_id integer NOT NULL,
        block_number bigint NOT NULL,
        type text NOT NULL,
        attacker text NOT NULL,
        pools text[] NOT NULL,
        status text NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX mev_detections_list ON ${schema}.mev_detections (occurred_at DESC, detection_id DESC) WHERE status = 'detected'`);
    await runner.query(`CREATE INDEX mev_detections_attacker ON ${schema}.mev_detections (attacker) WHERE status = 'detected'`);
    await runner.query(`
      CREATE TABLE ${schema}.smart_money_rankings (
        ranking_id text PRIMARY KEY,
        chain_id integer NOT NULL,
        scope text NOT NULL,
        subject text NOT NULL,
        as_of_block bigint NOT NULL,
        as_of timestamptz NOT NULL,
        produced_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX smart_money_rankings_subject ON ${schema}.smart_money_rankings (scope, subject)`);
    await runner.query(`
      CREATE TABLE ${schema}.smart_money_wallets (
        ranking_id text NOT NULL REFERENCES ${schema}.smart_money_rankings (ranking_id) ON DELETE CASCADE,
        address text NOT NULL,
        chain_id integer NOT NULL,
        scope text NOT NULL,
        subject text NOT NULL,
        rank integer,
        label text NOT NULL,
        as_of timestamptz NOT NULL,
        wallet jsonb NOT NULL,
        PRIMARY KEY (ranking_id, address)
      )`);
    await runner.query(`CREATE INDEX smart_money_wallets_address ON ${schema}.smart_money_wallets (address, as_of DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.smart_money_wallets`);
    await runner.query(`DROP TABLE ${schema}.smart_money_rankings`);
    await runner.query(`DROP TABLE ${schema}.mev_detections`);
  }
}

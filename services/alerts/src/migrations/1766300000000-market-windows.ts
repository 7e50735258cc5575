import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alertRule } from '@pum/contracts';
import { subjectTypesOf } from '../evaluation/evaluate-rule';

/**
 * The price and TVL points of each market series (the windows of `price_move` / `tvl_change`, so a restart keeps
 * them), and the rules' subject types computed again: `ingestion_lag` rules now fire on networks.
 */
export class MarketWindows1766300000000 implements MigrationInterface {
  name = 'MarketWindows1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.market_points (
        series_id text NOT NULL,
        at timestamptz NOT NULL,
        value double precision NOT NULL,
        PRIMARY KEY (series_id, at)
      )`);
    const rules = (await runner.query(`SELECT rule_id, rule FROM ${schema}.rules WHERE rule IS NOT NULL`)) as { rule_id: string; rule: unknown }[];
    for (const row of rules) {
      const rule = alertRule.safeParse(row.rule);
      if (rule.success) await runner.query(`UPDATE ${schema}.rules SET subject_types = $2 WHERE rule_id = $1`, [row.rule_id, subjectTypesOf(rule.data)]);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${migrationSchema(runner)}.market_points`);
  }
}

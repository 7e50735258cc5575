import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each assessed contract was deployed (its first block with code, found by a binary search over eth_getCode at
 * historical blocks), so its age at an action is read from the chain once per contract.
 */
export class CreateContractDeployments1765300000000 implements MigrationInterface {
  name = 'CreateContractDeployments1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.contract_deployments (
        chain_id integer NOT NULL,
        contract text NOT NULL,
        block_number bigint NOT NULL,
        block_hash text NOT NULL,
        deployed_at timestamptz NOT NULL,
        found_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain_id, contract)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.contract_deployments`);
  }
}

import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The network status read model (`system.networks.v1`: the latest status per chain), and the index the active
 * upgrades list reads open lifecycles by.
 */
export class CreateNetworkStatus1765400000000 implements MigrationInterface {
  name = 'CreateNetworkStatus1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.network_status (
        chain_id integer PRIMARY KEY,
        network text NOT NULL,
        status text NOT NULL,
        polled_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX lifecycles_stage_idx ON ${schema}.lifecycles (stage)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP INDEX ${schema}.lifecycles_stage_idx`);
    await runner.query(`DROP TABLE ${schema}.network_status`);
  }
}

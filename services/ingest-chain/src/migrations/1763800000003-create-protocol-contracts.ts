import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProtocolContracts1763800000003 implements MigrationInterface {
  name = 'CreateProtocolContracts1763800000003';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.protocol_contracts (
        chain_id integer NOT NULL,
        address text NOT NULL,
        protocol_id text NOT NULL,
        role text NOT NULL,
        PRIMARY KEY (chain_id, address)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${migrationSchema(runner)}.protocol_contracts`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProtocolContracts1763800000003 implements MigrationInterface {
  name = 'CreateProtocolContracts1763800000003';

  async up(runner: QueryRunner): Promise<void> {
    const schema = quote(runner.connection.driver.schema ?? 'public');
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
    await runner.query(`DROP TABLE ${quote(runner.connection.driver.schema ?? 'public')}.protocol_contracts`);
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

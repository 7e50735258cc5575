import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCheckpoints1763800000001 implements MigrationInterface {
  name = 'CreateCheckpoints1763800000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.checkpoints (
        chain_id integer PRIMARY KEY,
        block_number bigint NOT NULL,
        block_hash text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${migrationSchema(runner)}.checkpoints`);
  }
}

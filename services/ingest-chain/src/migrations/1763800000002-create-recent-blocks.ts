import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRecentBlocks1763800000002 implements MigrationInterface {
  name = 'CreateRecentBlocks1763800000002';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.recent_blocks (
        chain_id integer NOT NULL,
        block_number bigint NOT NULL,
        block_hash text NOT NULL,
        parent_hash text NOT NULL,
        confirmed boolean NOT NULL,
        logs jsonb NOT NULL,
        PRIMARY KEY (chain_id, block_number)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${migrationSchema(runner)}.recent_blocks`);
  }
}

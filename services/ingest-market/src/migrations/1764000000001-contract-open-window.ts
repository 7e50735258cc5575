import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pool's volume window still open at its block cursor (start and running USD sum), so the cursor
 * can move past the window's swaps instead of rescanning them until the window closes.
 */
export class ContractOpenWindow1764000000001 implements MigrationInterface {
  name = 'ContractOpenWindow1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${schema}.contract_cursors ADD COLUMN open_window_start bigint, ADD COLUMN open_window_volume double precision`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${schema}.contract_cursors DROP COLUMN open_window_start, DROP COLUMN open_window_volume`);
  }
}

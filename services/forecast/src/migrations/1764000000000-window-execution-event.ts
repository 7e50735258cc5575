import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The on-chain execution event a lifecycle window covers, so the protocol event of that execution
 * (its `confirmed` copy usually arrives after the lifecycle's `executed`) does not add a second window.
 */
export class WindowExecutionEvent1764000000000 implements MigrationInterface {
  name = 'WindowExecutionEvent1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${schema}.upgrade_windows ADD COLUMN execution_event_id text`);
    await runner.query(`CREATE INDEX upgrade_windows_execution_event_idx ON ${schema}.upgrade_windows (execution_event_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP INDEX ${schema}.upgrade_windows_execution_event_idx`);
    await runner.query(`ALTER TABLE ${schema}.upgrade_windows DROP COLUMN execution_event_id`);
  }
}

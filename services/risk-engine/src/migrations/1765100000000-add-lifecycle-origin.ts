import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each lifecycle began on chain — the evidence of its earliest stage (a proposal's creation, a
 * timelock schedule) — so the code its proposal named can be compared with the code at execution; and
 * an index to find earlier lifecycles of the same new implementation (`implementation_never_seen`).
 */
export class AddLifecycleOrigin1765100000000 implements MigrationInterface {
  name = 'AddLifecycleOrigin1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${schema}.lifecycles ADD COLUMN origin_evidence text, ADD COLUMN origin_at timestamptz`);
    await runner.query(`CREATE INDEX lifecycles_new_implementation_idx ON ${schema}.lifecycles ((payload->>'newImplementation'), first_stage_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP INDEX ${schema}.lifecycles_new_implementation_idx`);
    await runner.query(`ALTER TABLE ${schema}.lifecycles DROP COLUMN origin_evidence, DROP COLUMN origin_at`);
  }
}

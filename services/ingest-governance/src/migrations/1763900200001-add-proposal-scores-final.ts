import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a proposal's scores are final: the Snapshot hub recomputes scores after a vote closes
 * (`scores_state` "pending" → "final"), so closed proposals are refreshed until it says "final".
 * Rows stored before this column are taken as final (they were not tracked).
 */
export class AddProposalScoresFinal1763900200001 implements MigrationInterface {
  name = 'AddProposalScoresFinal1763900200001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`ALTER TABLE ${schema}.proposals ADD COLUMN scores_final boolean NOT NULL DEFAULT true`);
    await runner.query(`CREATE INDEX proposals_scores_pending ON ${schema}.proposals (source, space) WHERE NOT scores_final`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP INDEX ${schema}.proposals_scores_pending`);
    await runner.query(`ALTER TABLE ${schema}.proposals DROP COLUMN scores_final`);
  }
}

import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every version of the risk engine's assessments of lifecycles and control-plane events (subject types
 * other than the per-event `upgrade`): kept, not replaced, so a subject's history can be served.
 */
export class CreateSubjectAssessments1765100000000 implements MigrationInterface {
  name = 'CreateSubjectAssessments1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.subject_assessments (
        assessment_id text PRIMARY KEY,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        version integer NOT NULL,
        score integer NOT NULL,
        level text NOT NULL,
        stage text,
        assessed_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX subject_assessments_subject_idx ON ${schema}.subject_assessments (subject_type, subject_id, version DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${migrationSchema(runner)}.subject_assessments`);
  }
}

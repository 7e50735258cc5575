import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each subject's current assessment, kept by the database as versions are stored, so the summary reads
 * (`/dashboard/summary`, `/alerts/high-risk`) read one row per subject instead of picking the latest of every version
 * on each request (with a million assessments that took seconds). Triggers on both assessment tables keep it in the
 * same transaction as the write: the latest is the highest (version, assessed_at, id) — per-event upgrade
 * assessments count as version 0, so for them it is the newest (assessed_at, id), as the reads ordered before.
 */
export class CreateCurrentAssessments1765600000000 implements MigrationInterface {
  name = 'CreateCurrentAssessments1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.current_assessments (
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        assessment_id text NOT NULL,
        version integer NOT NULL,
        chain_id integer NOT NULL,
        contract text NOT NULL,
        protocol_id text,
        score integer NOT NULL,
        level text NOT NULL,
        subject_status text NOT NULL,
        stage text,
        eta text,
        model_version text NOT NULL,
        assessed_at timestamptz NOT NULL,
        PRIMARY KEY (subject_type, subject_id)
      )`);
    await runner.query(`CREATE INDEX current_assessments_level_idx ON ${schema}.current_assessments (level, assessed_at DESC, assessment_id DESC)`);
    await runner.query(`CREATE INDEX current_assessments_protocol_idx ON ${schema}.current_assessments (protocol_id)`);
    const upsert = `
        ON CONFLICT (subject_type, subject_id) DO UPDATE SET
          assessment_id = EXCLUDED.assessment_id, version = EXCLUDED.version, chain_id = EXCLUDED.chain_id, contract = EXCLUDED.contract,
          protocol_id = EXCLUDED.protocol_id, score = EXCLUDED.score, level = EXCLUDED.level, subject_status = EXCLUDED.subject_status,
          stage = EXCLUDED.stage, eta = EXCLUDED.eta, model_version = EXCLUDED.model_version, assessed_at = EXCLUDED.assessed_at
        WHERE (current_assessments.version, current_assessments.assessed_at, current_assessments.assessment_id)
           <= (EXCLUDED.version, EXCLUDED.assessed_at, EXCLUDED.assessment_id)`;
    await runner.query(`
      CREATE FUNCTION ${schema}.current_from_subject() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${schema}.current_assessments
          VALUES (NEW.subject_type, NEW.subject_id, NEW.assessment_id, NEW.version, (NEW.payload->>'chainId')::int, NEW.payload->>'contract',
                  NEW.protocol_id, NEW.score, NEW.level, NEW.payload->>'subjectStatus', NEW.stage, NEW.payload->>'eta', NEW.payload->>'modelVersion', NEW.assessed_at)
        ${upsert};
        RETURN NEW;
      END $$`);
    await runner.query(`
      CREATE FUNCTION ${schema}.current_from_upgrade() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${schema}.current_assessments
          VALUES ('upgrade', NEW.upgrade_id, NEW.id, 0, NEW.chain_id, NEW.contract, NEW.protocol_id, NEW.score, NEW.level, NEW.subject_status,
                  NULL, NULL, NEW.model_version, NEW.assessed_at)
        ${upsert};
        RETURN NEW;
      END $$`);
    await runner.query(`CREATE TRIGGER current_from_subject AFTER INSERT OR UPDATE ON ${schema}.subject_assessments FOR EACH ROW EXECUTE FUNCTION ${schema}.current_from_subject()`);
    await runner.query(`CREATE TRIGGER current_from_upgrade AFTER INSERT OR UPDATE ON ${schema}.risk_assessments FOR EACH ROW EXECUTE FUNCTION ${schema}.current_from_upgrade()`);
    // What was stored before: the same latest rows the reads picked.
    await runner.query(`
      INSERT INTO ${schema}.current_assessments
      SELECT DISTINCT ON (subject_type, subject_id) subject_type, subject_id, assessment_id, version, (payload->>'chainId')::int, payload->>'contract',
             protocol_id, score, level, payload->>'subjectStatus', stage, payload->>'eta', payload->>'modelVersion', assessed_at
        FROM ${schema}.subject_assessments
       ORDER BY subject_type, subject_id, version DESC, assessed_at DESC, assessment_id DESC`);
    await runner.query(`
      INSERT INTO ${schema}.current_assessments
      SELECT DISTINCT ON (upgrade_id) 'upgrade', upgrade_id, id, 0, chain_id, contract, protocol_id, score, level, subject_status, NULL, NULL, model_version, assessed_at
        FROM ${schema}.risk_assessments
       ORDER BY upgrade_id, assessed_at DESC, id DESC`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TRIGGER current_from_upgrade ON ${schema}.risk_assessments`);
    await runner.query(`DROP TRIGGER current_from_subject ON ${schema}.subject_assessments`);
    await runner.query(`DROP FUNCTION ${schema}.current_from_upgrade()`);
    await runner.query(`DROP FUNCTION ${schema}.current_from_subject()`);
    await runner.query(`DROP TABLE ${schema}.current_assessments`);
  }
}

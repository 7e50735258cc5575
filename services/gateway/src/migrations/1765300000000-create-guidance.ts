import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The guidance read model (`guidance.v1`, one row per assessment version of a lifecycle), and what the
 * per-protocol risk analytics reads by protocol: the protocol of each versioned assessment (backfilled from
 * its payload) and an index of the per-event assessments by protocol.
 */
export class CreateGuidance1765300000000 implements MigrationInterface {
  name = 'CreateGuidance1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.guidance (
        guidance_id text PRIMARY KEY,
        upgrade_id text NOT NULL,
        assessment_id text NOT NULL,
        assessment_version integer NOT NULL,
        protocol_id text NOT NULL,
        stance text NOT NULL,
        severity integer NOT NULL,
        as_of timestamptz NOT NULL,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX guidance_upgrade_idx ON ${schema}.guidance (upgrade_id, assessment_version DESC)`);
    await runner.query(`ALTER TABLE ${schema}.subject_assessments ADD COLUMN protocol_id text`);
    await runner.query(`UPDATE ${schema}.subject_assessments SET protocol_id = payload->>'protocolId'`);
    await runner.query(`CREATE INDEX subject_assessments_protocol_idx ON ${schema}.subject_assessments (protocol_id, subject_type, assessed_at DESC)`);
    await runner.query(`CREATE INDEX risk_assessments_protocol_idx ON ${schema}.risk_assessments (protocol_id, assessed_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP INDEX ${schema}.risk_assessments_protocol_idx`);
    await runner.query(`DROP INDEX ${schema}.subject_assessments_protocol_idx`);
    await runner.query(`ALTER TABLE ${schema}.subject_assessments DROP COLUMN protocol_id`);
    await runner.query(`DROP TABLE ${schema}.guidance`);
  }
}

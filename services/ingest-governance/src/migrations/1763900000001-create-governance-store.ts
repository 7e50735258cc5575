import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Source cursors, the proposals seen (any source) and their votes: what the service needs to resume
 * without re-publishing and to analyse a proposal from all its votes.
 */
export class CreateGovernanceStore1763900000001 implements MigrationInterface {
  name = 'CreateGovernanceStore1763900000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.source_cursors (
        source text NOT NULL,
        scope text NOT NULL,
        cursor text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (source, scope)
      )`);
    await runner.query(`
      CREATE TABLE ${schema}.proposals (
        proposal_key text PRIMARY KEY,
        source text NOT NULL,
        space text NOT NULL,
        external_id text NOT NULL,
        protocol_id text,
        state text NOT NULL,
        end_at timestamptz NOT NULL,
        proposal jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX proposals_open ON ${schema}.proposals (source, state)`);
    await runner.query(`
      CREATE TABLE ${schema}.votes (
        proposal_key text NOT NULL,
        vote_id text NOT NULL,
        voter text NOT NULL,
        voting_power double precision NOT NULL,
        choice jsonb NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (proposal_key, vote_id)
      )`);
    await runner.query(`CREATE INDEX votes_by_time ON ${schema}.votes (proposal_key, created_at, vote_id)`);
    await runner.query(`CREATE INDEX votes_by_id ON ${schema}.votes (vote_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.votes`);
    await runner.query(`DROP TABLE ${schema}.proposals`);
    await runner.query(`DROP TABLE ${schema}.source_cursors`);
  }
}

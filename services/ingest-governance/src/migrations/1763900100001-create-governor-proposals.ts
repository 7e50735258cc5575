import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** On-chain Governor proposals with the state last read from the chain, and their votes. */
export class CreateGovernorProposals1763900100001 implements MigrationInterface {
  name = 'CreateGovernorProposals1763900100001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.governor_proposals (
        chain_id integer NOT NULL,
        governor text NOT NULL,
        proposal_id text NOT NULL,
        protocol_id text,
        proposer text NOT NULL,
        description text NOT NULL,
        vote_start text NOT NULL,
        vote_end text NOT NULL,
        created_at timestamptz NOT NULL,
        created_event_id text NOT NULL,
        created_block_hash text NOT NULL,
        retracted boolean NOT NULL DEFAULT false,
        state text NOT NULL,
        for_votes text NOT NULL DEFAULT '0',
        against_votes text NOT NULL DEFAULT '0',
        abstain_votes text NOT NULL DEFAULT '0',
        quorum text,
        eta bigint,
        start_at timestamptz,
        end_at timestamptz,
        checked_block bigint NOT NULL DEFAULT 0,
        checked_at timestamptz,
        PRIMARY KEY (chain_id, governor, proposal_id)
      )`);
    await runner.query(`CREATE INDEX governor_proposals_open ON ${schema}.governor_proposals (chain_id, state, checked_at) WHERE NOT retracted`);
    await runner.query(`
      CREATE TABLE ${schema}.governor_votes (
        event_id text PRIMARY KEY,
        chain_id integer NOT NULL,
        governor text NOT NULL,
        proposal_id text NOT NULL,
        voter text NOT NULL,
        support smallint NOT NULL,
        weight text NOT NULL,
        reason text NOT NULL,
        block_hash text NOT NULL,
        cast_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX governor_votes_by_proposal ON ${schema}.governor_votes (chain_id, governor, proposal_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP TABLE ${schema}.governor_votes`);
    await runner.query(`DROP TABLE ${schema}.governor_proposals`);
  }
}

import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Scored texts (vote reasons, proposal bodies, forum posts, social posts): sentiment is recomputed from them. */
export class CreateSentimentItems1763900000002 implements MigrationInterface {
  name = 'CreateSentimentItems1763900000002';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.sentiment_items (
        item_id text PRIMARY KEY,
        protocol_id text NOT NULL,
        proposal_key text,
        channel text NOT NULL,
        author text NOT NULL,
        thread_id text,
        is_reply boolean NOT NULL,
        score double precision NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX sentiment_items_protocol ON ${schema}.sentiment_items (protocol_id, created_at)`);
    await runner.query(`CREATE INDEX sentiment_items_proposal ON ${schema}.sentiment_items (proposal_key, created_at) WHERE proposal_key IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${migrationSchema(runner)}.sentiment_items`);
  }
}

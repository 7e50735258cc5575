import { migrationSchema } from '@pum/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read model of every `protocol.events.v1` event (all kinds, not only upgrades), and an index for the
 * protocol summary's latest upgrades. Indexes follow the list filters, each ending in the page order
 * (occurred_at, event_id) descending.
 */
export class CreateProtocolEvents1764000000000 implements MigrationInterface {
  name = 'CreateProtocolEvents1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${schema}.protocol_events (
        event_id text PRIMARY KEY,
        chain_id integer NOT NULL,
        contract text NOT NULL,
        protocol_id text,
        kind text NOT NULL,
        standard text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'retracted')),
        block_number bigint NOT NULL,
        block_hash text NOT NULL,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        produced_at timestamptz NOT NULL,
        message_id text NOT NULL
      )`);
    await runner.query(`CREATE INDEX protocol_events_occurred_idx ON ${schema}.protocol_events (occurred_at DESC, event_id DESC)`);
    await runner.query(`CREATE INDEX protocol_events_protocol_idx ON ${schema}.protocol_events (protocol_id, occurred_at DESC, event_id DESC)`);
    await runner.query(`CREATE INDEX protocol_events_contract_idx ON ${schema}.protocol_events (chain_id, contract, occurred_at DESC, event_id DESC)`);
    await runner.query(`CREATE INDEX protocol_events_kind_idx ON ${schema}.protocol_events (kind, occurred_at DESC, event_id DESC)`);
    await runner.query(`CREATE INDEX upgrades_protocol_idx ON ${schema}.upgrades (protocol_id, occurred_at DESC, id DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    await runner.query(`DROP INDEX ${schema}.upgrades_protocol_idx`);
    await runner.query(`DROP TABLE ${schema}.protocol_events`);
  }
}

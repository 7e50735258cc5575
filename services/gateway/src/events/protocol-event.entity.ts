import type { EventStatus, ProtocolEvent, ProtocolEventKind } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Read model of every protocol event (`eventId` = `chainId:txHash:logIndex`), one row per event at its
 * current status; filter columns beside the payload. A retraction keeps the payload read while the
 * block was canonical (the retracted message carries no enrichment), so `status` is the column's.
 */
@Entity({ name: 'protocol_events' })
export class ProtocolEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @Column({ type: 'text' })
  contract!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ type: 'text' })
  kind!: ProtocolEventKind;

  @Column({ type: 'text' })
  standard!: ProtocolEvent['standard'];

  @Column({ type: 'text' })
  status!: EventStatus;

  /** bigint: returned by pg as a string, which is how the API serves block numbers. */
  @Column({ name: 'block_number', type: 'bigint' })
  blockNumber!: string;

  @Column({ name: 'block_hash', type: 'text' })
  blockHash!: string;

  /** Block time (the envelope's occurredAt). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb' })
  payload!: ProtocolEvent;

  /** producedAt of the message the row holds: what orders two statements about one event. */
  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;
}

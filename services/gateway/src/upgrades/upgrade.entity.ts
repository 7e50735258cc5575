import type { EventStatus, UpgradeProtocolEvent } from '@pum/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Read model of one upgrade-relevant event (`eventId` = `chainId:txHash:logIndex`): an implementation
 * change, an admin change, a beacon change or a diamond cut. Kind-specific fields are in `details`.
 */
@Entity({ name: 'upgrades' })
@Index('upgrades_contract_idx', ['chainId', 'contract'])
@Index('upgrades_occurred_idx', ['occurredAt', 'id'])
export class UpgradeEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @Column({ type: 'text' })
  contract!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ type: 'text' })
  kind!: UpgradeProtocolEvent['kind'];

  @Column({ type: 'text' })
  status!: EventStatus;

  @Column({ name: 'previous_implementation', type: 'text', nullable: true })
  previousImplementation!: string | null;

  /** The implementation now behind the proxy (upgraded, beacon_upgraded); null for other kinds or when unknown. */
  @Column({ name: 'new_implementation', type: 'text', nullable: true })
  newImplementation!: string | null;

  /** Null when never read (an upgrade first seen already retracted). */
  @Column({ name: 'new_implementation_code_size', type: 'integer', nullable: true })
  newImplementationCodeSize!: number | null;

  @Column({ name: 'new_implementation_code_hash', type: 'text', nullable: true })
  newImplementationCodeHash!: string | null;

  /** Kind-specific fields: admins (admin_changed), beacons (beacon_upgraded), facet cuts (diamond_cut). */
  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  /** bigint: returned by pg as a string, which is how the API serves block numbers. */
  @Column({ name: 'block_number', type: 'bigint' })
  blockNumber!: string;

  @Column({ name: 'block_hash', type: 'text' })
  blockHash!: string;

  @Column({ name: 'transaction_hash', type: 'text' })
  transactionHash!: string;

  @Column({ name: 'log_index', type: 'integer' })
  logIndex!: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Id of the last message applied, for tracing a row back to Kafka. */
  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;
}

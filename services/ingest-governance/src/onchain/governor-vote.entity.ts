import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A `VoteCast` of an on-chain proposal, with its reason. */
@Entity({ name: 'governor_votes' })
export class GovernorVoteEntity {
  /** The log's `chainId:txHash:logIndex`. */
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @Column({ type: 'text' })
  governor!: string;

  @Column({ name: 'proposal_id', type: 'text' })
  proposalId!: string;

  @Column({ type: 'text' })
  voter!: string;

  /** 0 against, 1 for, 2 abstain. */
  @Column({ type: 'smallint' })
  support!: number;

  /** Base units, decimal. */
  @Column({ type: 'text' })
  weight!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'block_hash', type: 'text' })
  blockHash!: string;

  @Column({ name: 'cast_at', type: 'timestamptz' })
  castAt!: Date;
}

import type { PROPOSAL_STATES } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An on-chain Governor proposal: what its creation said, and its state as last read from the chain. */
@Entity({ name: 'governor_proposals' })
export class GovernorProposalEntity {
  @PrimaryColumn({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @PrimaryColumn({ type: 'text' })
  governor!: string;

  /** uint256, decimal. */
  @PrimaryColumn({ name: 'proposal_id', type: 'text' })
  proposalId!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ type: 'text' })
  proposer!: string;

  @Column({ type: 'text' })
  description!: string;

  /** Timepoints in the governor's clock, decimal. */
  @Column({ name: 'vote_start', type: 'text' })
  voteStart!: string;

  @Column({ name: 'vote_end', type: 'text' })
  voteEnd!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_event_id', type: 'text' })
  createdEventId!: string;

  @Column({ name: 'created_block_hash', type: 'text' })
  createdBlockHash!: string;

  /** The creating log left the canonical chain: no longer tracked. */
  @Column({ type: 'boolean' })
  retracted!: boolean;

  /** OZ/Bravo state name, lower case (`active`, `queued`, …). */
  @Column({ type: 'text' })
  state!: (typeof PROPOSAL_STATES)[number];

  /** Votes in the token's base units, decimal. */
  @Column({ name: 'for_votes', type: 'text' })
  forVotes!: string;

  @Column({ name: 'against_votes', type: 'text' })
  againstVotes!: string;

  @Column({ name: 'abstain_votes', type: 'text' })
  abstainVotes!: string;

  @Column({ type: 'text', nullable: true })
  quorum!: string | null;

  /** Unix seconds the queued proposal may execute. */
  @Column({ type: 'bigint', nullable: true })
  eta!: string | null;

  @Column({ name: 'start_at', type: 'timestamptz', nullable: true })
  startAt!: Date | null;

  @Column({ name: 'end_at', type: 'timestamptz', nullable: true })
  endAt!: Date | null;

  /** Head block of the last state read. */
  @Column({ name: 'checked_block', type: 'bigint' })
  checkedBlock!: string;

  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt!: Date | null;
}

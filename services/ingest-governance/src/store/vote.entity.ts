import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One vote as cast; a voter's later vote supersedes the earlier one in the analysis, both are kept. */
@Entity({ name: 'votes' })
export class VoteEntity {
  @PrimaryColumn({ name: 'proposal_key', type: 'text' })
  proposalKey!: string;

  @PrimaryColumn({ name: 'vote_id', type: 'text' })
  voteId!: string;

  @Column({ type: 'text' })
  voter!: string;

  @Column({ name: 'voting_power', type: 'double precision' })
  votingPower!: number;

  /** Weight per 0-based choice index, summing to 1 (a single choice is `[0, 1, 0]`). */
  @Column({ type: 'jsonb' })
  choice!: number[];

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

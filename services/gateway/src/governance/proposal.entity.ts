import type { GovernanceProposal, ProposalState, Sentiment, SentimentSubject } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Latest state of one proposal (Snapshot, Governor or Tally): the newest message's payload, filter columns beside it. */
@Entity({ name: 'proposals' })
export class ProposalEntity {
  @PrimaryColumn({ name: 'proposal_key', type: 'text' })
  proposalKey!: string;

  @Column({ type: 'text' })
  source!: GovernanceProposal['source'];

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ type: 'text' })
  state!: ProposalState;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'jsonb' })
  payload!: GovernanceProposal;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;
}

/** One version of a proposal as received: the history of its state, turnout and pass probability. */
@Entity({ name: 'proposal_versions' })
export class ProposalVersionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  /** bigint identity: keeps arrival order among versions produced in the same batch. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'proposal_key', type: 'text' })
  proposalKey!: string;

  @Column({ type: 'text' })
  state!: ProposalState;

  @Column({ type: 'integer' })
  votes!: number;

  @Column({ name: 'scores_total', type: 'double precision' })
  scoresTotal!: number;

  @Column({ name: 'pass_probability', type: 'double precision', nullable: true })
  passProbability!: number | null;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;
}

/** Latest sentiment figure of a proposal or protocol. */
@Entity({ name: 'sentiment' })
export class SentimentEntity {
  @PrimaryColumn({ name: 'subject_type', type: 'text' })
  subjectType!: SentimentSubject['type'];

  @PrimaryColumn({ name: 'subject_id', type: 'text' })
  subjectId!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  @Column({ type: 'integer' })
  items!: number;

  @Column({ type: 'jsonb' })
  payload!: Sentiment;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;
}

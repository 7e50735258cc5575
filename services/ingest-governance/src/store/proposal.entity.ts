import type { GovernanceProposal, ProposalState } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest normalised version of a proposal from any source (analysis excluded: it is derived). */
@Entity({ name: 'proposals' })
export class ProposalEntity {
  @PrimaryColumn({ name: 'proposal_key', type: 'text' })
  proposalKey!: string;

  @Column({ type: 'text' })
  source!: GovernanceProposal['source'];

  @Column({ type: 'text' })
  space!: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ type: 'text' })
  state!: ProposalState;

  @Column({ name: 'end_at', type: 'timestamptz' })
  endAt!: Date;

  @Column({ type: 'jsonb' })
  proposal!: GovernanceProposal;

  /** False while the source may still recompute the scores (Snapshot `scores_state: "pending"`). */
  @Column({ name: 'scores_final', type: 'boolean', default: true })
  scoresFinal!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import type { RiskAssessment, RiskFactor, RiskLevel } from '@pum/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Read model of one risk assessment of an upgrade. */
@Entity({ name: 'risk_assessments' })
@Index('risk_assessments_upgrade_idx', ['upgradeId', 'assessedAt'])
export class RiskAssessmentEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'upgrade_id', type: 'text' })
  upgradeId!: string;

  @Column({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @Column({ type: 'text' })
  contract!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ type: 'integer' })
  score!: number;

  @Column({ type: 'text' })
  level!: RiskLevel;

  @Column({ type: 'jsonb' })
  factors!: RiskFactor[];

  @Column({ name: 'model_version', type: 'text' })
  modelVersion!: string;

  @Column({ name: 'subject_status', type: 'text' })
  subjectStatus!: RiskAssessment['subjectStatus'];

  @Column({ name: 'assessed_at', type: 'timestamptz' })
  assessedAt!: Date;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;
}

import type { UpgradeStage } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LifecycleRecord } from './stage-machine';

/** One upgrade's lifecycle: the record as a whole, and the columns it is looked up by. */
@Entity({ name: 'upgrade_lifecycles' })
export class UpgradeLifecycleEntity {
  @PrimaryColumn({ name: 'upgrade_id', type: 'text' })
  upgradeId!: string;

  @Column({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @Column({ type: 'text' })
  target!: string;

  @Column({ type: 'text' })
  subject!: string;

  /** Current stage; null before the first or after every stage was retracted. */
  @Column({ type: 'text', nullable: true })
  stage!: UpgradeStage | null;

  @Column({ name: 'proposal_space', type: 'text', nullable: true })
  proposalSpace!: string | null;

  @Column({ name: 'proposal_id', type: 'text', nullable: true })
  proposalId!: string | null;

  @Column({ name: 'timelock_address', type: 'text', nullable: true })
  timelockAddress!: string | null;

  @Column({ name: 'timelock_operation_id', type: 'text', nullable: true })
  timelockOperationId!: string | null;

  @Column({ type: 'jsonb' })
  record!: LifecycleRecord;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

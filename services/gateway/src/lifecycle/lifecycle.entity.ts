import type { UpgradeAuthority, UpgradeLifecycle, UpgradeStage } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Latest state of one upgrade's lifecycle: the payload of the newest stage message, filter columns beside it. */
@Entity({ name: 'lifecycles' })
export class LifecycleEntity {
  @PrimaryColumn({ name: 'upgrade_id', type: 'text' })
  upgradeId!: string;

  @Column({ name: 'chain_id', type: 'integer' })
  chainId!: number;

  @Column({ type: 'text' })
  target!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  /** The stage the upgrade stands in: the payload's, or for a retraction its `revertedTo` (`retracted` when none stands). */
  @Column({ type: 'text' })
  stage!: UpgradeStage;

  @Column({ type: 'text' })
  authority!: UpgradeAuthority;

  @Column({ name: 'stage_at', type: 'timestamptz' })
  stageAt!: Date;

  @Column({ name: 'execution_event_id', type: 'text', nullable: true })
  executionEventId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: UpgradeLifecycle;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;
}

/** One stage message as received; `seq` keeps arrival order among messages produced in the same batch. */
@Entity({ name: 'lifecycle_stages' })
export class LifecycleStageEntity {
  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId!: string;

  /** bigint identity: returned by pg as a string. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'upgrade_id', type: 'text' })
  upgradeId!: string;

  @Column({ type: 'jsonb' })
  payload!: UpgradeLifecycle;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;
}

import type { UpgradeLifecycle } from '@pum/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Stage messages, written in the same transaction as the stage change and published after it: a
 * crash between the two publishes on restart, and a replayed input finds its message already here.
 */
@Entity({ name: 'lifecycle_outbox' })
export class LifecycleOutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'message_id', type: 'text', unique: true })
  messageId!: string;

  @Column({ name: 'partition_key', type: 'text' })
  partitionKey!: string;

  @Column({ type: 'jsonb' })
  payload!: UpgradeLifecycle;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}

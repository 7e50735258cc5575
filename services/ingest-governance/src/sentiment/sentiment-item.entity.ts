import type { SentimentChannel } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One scored text; the text itself stays on governance.raw.v1 (or the social source). */
@Entity({ name: 'sentiment_items' })
export class SentimentItemEntity {
  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId!: string;

  @Column({ name: 'protocol_id', type: 'text' })
  protocolId!: string;

  @Column({ name: 'proposal_key', type: 'text', nullable: true })
  proposalKey!: string | null;

  @Column({ type: 'text' })
  channel!: SentimentChannel;

  @Column({ type: 'text' })
  author!: string;

  @Column({ name: 'thread_id', type: 'text', nullable: true })
  threadId!: string | null;

  @Column({ name: 'is_reply', type: 'boolean' })
  isReply!: boolean;

  @Column({ type: 'double precision' })
  score!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

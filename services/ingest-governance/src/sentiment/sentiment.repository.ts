import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import { SentimentItemEntity } from './sentiment-item.entity';

/** Scored texts, one row per text. */
@Injectable()
export class SentimentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Of these item ids, the ones not stored yet. */
  async unseen(itemIds: string[]): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    const rows = await this.db.getRepository(SentimentItemEntity).find({ select: { itemId: true }, where: { itemId: In(itemIds) } });
    const known = new Set(rows.map((row) => row.itemId));
    return new Set(itemIds.filter((id) => !known.has(id)));
  }

  async save(items: SentimentItemEntity[]): Promise<void> {
    if (items.length > 0) await this.db.getRepository(SentimentItemEntity).createQueryBuilder().insert().values(items).orIgnore().execute();
  }

  async ofProposal(proposalKey: string): Promise<SentimentItemEntity[]> {
    return this.db.getRepository(SentimentItemEntity).find({ where: { proposalKey }, order: { createdAt: 'ASC' } });
  }

  /** A protocol's texts created from `since` on (index `sentiment_items_protocol`). */
  async ofProtocol(protocolId: string, since: Date): Promise<SentimentItemEntity[]> {
    return this.db.getRepository(SentimentItemEntity).find({ where: { protocolId, createdAt: MoreThanOrEqual(since) }, order: { createdAt: 'ASC' } });
  }
}

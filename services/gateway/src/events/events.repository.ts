import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { PagePosition } from '../http/page-cursor';
import { ProtocolEventEntity } from './protocol-event.entity';

export interface EventFilter {
  protocolId?: string;
  chainId?: number;
  contract?: string;
  /** Any of these kinds. */
  kinds?: string[];
  standard?: string;
  /** Any of these statuses. */
  statuses?: string[];
  /** Block time, inclusive. */
  since?: Date;
  /** Block time, exclusive. */
  until?: Date;
  /** Exclusive upper bound of the (occurredAt, eventId) ordering: the page cursor. */
  before?: PagePosition;
  limit: number;
}

export interface ProtocolEventStats {
  protocolId: string;
  /** Events not retracted. */
  events: number;
  lastEventAt: Date | null;
}

const STATUS_ORDER = `ARRAY['pending', 'confirmed', 'retracted']::text[]`;

/**
 * When a message replaces the stored state of its event (ON CONFLICT condition; `protocol_events` is
 * the stored row, EXCLUDED the message):
 * - a retraction speaks of its own block only: it applies to the row of that block hash, never to the
 *   event re-included in another block since (a late duplicate of the retraction changes nothing);
 * - otherwise the later statement wins, by producedAt — one event's messages come in order on its key
 *   (`chainId:contract`), so a late duplicate of `confirmed` cannot undo a retraction, while the same
 *   log in a new block (or the block back on the canonical chain) is announced after the retraction
 *   and applies;
 * - at the same producedAt (`pending` and `confirmed` of a block deep enough at first sight), a new
 *   block wins, and on one block the further status: pending < confirmed < retracted.
 * A redelivery of the stored message applies again (an idempotent write), so a retried handler
 * carries on where a failed attempt stopped.
 */
const SUPERSEDES = `(EXCLUDED.status <> 'retracted' OR EXCLUDED.block_hash = protocol_events.block_hash)
  AND (EXCLUDED.produced_at > protocol_events.produced_at
    OR (EXCLUDED.produced_at = protocol_events.produced_at
      AND (EXCLUDED.block_hash <> protocol_events.block_hash
        OR array_position(${STATUS_ORDER}, EXCLUDED.status) >= array_position(${STATUS_ORDER}, protocol_events.status))))`;

/** A retraction changes the status only: the block is gone, what was read while it stood is kept. */
const RETRACTION_COLUMNS = ['status', 'produced_at', 'message_id'];
const ALL_COLUMNS = ['chain_id', 'contract', 'protocol_id', 'kind', 'standard', 'status', 'block_number', 'block_hash', 'occurred_at', 'payload', 'produced_at', 'message_id'];

/** SQL of the protocol events read model. */
@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(ProtocolEventEntity) private readonly events: Repository<ProtocolEventEntity>) {}

  /**
   * Writes the message's statement about its event unless the stored one supersedes it (see
   * SUPERSEDES). Returns whether the row now holds this message: false for a stale message.
   */
  async apply(row: ProtocolEventEntity): Promise<boolean> {
    const result = await this.events
      .createQueryBuilder()
      .insert()
      .into(ProtocolEventEntity)
      .values(row as QueryDeepPartialEntity<ProtocolEventEntity>)
      .orUpdate(row.status === 'retracted' ? RETRACTION_COLUMNS : ALL_COLUMNS, ['event_id'], { overwriteCondition: { where: SUPERSEDES } })
      .returning(['eventId'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async find(eventId: string): Promise<ProtocolEventEntity | null> {
    return this.events.findOneBy({ eventId });
  }

  async findMany(filter: EventFilter): Promise<ProtocolEventEntity[]> {
    const query = this.events.createQueryBuilder('e').orderBy('e.occurredAt', 'DESC').addOrderBy('e.eventId', 'DESC').limit(filter.limit);
    if (filter.protocolId !== undefined) query.andWhere('e.protocol_id = :protocolId', { protocolId: filter.protocolId });
    if (filter.chainId !== undefined) query.andWhere('e.chain_id = :chainId', { chainId: filter.chainId });
    if (filter.contract !== undefined) query.andWhere('e.contract = :contract', { contract: filter.contract });
    if (filter.kinds !== undefined) query.andWhere('e.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.standard !== undefined) query.andWhere('e.standard = :standard', { standard: filter.standard });
    if (filter.statuses !== undefined) query.andWhere('e.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.since !== undefined) query.andWhere('e.occurred_at >= :since', { since: filter.since });
    if (filter.until !== undefined) query.andWhere('e.occurred_at < :until', { until: filter.until });
    if (filter.before) query.andWhere('(e.occurred_at, e.event_id) < (:beforeAt, :beforeKey)', { beforeAt: filter.before.at, beforeKey: filter.before.key });
    return query.getMany();
  }

  /** Per protocol (all, or the given ones): events not retracted and the block time of the latest. */
  async statsByProtocol(protocolIds?: string[]): Promise<ProtocolEventStats[]> {
    if (protocolIds?.length === 0) return [];
    const query = this.events
      .createQueryBuilder('e')
      .select('e.protocol_id', 'protocolId')
      .addSelect('count(*)::integer', 'events')
      .addSelect('max(e.occurred_at)', 'lastEventAt')
      .where('e.protocol_id IS NOT NULL')
      .andWhere(`e.status <> 'retracted'`)
      .groupBy('e.protocol_id');
    if (protocolIds !== undefined) query.andWhere('e.protocol_id IN (:...protocolIds)', { protocolIds });
    return query.getRawMany<ProtocolEventStats>();
  }
}

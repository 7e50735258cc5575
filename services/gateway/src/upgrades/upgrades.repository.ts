import type { EventStatus } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RiskAssessmentEntity } from './risk-assessment.entity';
import { UpgradeEntity } from './upgrade.entity';
import { countByProtocol } from '../database/count-by-protocol.repository';

export interface UpgradeFilter {
  chainId?: number;
  contract?: string;
  protocolId?: string;
  /** Any of these statuses. */
  statuses?: string[];
  /** The latest per-event assessment's score within [minScore, maxScore] (an upgrade not assessed matches neither bound). */
  minScore?: number;
  maxScore?: number;
  /** Block time from `since` (inclusive) to `until` (exclusive). */
  since?: Date;
  until?: Date;
  /** Exclusive upper bound of the (occurredAt, id) ordering: the page cursor. */
  before?: { occurredAt: Date; id: string };
  limit: number;
}

/** The gateway's only SQL: upserts from Kafka and the queries behind the REST API. */
@Injectable()
export class UpgradesRepository {
  constructor(
    @InjectRepository(UpgradeEntity) private readonly upgrades: Repository<UpgradeEntity>,
    @InjectRepository(RiskAssessmentEntity) private readonly assessments: Repository<RiskAssessmentEntity>,
  ) {}

  /** Insert or replace by id: replaying a message leaves the row as it was. */
  async upsertUpgrade(row: UpgradeEntity): Promise<void> {
    await this.upgrades.upsert(asPartial(row), { conflictPaths: ['id'] });
  }

  /**
   * Marks an upgrade retracted, keeping what was read while its block was canonical; inserts the
   * row as given when the upgrade was never seen before. */
  async retractUpgrade(row: UpgradeEntity): Promise<void> {
    const result = await this.upgrades.update({ id: row.id }, { status: row.status, updatedAt: row.updatedAt, messageId: row.messageId });
    if (!result.affected) await this.upgrades.upsert(asPartial(row), { conflictPaths: ['id'] });
  }

  async upsertAssessment(row: RiskAssessmentEntity): Promise<void> {
    await this.assessments.upsert(row, { conflictPaths: ['id'] });
  }

  async findUpgrade(id: string): Promise<UpgradeEntity | null> {
    return this.upgrades.findOneBy({ id });
  }

  async findUpgrades(filter: UpgradeFilter): Promise<UpgradeEntity[]> {
    if (filter.statuses?.length === 0) return []; // filters that exclude each other (stage=executed&status=retracted)
    const query = this.upgrades
      .createQueryBuilder('u')
      .orderBy('u.occurredAt', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .limit(filter.limit);
    if (filter.chainId !== undefined) query.andWhere('u.chain_id = :chainId', { chainId: filter.chainId });
    if (filter.contract !== undefined) query.andWhere('u.contract = :contract', { contract: filter.contract });
    if (filter.protocolId !== undefined) query.andWhere('u.protocol_id = :protocolId', { protocolId: filter.protocolId });
    if (filter.statuses !== undefined) query.andWhere('u.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.since !== undefined) query.andWhere('u.occurred_at >= :since', { since: filter.since });
    if (filter.until !== undefined) query.andWhere('u.occurred_at < :until', { until: filter.until });
    if (filter.minScore !== undefined || filter.maxScore !== undefined) {
      const latest = `(SELECT r.score FROM ${quotedSchema(this.upgrades.manager.connection)}.risk_assessments r WHERE r.upgrade_id = u.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1)`;
      query.andWhere(`${latest} BETWEEN :minScore AND :maxScore`, { minScore: filter.minScore ?? 0, maxScore: filter.maxScore ?? 100 });
    }
    if (filter.before) {
      query.andWhere('(u.occurred_at, u.id) < (:beforeAt, :beforeId)', {
        beforeAt: filter.before.occurredAt,
        beforeId: filter.before.id,
      });
    }
    return query.getMany();
  }

  /** Upgrades with one of the given statuses per protocol (all, or the given ones). */
  async countByProtocol(statuses: EventStatus[], protocolIds?: string[]): Promise<Map<string, number>> {
    return countByProtocol(this.upgrades, 'status', statuses, protocolIds);
  }

  /** Every per-event assessment of an upgrade (one per rules version), newest first. */
  async assessmentsOf(upgradeId: string): Promise<RiskAssessmentEntity[]> {
    return this.assessments.find({ where: { upgradeId }, order: { assessedAt: 'DESC', id: 'DESC' } });
  }

  /** The most recent assessment of each of a protocol's upgrades whose most recent one is from `since` on. */
  async latestAssessmentsOfProtocol(protocolId: string, since: Date): Promise<RiskAssessmentEntity[]> {
    const query = this.assessments.createQueryBuilder('r');
    const newer = query
      .subQuery()
      .select('1')
      .from(RiskAssessmentEntity, 'n')
      .where('n.upgrade_id = r.upgrade_id')
      .andWhere('(n.assessed_at, n.id) > (r.assessed_at, r.id)')
      .getQuery();
    return query
      .where('r.protocol_id = :protocolId', { protocolId })
      .andWhere('r.assessed_at >= :since', { since })
      .andWhere(`NOT EXISTS ${newer}`)
      .getMany();
  }

  /** The most recent assessment of each given upgrade. */
  async latestAssessments(upgradeIds: string[]): Promise<Map<string, RiskAssessmentEntity>> {
    if (upgradeIds.length === 0) return new Map();
    const rows = await this.assessments
      .createQueryBuilder('r')
      .distinctOn(['r.upgrade_id'])
      .where('r.upgrade_id IN (:...ids)', { ids: upgradeIds })
      .orderBy('r.upgrade_id')
      .addOrderBy('r.assessed_at', 'DESC')
      .getMany();
    return new Map(rows.map((row) => [row.upgradeId, row]));
  }
}

/** TypeORM's deep-partial type cannot see through the jsonb `details` record; the row is complete. */
function asPartial(row: UpgradeEntity): QueryDeepPartialEntity<UpgradeEntity> {
  return row as QueryDeepPartialEntity<UpgradeEntity>;
}


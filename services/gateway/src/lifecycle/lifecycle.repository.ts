import type { MessageOf, UpgradeLifecycle, UpgradeStage } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { PagePosition } from '../http/page-cursor';
import { LifecycleEntity, LifecycleStageEntity } from './lifecycle.entity';
import { countByProtocol } from '../database/count-by-protocol.repository';

export interface LifecycleFilter {
  chainId?: number;
  protocolId?: string;
  /** The stage the upgrade stands in (a retracted one: the stage it is back in): any of these. */
  stages?: string[];
  authority?: string;
  /** Exclusive upper bound of the (stageAt, upgradeId) ordering: the page cursor. */
  before?: PagePosition;
  limit: number;
}

/** Filter of the upgrades under way, soonest ETA first (those without an ETA last). */
export interface ActiveLifecycleFilter {
  stages: UpgradeStage[];
  /** Only those with an ETA at or after this time. */
  etaFrom?: Date;
  /** Exclusive lower bound of the (ETA, upgradeId) ordering: the page cursor (`NO_ETA` stands for none). */
  after?: PagePosition;
  limit: number;
}

/** Where lifecycles without an ETA sort: after every real one. */
export const NO_ETA = new Date('9999-12-31T23:59:59.999Z');

/** SQL of the lifecycle read model. */
@Injectable()
export class LifecycleRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(LifecycleEntity) private readonly lifecycles: Repository<LifecycleEntity>,
    @InjectRepository(LifecycleStageEntity) private readonly stages: Repository<LifecycleStageEntity>,
  ) {}

  /**
   * Records a stage message and makes it the upgrade's latest state unless a newer message (by
   * producedAt; messages of one upgrade arrive in order on its key) is already there. Returns false
   * for a message already recorded (a replay), which changes nothing.
   */
  async apply(message: MessageOf<'upgrades.lifecycle.v1'>): Promise<boolean> {
    const change = message.payload;
    const producedAt = new Date(message.producedAt);
    return this.dataSource.transaction(async (manager) => {
      const recorded = await manager
        .createQueryBuilder()
        .insert()
        .into(LifecycleStageEntity)
        .values({ messageId: message.id, upgradeId: change.upgradeId, payload: change as QueryDeepPartialEntity<LifecycleStageEntity['payload']>, producedAt })
        .orIgnore()
        .returning(['messageId'])
        .execute();
      if (recorded.raw.length === 0) return false;
      const latest: QueryDeepPartialEntity<LifecycleEntity> = {
        upgradeId: change.upgradeId,
        chainId: change.chainId,
        target: change.target,
        protocolId: change.protocolId,
        stage: currentStage(change),
        authority: change.authority,
        stageAt: new Date(change.stageAt),
        executionEventId: change.executionEventId,
        payload: change as QueryDeepPartialEntity<LifecycleEntity['payload']>,
        producedAt,
        messageId: message.id,
      };
      await manager
        .createQueryBuilder()
        .insert()
        .into(LifecycleEntity)
        .values(latest)
        .orUpdate(
          ['chain_id', 'target', 'protocol_id', 'stage', 'authority', 'stage_at', 'execution_event_id', 'payload', 'produced_at', 'message_id'],
          ['upgrade_id'],
          { overwriteCondition: { where: 'lifecycles.produced_at <= EXCLUDED.produced_at' } },
        )
        .execute();
      return true;
    });
  }

  async find(upgradeId: string): Promise<LifecycleEntity | null> {
    return this.lifecycles.findOneBy({ upgradeId });
  }

  /** The lifecycle whose execution is this protocol event (the latest by stage time, should two claim it). */
  async findByExecution(eventId: string): Promise<LifecycleEntity | null> {
    return this.lifecycles.findOne({ where: { executionEventId: eventId }, order: { stageAt: 'DESC' } });
  }

  /** Ids of a protocol's lifecycles standing in one of the given stages. */
  async idsOf(protocolId: string, stages: UpgradeStage[]): Promise<string[]> {
    const rows = await this.lifecycles.createQueryBuilder('l').select('l.upgrade_id', 'upgradeId').where('l.protocol_id = :protocolId', { protocolId }).andWhere('l.stage IN (:...stages)', { stages }).getRawMany<{ upgradeId: string }>();
    return rows.map((row) => row.upgradeId);
  }

  async findMany(filter: LifecycleFilter): Promise<LifecycleEntity[]> {
    const query = this.lifecycles.createQueryBuilder('l').orderBy('l.stageAt', 'DESC').addOrderBy('l.upgradeId', 'DESC').limit(filter.limit);
    if (filter.chainId !== undefined) query.andWhere('l.chain_id = :chainId', { chainId: filter.chainId });
    if (filter.protocolId !== undefined) query.andWhere('l.protocol_id = :protocolId', { protocolId: filter.protocolId });
    if (filter.stages !== undefined) query.andWhere('l.stage IN (:...stages)', { stages: filter.stages });
    if (filter.authority !== undefined) query.andWhere('l.authority = :authority', { authority: filter.authority });
    if (filter.before) query.andWhere('(l.stage_at, l.upgrade_id) < (:beforeAt, :beforeKey)', { beforeAt: filter.before.at, beforeKey: filter.before.key });
    return query.getMany();
  }

  /** Lifecycles standing in one of the stages, soonest ETA first, then by id; without an ETA last. */
  async findActive(filter: ActiveLifecycleFilter): Promise<LifecycleEntity[]> {
    const eta = `COALESCE((l.payload->>'eta')::timestamptz, :noEta)`;
    const query = this.lifecycles
      .createQueryBuilder('l')
      .where('l.stage IN (:...stages)', { stages: filter.stages, noEta: NO_ETA })
      .orderBy(eta, 'ASC')
      .addOrderBy('l.upgrade_id', 'ASC')
      .limit(filter.limit);
    if (filter.etaFrom) query.andWhere(`(l.payload->>'eta')::timestamptz >= :etaFrom`, { etaFrom: filter.etaFrom });
    if (filter.after) query.andWhere(`(${eta}, l.upgrade_id) > (:afterAt, :afterKey)`, { afterAt: filter.after.at, afterKey: filter.after.key });
    return query.getMany();
  }

  /** How many lifecycles stand in each stage (stages with none left out). */
  async countByStage(): Promise<Map<UpgradeStage, number>> {
    const rows = await this.lifecycles.createQueryBuilder('l').select('l.stage', 'stage').addSelect('COUNT(*)::int', 'count').groupBy('l.stage').getRawMany<{ stage: UpgradeStage; count: number }>();
    return new Map(rows.map((row) => [row.stage, row.count]));
  }

  /** Upgrades standing in one of the given stages per protocol (all, or the given ones). */
  async countByProtocol(stages: UpgradeStage[], protocolIds?: string[]): Promise<Map<string, number>> {
    return countByProtocol(this.lifecycles, 'stage', stages, protocolIds);
  }

  /** Every stage message of an upgrade in the order it was produced. */
  async stagesOf(upgradeId: string): Promise<LifecycleStageEntity[]> {
    return this.stages.find({ where: { upgradeId }, order: { producedAt: 'ASC', seq: 'ASC' } });
  }
}

/** The stage an upgrade stands in after this message: for a retraction, the stage it is back in (`retracted` when none stands). */
function currentStage(change: UpgradeLifecycle): UpgradeStage {
  return change.stage === 'retracted' ? (change.revertedTo ?? 'retracted') : change.stage;
}

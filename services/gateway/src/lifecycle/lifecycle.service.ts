import { TOPICS, type MessageOf, type UpgradeStage } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { LifecycleRepository, NO_ETA, type LifecycleFilter } from './lifecycle.repository';
import { lifecycleView, stageView, type LifecycleDetailView, type LifecycleView } from './lifecycle.views';
import type { LifecycleEntity } from './lifecycle.entity';

/** Stages of an upgrade still under way: not defeated, executed, cancelled, expired or retracted for good. */
export const OPEN_STAGES = ['proposed', 'voting', 'succeeded', 'queued'] as const satisfies readonly UpgradeStage[];

/** Keeps the lifecycle read model and pushes each new stage to the `lifecycle` channel. */
@Injectable()
export class LifecycleService {
  constructor(
    private readonly repository: LifecycleRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  async apply(message: MessageOf<'upgrades.lifecycle.v1'>): Promise<void> {
    if (await this.repository.apply(message)) this.realtime.push(TOPICS.upgradesLifecycle, message);
  }

  async list(filter: Omit<LifecycleFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<Page<LifecycleView>> {
    const rows = await this.repository.findMany({ ...filter, limit: limit + 1, before: cursor ? decodeCursor(cursor) : undefined });
    return toPage(rows, limit, (row) => ({ at: row.stageAt, key: row.upgradeId }), lifecycleView);
  }

  /** A protocol's upgrades still under way (queued ones with their ETA), most recent stage first. */
  async open(protocolId: string, limit: number): Promise<LifecycleView[]> {
    return (await this.repository.findMany({ protocolId, stages: [...OPEN_STAGES], limit })).map(lifecycleView);
  }

  /**
   * Upgrades under way (proposed, voting, succeeded, queued), soonest ETA first and those without one last; with
   * `etaFrom`, only those whose ETA is at or after it. Rows, for the caller to join with their risk.
   */
  async active(limit: number, options: { cursor?: string; etaFrom?: Date } = {}): Promise<{ rows: LifecycleEntity[]; nextCursor: string | null }> {
    const rows = await this.repository.findActive({ stages: [...OPEN_STAGES], etaFrom: options.etaFrom, after: options.cursor ? decodeCursor(options.cursor) : undefined, limit: limit + 1 });
    const page = toPage(rows, limit, (row) => ({ at: row.payload.eta ? new Date(row.payload.eta) : NO_ETA, key: row.upgradeId }), (row) => row);
    return { rows: page.items, nextCursor: page.nextCursor };
  }

  /** How many lifecycles stand in each stage (stages with none left out). */
  async countByStage(): Promise<Map<UpgradeStage, number>> {
    return this.repository.countByStage();
  }

  /** Upgrades under way per protocol (all, or the given ones). */
  async countOpenByProtocol(protocolIds?: string[]): Promise<Map<string, number>> {
    return this.repository.countByProtocol([...OPEN_STAGES], protocolIds);
  }

  /** Ids of a protocol's upgrades under way, whatever their number. */
  async openIds(protocolId: string): Promise<string[]> {
    return this.repository.idsOf(protocolId, [...OPEN_STAGES]);
  }

  /** The lifecycle this upgrade event executed, if any. */
  async executedBy(eventId: string): Promise<LifecycleEntity | null> {
    return this.repository.findByExecution(eventId);
  }

  async get(upgradeId: string): Promise<LifecycleDetailView> {
    const row = await this.find(upgradeId);
    const stages = await this.repository.stagesOf(upgradeId);
    return { ...lifecycleView(row), stages: stages.map(stageView) };
  }

  /** The lifecycle, or 404. */
  async find(upgradeId: string): Promise<LifecycleEntity> {
    const row = await this.repository.find(upgradeId);
    if (!row) throw new NotFoundException(`no upgrade lifecycle with id ${upgradeId}`);
    return row;
  }
}

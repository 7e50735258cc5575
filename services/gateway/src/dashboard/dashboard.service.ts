import { riskLevel, upgradeStage, type RiskLevel, type UpgradeStage } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { SubjectAssessmentsService } from '../assessments/subject-assessments.service';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import type { LifecycleEntity } from '../lifecycle/lifecycle.entity';
import { LifecycleService, OPEN_STAGES } from '../lifecycle/lifecycle.service';
import { NetworkStatusService } from '../networks/network-status.service';
import type { NetworkView } from '../networks/network.views';
import { CurrentAssessmentsRepository } from './current-assessments.repository';
import { activeUpgradeView, highRiskView, type ActiveUpgradeView, type HighRiskView } from './dashboard.views';

/** The levels `/alerts/high-risk` serves. */
export const HIGH_RISK_LEVELS = ['high', 'critical'] as const satisfies readonly RiskLevel[];

/** `GET /api/v1/dashboard/summary` (see openapi.yaml `DashboardSummary`). */
export interface DashboardSummary {
  generatedAt: string;
  lifecycles: { byStage: Record<UpgradeStage, number>; active: number };
  assessments: { byLevel: Record<RiskLevel, number> };
  upcoming: ActiveUpgradeView[];
  highRisk: HighRiskView[];
  networks: NetworkView[];
}

/** The monitor's summary reads: upgrades under way with their risk, current high-risk assessments, the dashboard's figures. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly subjects: SubjectAssessmentsService,
    private readonly current: CurrentAssessmentsRepository,
    private readonly networks: NetworkStatusService,
  ) {}

  /** Upgrades under way, soonest ETA first (none last), each with its latest lifecycle assessment. */
  async active(limit: number, cursor?: string, etaFrom?: Date): Promise<Page<ActiveUpgradeView>> {
    const page = await this.lifecycle.active(limit, { cursor, etaFrom });
    return { items: await this.withRisk(page.rows), nextCursor: page.nextCursor };
  }

  /** Current high and critical assessments (or the given levels of them), newest first. */
  async highRisk(filter: { protocolId?: string; levels?: RiskLevel[] }, limit: number, cursor?: string): Promise<Page<HighRiskView>> {
    const rows = await this.current.findMany({ levels: filter.levels ?? [...HIGH_RISK_LEVELS], protocolId: filter.protocolId, before: cursor ? decodeCursor(cursor) : undefined, limit: limit + 1 });
    return toPage(rows, limit, (row) => ({ at: row.assessedAt, key: row.assessmentId }), highRiskView);
  }

  /** The figures of the dashboard; `limit` upcoming ETAs and high-risk assessments. */
  async summary(limit: number, now = new Date()): Promise<DashboardSummary> {
    const [stages, levels, upcoming, highRisk, networks] = await Promise.all([
      this.lifecycle.countByStage(),
      this.current.countByLevel(),
      this.active(limit, undefined, now),
      this.highRisk({}, limit),
      this.networks.list(now.getTime()),
    ]);
    const byStage = Object.fromEntries(upgradeStage.options.map((stage) => [stage, stages.get(stage) ?? 0])) as Record<UpgradeStage, number>;
    return {
      generatedAt: now.toISOString(),
      lifecycles: { byStage, active: OPEN_STAGES.reduce((sum, stage) => sum + byStage[stage], 0) },
      assessments: { byLevel: Object.fromEntries(riskLevel.options.map((level) => [level, levels.get(level) ?? 0])) as Record<RiskLevel, number> },
      upcoming: upcoming.items,
      highRisk: highRisk.items,
      networks,
    };
  }

  private async withRisk(rows: LifecycleEntity[]): Promise<ActiveUpgradeView[]> {
    const latest = new Map((await this.subjects.latestOf('lifecycle', rows.map((row) => row.upgradeId))).map((assessment) => [assessment.subjectId, assessment]));
    return rows.map((row) => activeUpgradeView(row, latest.get(row.upgradeId)));
  }
}

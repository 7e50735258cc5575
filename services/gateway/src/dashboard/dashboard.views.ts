import type { RiskAssessment } from '@pum/contracts';
import type { LifecycleEntity } from '../lifecycle/lifecycle.entity';
import { lifecycleView, type LifecycleView } from '../lifecycle/lifecycle.views';
import type { CurrentAssessmentRow } from './current-assessments.repository';

/** The latest assessment of a lifecycle, in brief. */
export interface LatestRiskView {
  assessmentId: string;
  version: number;
  score: number;
  level: RiskAssessment['level'];
  stage: RiskAssessment['stage'] | null;
  assessedAt: string | null;
}

/** An upgrade under way with its latest risk (see openapi.yaml `ActiveUpgrade`). */
export type ActiveUpgradeView = LifecycleView & { risk: LatestRiskView | null; riskUrl: string };

export function activeUpgradeView(row: LifecycleEntity, latest: RiskAssessment | undefined): ActiveUpgradeView {
  return {
    ...lifecycleView(row),
    risk: latest
      ? { assessmentId: latest.assessmentId, version: latest.assessmentVersion ?? 1, score: latest.score, level: latest.level, stage: latest.stage ?? null, assessedAt: latest.assessedAt ?? null }
      : null,
    riskUrl: `/api/v1/lifecycle/${encodeURIComponent(row.upgradeId)}/risk`,
  };
}

/** Where a subject's risk history is served. */
function riskUrlOf(row: Pick<CurrentAssessmentRow, 'subjectType' | 'subjectId'>): string {
  switch (row.subjectType) {
    case 'lifecycle':
      return `/api/v1/lifecycle/${encodeURIComponent(row.subjectId)}/risk`;
    case 'upgrade':
      return `/api/v1/upgrades/${row.subjectId}/risk`;
    case 'control_event':
      return `/api/v1/events/${row.subjectId}/risk`;
  }
}

/** A current high or critical assessment (see openapi.yaml `HighRiskAlert`). */
export function highRiskView(row: CurrentAssessmentRow) {
  return { ...row, assessedAt: row.assessedAt.toISOString(), riskUrl: riskUrlOf(row) };
}
export type HighRiskView = ReturnType<typeof highRiskView>;

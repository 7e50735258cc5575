import type { RiskAssessment, RiskSubjectType } from '@pum/contracts';
import type { RiskAssessmentEntity } from '../upgrades/risk-assessment.entity';
import type { RiskView } from '../upgrades/upgrade.views';

/** One assessment in an upgrade's risk history, with the subject it was made of (see openapi.yaml `RiskVersion`). */
export interface RiskVersionView {
  subjectType: RiskSubjectType;
  subjectId: string;
  assessmentId: string;
  /** The subject's assessment version; null for per-event upgrade assessments, which are not versioned. */
  version: number | null;
  score: number;
  level: RiskAssessment['level'];
  modelVersion: string;
  subjectStatus: RiskAssessment['subjectStatus'];
  stage: RiskAssessment['stage'] | null;
  assessedAt: string | null;
}

/** `GET /api/v1/upgrades/{id}/risk`: the latest per-event assessment as before, the lifecycle it executed and every assessment of both (see openapi.yaml `UpgradeRisk`). */
export type UpgradeRiskView = RiskView & { lifecycleId: string | null; history: RiskVersionView[] };

export function perEventVersionView(row: RiskAssessmentEntity): RiskVersionView {
  return {
    subjectType: 'upgrade',
    subjectId: row.upgradeId,
    assessmentId: row.id,
    version: null,
    score: row.score,
    level: row.level,
    modelVersion: row.modelVersion,
    subjectStatus: row.subjectStatus,
    stage: null,
    assessedAt: row.assessedAt.toISOString(),
  };
}

export function subjectVersionView(assessment: RiskAssessment): RiskVersionView {
  return {
    subjectType: assessment.subjectType,
    subjectId: assessment.subjectId,
    assessmentId: assessment.assessmentId,
    version: assessment.assessmentVersion ?? 1,
    score: assessment.score,
    level: assessment.level,
    modelVersion: assessment.modelVersion,
    subjectStatus: assessment.subjectStatus,
    stage: assessment.stage ?? null,
    assessedAt: assessment.assessedAt ?? null,
  };
}

/**
 * Newest first: by assessment time, then by version (an assessment without a time last).
 *
 * @example [a, b].sort(newestFirst)
 */
export function newestFirst(a: RiskVersionView, b: RiskVersionView): number {
  const time = (v: RiskVersionView) => (v.assessedAt === null ? -Infinity : Date.parse(v.assessedAt));
  return time(b) - time(a) || (b.version ?? 0) - (a.version ?? 0);
}

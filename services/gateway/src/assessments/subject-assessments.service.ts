import type { MessageOf, RiskAssessment } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { SubjectAssessmentsRepository } from './subject-assessments.repository';

/** One version in a subject's history, as `GET /api/v1/lifecycle/{upgradeId}/risk` lists it. */
export interface AssessmentVersionView {
  version: number;
  assessmentId: string;
  score: number;
  level: RiskAssessment['level'];
  stage: RiskAssessment['stage'] | null;
  inputsHash: string | null;
  assessedAt: string | null;
}

/** A lifecycle's assessment before (and after) execution: the latest version in full, and every version. */
export interface LifecycleRiskView {
  upgradeId: string;
  latest: RiskAssessment;
  versions: AssessmentVersionView[];
}

/** Keeps every version of the engine's assessments of lifecycles and control-plane events. */
@Injectable()
export class SubjectAssessmentsService {
  constructor(private readonly repository: SubjectAssessmentsRepository) {}

  /** Stores a versioned assessment; false for a replay. Per-event `upgrade` assessments are not this read model's. */
  async apply(message: MessageOf<'risk.assessments.v1'>): Promise<boolean> {
    const assessment = message.payload;
    if (assessment.subjectType === 'upgrade') return false;
    return this.repository.insert(assessment, assessment.assessmentVersion ?? 1, new Date(assessment.assessedAt ?? message.occurredAt), message.id);
  }

  /** The lifecycle's assessments, newest version first; NotFound (404) when it has none yet. */
  async ofLifecycle(upgradeId: string): Promise<LifecycleRiskView> {
    const versions = await this.repository.versionsOf('lifecycle', upgradeId);
    const latest = versions[0];
    if (!latest) throw new NotFoundException(`no risk assessment of upgrade lifecycle ${upgradeId} yet`);
    return {
      upgradeId,
      latest,
      versions: versions.map((v) => ({
        version: v.assessmentVersion ?? 1,
        assessmentId: v.assessmentId,
        score: v.score,
        level: v.level,
        stage: v.stage ?? null,
        inputsHash: v.inputsHash ?? null,
        assessedAt: v.assessedAt ?? null,
      })),
    };
  }
}

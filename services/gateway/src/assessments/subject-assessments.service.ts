import type { MessageOf, RiskAssessment } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { SubjectAssessmentsRepository, type AssessedSubjectType } from './subject-assessments.repository';

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

/** A control-plane event's assessment: the latest version in full, and every version (see openapi.yaml `ControlEventRisk`). */
export interface ControlEventRiskView {
  eventId: string;
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
    return { upgradeId, latest, versions: versions.map(versionView) };
  }

  /** The control-plane event's assessments, newest version first; null when it has none. */
  async ofControlEvent(eventId: string): Promise<ControlEventRiskView | null> {
    const versions = await this.repository.versionsOf('control_event', eventId);
    const latest = versions[0];
    return latest ? { eventId, latest, versions: versions.map(versionView) } : null;
  }

  /** Every version of a subject's assessment in full, newest first (empty when never assessed). */
  async versionsOf(subjectType: AssessedSubjectType, subjectId: string): Promise<RiskAssessment[]> {
    return this.repository.versionsOf(subjectType, subjectId);
  }

  /** The newest version of each given subject's assessment. */
  async latestOf(subjectType: AssessedSubjectType, subjectIds: string[]): Promise<RiskAssessment[]> {
    return this.repository.latestOf(subjectType, subjectIds);
  }

  /** The newest version of each of a protocol's subjects of one type, newest version assessed since `since`. */
  async latestOfProtocol(subjectType: AssessedSubjectType, protocolId: string, since: Date): Promise<RiskAssessment[]> {
    return this.repository.latestOfProtocol(subjectType, protocolId, since);
  }
}

function versionView(v: RiskAssessment): AssessmentVersionView {
  return {
    version: v.assessmentVersion ?? 1,
    assessmentId: v.assessmentId,
    score: v.score,
    level: v.level,
    stage: v.stage ?? null,
    inputsHash: v.inputsHash ?? null,
    assessedAt: v.assessedAt ?? null,
  };
}

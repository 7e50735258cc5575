import type { RiskAssessment, RiskLevel, RiskSubjectType } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PagePosition } from '../http/page-cursor';

/** One subject's current assessment: its latest version (versioned subjects) or latest per-event assessment (upgrades). */
export interface CurrentAssessmentRow {
  assessmentId: string;
  subjectType: RiskSubjectType;
  subjectId: string;
  chainId: number;
  contract: string;
  protocolId: string | null;
  score: number;
  level: RiskLevel;
  subjectStatus: RiskAssessment['subjectStatus'];
  stage: string | null;
  eta: string | null;
  modelVersion: string;
  assessedAt: Date;
}

export interface CurrentAssessmentFilter {
  levels: RiskLevel[];
  protocolId?: string;
  /** Exclusive upper bound of the (assessedAt, assessmentId) ordering: the page cursor. */
  before?: PagePosition;
  limit: number;
}

/**
 * SQL of the current assessments across both assessment read models: the versioned ones of lifecycles and
 * control-plane events (subject_assessments) and the per-event ones of upgrades (risk_assessments). A subject
 * assessed as retracted has no current assessment.
 */
@Injectable()
export class CurrentAssessmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One row per subject, kept by the database (migration 1765600000000), with the names the reads use. */
  private current(): string {
    const schema = quotedSchema(this.dataSource);
    return `(
      SELECT assessment_id AS "assessmentId", subject_type AS "subjectType", subject_id AS "subjectId", chain_id AS "chainId", contract,
             protocol_id AS "protocolId", score, level, subject_status AS "subjectStatus", stage, eta, model_version AS "modelVersion",
             assessed_at AS "assessedAt"
        FROM ${schema}.current_assessments
    ) current_assessments`;
  }

  /** Current assessments of the given levels, newest first. */
  async findMany(filter: CurrentAssessmentFilter): Promise<CurrentAssessmentRow[]> {
    const params: unknown[] = [filter.levels, filter.limit];
    const where = [`"subjectStatus" <> 'retracted'`, `level = ANY($1)`];
    if (filter.protocolId !== undefined) where.push(`"protocolId" = $${params.push(filter.protocolId)}`);
    if (filter.before) where.push(`("assessedAt", "assessmentId") < ($${params.push(filter.before.at)}, $${params.push(filter.before.key)})`);
    return this.dataSource.query(`SELECT * FROM ${this.current()} WHERE ${where.join(' AND ')} ORDER BY "assessedAt" DESC, "assessmentId" DESC LIMIT $2`, params);
  }

  /** How many current assessments there are of each level (levels with none left out). */
  async countByLevel(): Promise<Map<RiskLevel, number>> {
    const rows: { level: RiskLevel; count: number }[] = await this.dataSource.query(`SELECT level, COUNT(*)::int AS count FROM ${this.current()} WHERE "subjectStatus" <> 'retracted' GROUP BY level`);
    return new Map(rows.map((row) => [row.level, row.count]));
  }
}

import type { RiskAssessment } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export type AssessedSubjectType = Exclude<RiskAssessment['subjectType'], 'upgrade'>;

/** SQL of the versioned assessments of lifecycles and control-plane events. */
@Injectable()
export class SubjectAssessmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a version; false when it was stored already (a replay changes nothing). */
  async insert(assessment: RiskAssessment, version: number, assessedAt: Date, messageId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ${quotedSchema(this.dataSource)}.subject_assessments
         (assessment_id, subject_type, subject_id, version, score, level, stage, assessed_at, payload, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (assessment_id) DO NOTHING
       RETURNING assessment_id`,
      [assessment.assessmentId, assessment.subjectType, assessment.subjectId, version, assessment.score, assessment.level, assessment.stage ?? null, assessedAt, assessment, messageId],
    );
    return rows.length > 0;
  }

  /** Every version of one subject's assessment, newest first. */
  async versionsOf(subjectType: AssessedSubjectType, subjectId: string): Promise<RiskAssessment[]> {
    const rows: { payload: RiskAssessment }[] = await this.dataSource.query(
      `SELECT payload FROM ${quotedSchema(this.dataSource)}.subject_assessments
        WHERE subject_type = $1 AND subject_id = $2
        ORDER BY version DESC, assessed_at DESC`,
      [subjectType, subjectId],
    );
    return rows.map((row) => row.payload);
  }
}

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
         (assessment_id, subject_type, subject_id, version, score, level, stage, assessed_at, payload, message_id, protocol_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (assessment_id) DO NOTHING
       RETURNING assessment_id`,
      [assessment.assessmentId, assessment.subjectType, assessment.subjectId, version, assessment.score, assessment.level, assessment.stage ?? null, assessedAt, assessment, messageId, assessment.protocolId],
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

  /** The newest version of each given subject's assessment (subjects never assessed are left out). */
  async latestOf(subjectType: AssessedSubjectType, subjectIds: string[]): Promise<RiskAssessment[]> {
    if (subjectIds.length === 0) return [];
    const rows: { payload: RiskAssessment }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (subject_id) payload FROM ${quotedSchema(this.dataSource)}.subject_assessments
        WHERE subject_type = $1 AND subject_id = ANY($2)
        ORDER BY subject_id, version DESC, assessed_at DESC`,
      [subjectType, subjectIds],
    );
    return rows.map((row) => row.payload);
  }

  /** The newest version of each of a protocol's subjects of one type whose newest version was assessed since `since`. */
  async latestOfProtocol(subjectType: AssessedSubjectType, protocolId: string, since: Date): Promise<RiskAssessment[]> {
    const rows: { payload: RiskAssessment }[] = await this.dataSource.query(
      `SELECT payload FROM (
         SELECT DISTINCT ON (subject_id) payload, assessed_at FROM ${quotedSchema(this.dataSource)}.subject_assessments
          WHERE protocol_id = $1 AND subject_type = $2
          ORDER BY subject_id, version DESC, assessed_at DESC
       ) latest
       WHERE assessed_at >= $3`,
      [protocolId, subjectType, since],
    );
    return rows.map((row) => row.payload);
  }
}

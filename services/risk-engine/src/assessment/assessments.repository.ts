import type { RiskAssessment } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface StoredVersion {
  version: number;
  inputsHash: string;
  payload: RiskAssessment;
  published: boolean;
}

/** Versions of every subject's assessment. */
@Injectable()
export class AssessmentsRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /**
   * Adds a version unless the subject's latest has the same inputs hash, under a per-subject advisory
   * lock (two instances may assess one subject from different partitions). Returns the subject's
   * latest version after the call.
   */
  async addVersion(subjectType: string, subjectId: string, inputsHash: string, build: (version: number) => RiskAssessment): Promise<StoredVersion> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${subjectType}:${subjectId}`]);
      const rows = (await manager.query(
        `SELECT version, inputs_hash, payload, published FROM ${this.schema}.assessments WHERE subject_type = $1 AND subject_id = $2 ORDER BY version DESC LIMIT 1`,
        [subjectType, subjectId],
      )) as { version: number; inputs_hash: string; payload: RiskAssessment; published: boolean }[];
      const latest = rows[0];
      if (latest && latest.inputs_hash === inputsHash) return { version: latest.version, inputsHash, payload: latest.payload, published: latest.published };
      const version = (latest?.version ?? 0) + 1;
      const payload = build(version);
      await manager.query(
        `INSERT INTO ${this.schema}.assessments (subject_type, subject_id, version, inputs_hash, assessment_id, protocol_id, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [subjectType, subjectId, version, inputsHash, payload.assessmentId, payload.protocolId, JSON.stringify(payload)],
      );
      return { version, inputsHash, payload, published: false };
    });
  }

  async markPublished(subjectType: string, subjectId: string, version: number): Promise<void> {
    await this.db.query(`UPDATE ${this.schema}.assessments SET published = true WHERE subject_type = $1 AND subject_id = $2 AND version = $3`, [subjectType, subjectId, version]);
  }

  /** Every version of a subject, oldest first. */
  async versions(subjectType: string, subjectId: string): Promise<StoredVersion[]> {
    const rows = (await this.db.query(
      `SELECT version, inputs_hash, payload, published FROM ${this.schema}.assessments WHERE subject_type = $1 AND subject_id = $2 ORDER BY version`,
      [subjectType, subjectId],
    )) as { version: number; inputs_hash: string; payload: RiskAssessment; published: boolean }[];
    return rows.map((row) => ({ version: row.version, inputsHash: row.inputs_hash, payload: row.payload, published: row.published }));
  }
}

import type { GuidancePayload, MessageOf } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** SQL of the guidance read model: one row per guidance id (one per assessment version of a lifecycle). */
@Injectable()
export class GuidanceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the guidance, or replaces a stored one of the same id whose content differs when this message
   * is not older (by producedAt); false when nothing changed (a replay, or an older restatement).
   */
  async upsert(message: MessageOf<'guidance.v1'>): Promise<boolean> {
    const guidance = message.payload;
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ${quotedSchema(this.dataSource)}.guidance AS g
         (guidance_id, upgrade_id, assessment_id, assessment_version, protocol_id, stance, severity, as_of, payload, produced_at, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (guidance_id) DO UPDATE SET
         upgrade_id = EXCLUDED.upgrade_id, assessment_id = EXCLUDED.assessment_id, assessment_version = EXCLUDED.assessment_version,
         protocol_id = EXCLUDED.protocol_id, stance = EXCLUDED.stance, severity = EXCLUDED.severity, as_of = EXCLUDED.as_of,
         payload = EXCLUDED.payload, produced_at = EXCLUDED.produced_at, message_id = EXCLUDED.message_id
       WHERE g.payload IS DISTINCT FROM EXCLUDED.payload AND g.produced_at <= EXCLUDED.produced_at
       RETURNING guidance_id`,
      [
        guidance.guidanceId,
        guidance.upgradeId,
        guidance.assessmentId,
        guidance.assessmentVersion,
        guidance.protocolId,
        guidance.stance,
        guidance.severity,
        new Date(guidance.asOf),
        guidance,
        new Date(message.producedAt),
        message.id,
      ],
    );
    return rows.length > 0;
  }

  /** Every guidance of a lifecycle, newest assessment version first. */
  async versionsOf(upgradeId: string): Promise<GuidancePayload[]> {
    const rows: { payload: GuidancePayload }[] = await this.dataSource.query(
      `SELECT payload FROM ${quotedSchema(this.dataSource)}.guidance
        WHERE upgrade_id = $1
        ORDER BY assessment_version DESC, as_of DESC`,
      [upgradeId],
    );
    return rows.map((row) => row.payload);
  }
}

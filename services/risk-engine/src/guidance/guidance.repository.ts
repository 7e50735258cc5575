import type { GuidancePayload } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface StoredGuidance {
  payload: GuidancePayload;
  published: boolean;
}

/** The guidance issued with each assessment version: written once, then only marked published. */
@Injectable()
export class GuidanceRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  async find(guidanceId: string): Promise<StoredGuidance | null> {
    const rows = (await this.db.query(`SELECT payload, published FROM ${this.schema}.guidance WHERE guidance_id = $1`, [guidanceId])) as StoredGuidance[];
    return rows[0] ?? null;
  }

  /**
   * Stores the guidance of an assessment version unless one is stored already (another instance, or an earlier
   * attempt, was first); returns the stored one, which is the one to publish.
   */
  async add(payload: GuidancePayload): Promise<StoredGuidance> {
    await this.db.query(
      `INSERT INTO ${this.schema}.guidance (guidance_id, upgrade_id, assessment_version, payload) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [payload.guidanceId, payload.upgradeId, payload.assessmentVersion, JSON.stringify(payload)],
    );
    const stored = await this.find(payload.guidanceId);
    if (!stored) throw new Error(`guidance ${payload.guidanceId} was not stored`);
    return stored;
  }

  async markPublished(guidanceId: string): Promise<void> {
    await this.db.query(`UPDATE ${this.schema}.guidance SET published = true WHERE guidance_id = $1`, [guidanceId]);
  }

  /** Every guidance of a lifecycle, by assessment version. */
  async ofUpgrade(upgradeId: string): Promise<StoredGuidance[]> {
    return (await this.db.query(`SELECT payload, published FROM ${this.schema}.guidance WHERE upgrade_id = $1 ORDER BY assessment_version`, [upgradeId])) as StoredGuidance[];
  }
}

import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Where a lifecycle began on chain: the evidence of its earliest stage that names a block, and that stage's time. */
export interface LifecycleOrigin {
  evidence: string;
  at: string;
}

/**
 * What the stored lifecycles say beyond each one's latest stage: where it began (the proposal's creation,
 * a timelock schedule), and whether an earlier lifecycle named the same new implementation.
 */
@Injectable()
export class LifecycleHistoryRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /**
   * Keeps `evidence` as the lifecycle's origin unless an earlier stage's is stored (stages can arrive out of
   * order, and a replay changes nothing). The lifecycle must be stored already.
   */
  async recordOrigin(upgradeId: string, evidence: string, at: string): Promise<void> {
    await this.db.query(
      `UPDATE ${this.schema}.lifecycles SET origin_evidence = $2, origin_at = $3
       WHERE upgrade_id = $1 AND (origin_at IS NULL OR origin_at > $3 OR (origin_at = $3 AND origin_evidence > $2))`,
      [upgradeId, evidence, at],
    );
  }

  async origin(upgradeId: string): Promise<LifecycleOrigin | null> {
    const rows = (await this.db.query(`SELECT origin_evidence, origin_at FROM ${this.schema}.lifecycles WHERE upgrade_id = $1 AND origin_evidence IS NOT NULL`, [upgradeId])) as {
      origin_evidence: string;
      origin_at: Date;
    }[];
    const row = rows[0];
    return row ? { evidence: row.origin_evidence, at: row.origin_at.toISOString() } : null;
  }

  /**
   * Whether a lifecycle that began before this one (on any chain) named `implementation` as its new
   * implementation. Only earlier ones count, so the answer for a lifecycle does not flip when a later one
   * reuses its implementation. Null when the lifecycle is not stored.
   */
  async implementationSeenBefore(upgradeId: string, implementation: string): Promise<boolean | null> {
    const rows = (await this.db.query(
      `SELECT EXISTS (
         SELECT 1 FROM ${this.schema}.lifecycles other
         WHERE other.payload->>'newImplementation' = $2 AND other.upgrade_id <> self.upgrade_id AND other.first_stage_at < self.first_stage_at
       ) AS seen
       FROM ${this.schema}.lifecycles self WHERE self.upgrade_id = $1`,
      [upgradeId, implementation.toLowerCase()],
    )) as { seen: boolean }[];
    return rows[0]?.seen ?? null;
  }
}

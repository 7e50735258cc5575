import type { UpgradeReference } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

interface WindowRow {
  upgrade_id: string;
  stage: UpgradeReference['stage'];
  protocol_id: string;
  eta: Date;
  message_id: string;
}

/** Upgrades whose window around the ETA is forecast, one row per upgrade and stage (upserted). */
@Injectable()
export class UpgradeWindowsRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /** `executionEventId`: the on-chain execution event (protocol.events.v1 entity id) this window already covers. */
  async upsert(reference: UpgradeReference, executionEventId: string | null = null): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.upgrade_windows (upgrade_id, stage, protocol_id, eta, message_id, execution_event_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (upgrade_id, stage) DO UPDATE SET protocol_id = EXCLUDED.protocol_id, eta = EXCLUDED.eta, message_id = EXCLUDED.message_id,
         execution_event_id = EXCLUDED.execution_event_id`,
      [reference.upgradeId, reference.stage, reference.protocolId, reference.eta, reference.messageId, executionEventId],
    );
  }

  /** Whether a window of another upgrade id (a lifecycle window) already covers this execution event. */
  async coversExecution(executionEventId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM ${this.schema}.upgrade_windows WHERE execution_event_id = $1 LIMIT 1`, [executionEventId])) as unknown[];
    return rows.length > 0;
  }

  /** Forgets an upgrade's windows (all stages, or one). */
  async remove(upgradeId: string, stage?: UpgradeReference['stage']): Promise<void> {
    if (stage === undefined) await this.db.query(`DELETE FROM ${this.schema}.upgrade_windows WHERE upgrade_id = $1`, [upgradeId]);
    else await this.db.query(`DELETE FROM ${this.schema}.upgrade_windows WHERE upgrade_id = $1 AND stage = $2`, [upgradeId, stage]);
  }

  /** Deletes windows whose ETA is before `before` (long past: no fit reaches them); returns how many. */
  async pruneBefore(before: Date): Promise<number> {
    const [, deleted] = (await this.db.query(`DELETE FROM ${this.schema}.upgrade_windows WHERE eta < $1`, [before])) as [unknown[], number]; // pg: [rows, rowCount]
    return deleted;
  }

  /** Windows of the given protocols whose ETA is at or after `since`. */
  async ofProtocols(protocolIds: string[], since: Date): Promise<UpgradeReference[]> {
    if (protocolIds.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT * FROM ${this.schema}.upgrade_windows WHERE protocol_id = ANY($1) AND eta >= $2 ORDER BY eta, upgrade_id, stage`,
      [protocolIds, since],
    )) as WindowRow[];
    return rows.map((row) => ({
      upgradeId: row.upgrade_id,
      stage: row.stage,
      eta: row.eta.toISOString(),
      protocolId: row.protocol_id,
      messageId: row.message_id,
    }));
  }
}

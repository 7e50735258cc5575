import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { OpenWindow } from '../sources/onchain/contract-scanner';

/** ingest-market's SQL: per-series cursors (dedupe), the backfill ledger, per-contract block cursors. */
@Injectable()
export class MarketStateRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /** The newest published timestamp (ms) of each of `keys` that has one. */
  async seriesCursors(keys: string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = (await this.db.query(`SELECT series_key, last_timestamp FROM ${this.schema}.series_cursors WHERE series_key = ANY($1)`, [keys])) as { series_key: string; last_timestamp: Date }[];
    return new Map(rows.map((row) => [row.series_key, row.last_timestamp.getTime()]));
  }

  /** Moves series cursors forward (never back). */
  async advanceSeries(cursors: Map<string, number>): Promise<void> {
    if (cursors.size === 0) return;
    const keys = [...cursors.keys()];
    const stamps = [...cursors.values()].map((ms) => new Date(ms).toISOString());
    await this.db.query(
      `INSERT INTO ${this.schema}.series_cursors (series_key, last_timestamp)
       SELECT * FROM unnest($1::text[], $2::timestamptz[])
       ON CONFLICT (series_key) DO UPDATE SET last_timestamp = GREATEST(series_cursors.last_timestamp, EXCLUDED.last_timestamp), updated_at = now()`,
      [keys, stamps],
    );
  }

  async backfilled(source: string): Promise<Set<string>> {
    const rows = (await this.db.query(`SELECT subject_key FROM ${this.schema}.backfills WHERE source = $1`, [source])) as { subject_key: string }[];
    return new Set(rows.map((row) => row.subject_key));
  }

  async markBackfilled(source: string, subjectKey: string, ticks: number): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.backfills (source, subject_key, ticks) VALUES ($1, $2, $3)
       ON CONFLICT (source, subject_key) DO UPDATE SET ticks = EXCLUDED.ticks, completed_at = now()`,
      [source, subjectKey, ticks],
    );
  }

  /** The last block read of a contract, with the volume window still open there. */
  async contractCursor(chainId: number, address: string): Promise<{ block: bigint; open: OpenWindow | null } | undefined> {
    const rows = (await this.db.query(
      `SELECT block_number, open_window_start, open_window_volume FROM ${this.schema}.contract_cursors WHERE chain_id = $1 AND address = $2`,
      [chainId, address],
    )) as { block_number: string; open_window_start: string | null; open_window_volume: number | null }[];
    if (rows.length === 0) return undefined;
    const [row] = rows;
    const open = row.open_window_start === null || row.open_window_volume === null ? null : { start: Number(row.open_window_start), volume: row.open_window_volume };
    return { block: BigInt(row.block_number), open };
  }

  /** Cursor and open window in one row, so a restart resumes the window's sum exactly where the cursor is. */
  async saveContractCursor(chainId: number, address: string, block: bigint, open: OpenWindow | null): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.contract_cursors (chain_id, address, block_number, open_window_start, open_window_volume) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (chain_id, address) DO UPDATE SET block_number = EXCLUDED.block_number, open_window_start = EXCLUDED.open_window_start,
         open_window_volume = EXCLUDED.open_window_volume, updated_at = now()`,
      [chainId, address, block.toString(), open?.start ?? null, open?.volume ?? null],
    );
  }
}

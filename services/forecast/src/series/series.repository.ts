import type { ForecastSeries } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { BarPoint } from './bars';

export interface StoredPoint {
  tickId: string;
  observedAt: string;
  value: number;
  messageId: string;
}

/** A stored series with how far its fits are behind its data. */
export interface StoredSeries extends ForecastSeries {
  /** Bumped by every tick that added or changed a point. */
  dataVersion: number;
  /** The data version the last published fit saw. */
  fittedVersion: number;
  lastFitAt: Date | null;
}

/** A peer's TVL at both ends of a window (for cross-protocol flows). */
export interface WindowEnds {
  seriesKey: string;
  start: number;
  end: number;
}

interface SeriesRow {
  series_key: string;
  subject_type: ForecastSeries['subject']['type'];
  subject_id: string;
  metric: ForecastSeries['metric'];
  source: ForecastSeries['source'];
  protocol_id: string | null;
  chain_id: number | null;
  data_version: string;
  fitted_version: string;
  last_fit_at: Date | null;
}

/** The forecast service's SQL for stored series: ticks upserted by tick id, bars read back. */
@Injectable()
export class SeriesRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /**
   * Stores one observation. A replayed tick (same id, same value) changes nothing and returns
   * false; a new or corrected one bumps the series' data version and returns true.
   */
  async record(series: ForecastSeries, point: StoredPoint): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${this.schema}.series (series_key, subject_type, subject_id, metric, source, protocol_id, chain_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (series_key) DO UPDATE SET protocol_id = COALESCE(EXCLUDED.protocol_id, series.protocol_id)`,
        [series.key, series.subject.type, series.subject.id, series.metric, series.source, series.protocolId, series.chainId],
      );
      const changed = (await tx.query(
        `INSERT INTO ${this.schema}.series_points (tick_id, series_key, observed_at, value, message_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tick_id) DO UPDATE SET value = EXCLUDED.value, observed_at = EXCLUDED.observed_at, message_id = EXCLUDED.message_id
           WHERE series_points.value IS DISTINCT FROM EXCLUDED.value OR series_points.observed_at IS DISTINCT FROM EXCLUDED.observed_at
         RETURNING tick_id`,
        [point.tickId, series.key, point.observedAt, point.value, point.messageId],
      )) as unknown[];
      if (changed.length === 0) return false;
      await tx.query(`UPDATE ${this.schema}.series SET data_version = data_version + 1 WHERE series_key = $1`, [series.key]);
      return true;
    });
  }

  async find(key: string): Promise<StoredSeries | null> {
    const rows = (await this.db.query(`SELECT * FROM ${this.schema}.series WHERE series_key = $1`, [key])) as SeriesRow[];
    return rows.length === 0 ? null : toSeries(rows[0]);
  }

  /** The last observation of each of the newest `limit` non-empty bars, oldest first. */
  async lastPerBar(key: string, barSeconds: number, limit: number): Promise<BarPoint[]> {
    const rows = (await this.db.query(
      `SELECT bucket, value FROM (
         SELECT DISTINCT ON (bucket) floor(extract(epoch FROM observed_at) / $2)::bigint AS bucket, value
         FROM ${this.schema}.series_points WHERE series_key = $1
         ORDER BY bucket DESC, observed_at DESC, tick_id DESC
         LIMIT $3) newest
       ORDER BY bucket`,
      [key, barSeconds, limit],
    )) as { bucket: string; value: number }[];
    return rows.map((row) => ({ bucket: Number(row.bucket), value: row.value }));
  }

  async markFitted(key: string, version: number, at: Date): Promise<void> {
    await this.db.query(`UPDATE ${this.schema}.series SET fitted_version = GREATEST(fitted_version, $2), last_fit_at = $3 WHERE series_key = $1`, [
      key,
      version,
      at,
    ]);
  }

  /** Series whose newest data no fit has seen yet (after a restart: the work left to do). */
  async unfitted(): Promise<StoredSeries[]> {
    const rows = (await this.db.query(`SELECT * FROM ${this.schema}.series WHERE data_version > fitted_version ORDER BY series_key`)) as SeriesRow[];
    return rows.map(toSeries);
  }

  /** Series of a protocol: tagged with it, or whose subject is one of its ids (registry id, DeFiLlama slug, CoinGecko id). */
  async ofProtocol(protocolId: string, protocolSubjectIds: string[], assetSubjectIds: string[]): Promise<StoredSeries[]> {
    const rows = (await this.db.query(
      `SELECT * FROM ${this.schema}.series
       WHERE protocol_id = $1 OR (subject_type = 'protocol' AND subject_id = ANY($2)) OR (subject_type = 'asset' AND subject_id = ANY($3))
       ORDER BY series_key`,
      [protocolId, protocolSubjectIds, assetSubjectIds],
    )) as SeriesRow[];
    return rows.map(toSeries);
  }

  /**
   * Storage bound of one series (run by SeriesRetention): in every bar but the newest only the bar's
   * last observation is read (lastPerBar, chainTvlAt at bar ends), so the others are deleted; and
   * bars beyond the newest `keepBars` non-empty ones are deleted whole. What fits read is unchanged
   * as long as `keepBars` ≥ FORECAST_MAX_OBSERVATIONS. Returns the number of points deleted.
   */
  async prune(key: string, barSeconds: number, keepBars: number): Promise<number> {
    const rows = (await this.db.query(
      `WITH ranked AS (
         SELECT tick_id,
                row_number() OVER (PARTITION BY floor(extract(epoch FROM observed_at) / $2) ORDER BY observed_at DESC, tick_id DESC) AS in_bar,
                dense_rank() OVER (ORDER BY floor(extract(epoch FROM observed_at) / $2) DESC) AS bar
         FROM ${this.schema}.series_points WHERE series_key = $1)
       DELETE FROM ${this.schema}.series_points p USING ranked r
       WHERE p.tick_id = r.tick_id AND ((r.in_bar > 1 AND r.bar > 1) OR r.bar > $3)`,
      [key, barSeconds, keepBars],
    )) as [unknown[], number]; // TypeORM's pg driver answers a DELETE with [rows, rowCount]
    return rows[1];
  }

  /** Every stored series (for housekeeping). */
  async all(): Promise<StoredSeries[]> {
    const rows = (await this.db.query(`SELECT * FROM ${this.schema}.series ORDER BY series_key`)) as SeriesRow[];
    return rows.map(toSeries);
  }

  /**
   * TVL of every protocol series on a chain from one source at the start and end of a window
   * (the last observation at or before each instant); series without both are left out.
   */
  async chainTvlAt(chainId: number, source: string, start: Date, end: Date): Promise<WindowEnds[]> {
    const rows = (await this.db.query(
      `SELECT s.series_key,
              (SELECT value FROM ${this.schema}.series_points p WHERE p.series_key = s.series_key AND p.observed_at <= $3
                ORDER BY observed_at DESC LIMIT 1) AS start_value,
              (SELECT value FROM ${this.schema}.series_points p WHERE p.series_key = s.series_key AND p.observed_at <= $4
                ORDER BY observed_at DESC LIMIT 1) AS end_value
       FROM ${this.schema}.series s
       WHERE s.subject_type = 'protocol' AND s.metric = 'tvl' AND s.chain_id = $1 AND s.source = $2
       ORDER BY s.series_key`,
      [chainId, source, start, end],
    )) as { series_key: string; start_value: number | null; end_value: number | null }[];
    return rows
      .filter((row) => row.start_value !== null && row.end_value !== null)
      .map((row) => ({ seriesKey: row.series_key, start: row.start_value as number, end: row.end_value as number }));
  }
}

function toSeries(row: SeriesRow): StoredSeries {
  return {
    key: row.series_key,
    subject: { type: row.subject_type, id: row.subject_id },
    metric: row.metric,
    source: row.source,
    protocolId: row.protocol_id,
    chainId: row.chain_id,
    dataVersion: Number(row.data_version),
    fittedVersion: Number(row.fitted_version),
    lastFitAt: row.last_fit_at,
  };
}

import { marketSeriesId, type MarketMetric, type MarketTick } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** One series' latest value, with the change against the value 24 h before it. */
export interface LatestRow {
  seriesId: string;
  metric: MarketMetric;
  subjectType: MarketTick['subject']['type'];
  subjectId: string;
  source: MarketTick['source'];
  protocolId: string | null;
  chainId: number | null;
  windowSeconds: number | null;
  value: number;
  observedAt: Date;
  change24h: number | null;
  tickId: string;
}

export interface LatestFilter {
  metric: MarketMetric;
  protocolId?: string[];
  subject?: string[];
  subjectType?: MarketTick['subject']['type'];
  chainId?: number[];
  source?: MarketTick['source'][];
  /** Exclusive lower bound of the series id ordering: the page cursor. */
  after?: string;
  limit: number;
}

/** One series' values in buckets of a fixed width. */
export interface BucketRow {
  seriesId: string;
  metric: MarketMetric;
  subjectType: MarketTick['subject']['type'];
  subjectId: string;
  source: MarketTick['source'];
  chainId: number | null;
  windowSeconds: number | null;
  bucket: Date;
  /** The bucket's last value (by observation time), its sum and its count. */
  last: number;
  sum: number;
  count: number;
}

/**
 * The series' value 24 h before a time: the newest tick between 48 h and 24 h before it, so a series with a gap
 * (or younger than a day) gets no change rather than one against a much older value.
 */
const CHANGE_24H = `
  (SELECT b.value FROM %s.market_ticks b
    WHERE b.series_id = l.series_id AND b.observed_at <= l.observed_at - interval '24 hours' AND b.observed_at > l.observed_at - interval '48 hours'
    ORDER BY b.observed_at DESC LIMIT 1)`;

/** SQL of the market read model. */
@Injectable()
export class MarketRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores a tick and makes it its series' latest unless a later one is there. Returns the series' new latest row
   * (with its 24 h change) when the tick became it; null for a replayed tick or a late one older than the latest.
   */
  async apply(tick: MarketTick): Promise<LatestRow | null> {
    return this.dataSource.transaction(async (manager) => {
      const schema = quotedSchema(this.dataSource);
      const seriesId = marketSeriesId(tick);
      const values = [
        tick.tickId,
        seriesId,
        tick.metric,
        tick.subject.type,
        tick.subject.id,
        tick.source,
        tick.protocolId,
        tick.chainId,
        tick.windowSeconds,
        tick.value,
        new Date(tick.timestamp),
      ];
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${schema}.market_ticks (tick_id, series_id, metric, subject_type, subject_id, source, protocol_id, chain_id, window_seconds, value, observed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (tick_id) DO NOTHING RETURNING tick_id`,
        values,
      );
      if (inserted.length === 0) return null;
      const latest: unknown[] = await manager.query(
        `INSERT INTO ${schema}.market_latest (tick_id, series_id, metric, subject_type, subject_id, source, protocol_id, chain_id, window_seconds, value, observed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (series_id) DO UPDATE SET
           tick_id = EXCLUDED.tick_id, protocol_id = EXCLUDED.protocol_id, window_seconds = EXCLUDED.window_seconds,
           value = EXCLUDED.value, observed_at = EXCLUDED.observed_at
         WHERE market_latest.observed_at < EXCLUDED.observed_at
         RETURNING series_id`,
        values,
      );
      if (latest.length === 0) return null;
      return (await this.latestRows(manager, 'l.series_id = $1', [seriesId], 1))[0] ?? null;
    });
  }

  /** The latest value of every series of a metric that matches the filter, by series id. */
  async latest(filter: LatestFilter): Promise<LatestRow[]> {
    const where = ['l.metric = $1'];
    const params: unknown[] = [filter.metric];
    const add = (clause: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.protocolId) add((p) => `l.protocol_id = ANY(${p})`, filter.protocolId);
    if (filter.subject) add((p) => `l.subject_id = ANY(${p})`, filter.subject);
    if (filter.subjectType) add((p) => `l.subject_type = ${p}`, filter.subjectType);
    if (filter.chainId) add((p) => `l.chain_id = ANY(${p}::int[])`, filter.chainId);
    if (filter.source) add((p) => `l.source = ANY(${p})`, filter.source);
    if (filter.after !== undefined) add((p) => `l.series_id > ${p}`, filter.after);
    return this.latestRows(this.dataSource.manager, where.join(' AND '), params, filter.limit);
  }

  /**
   * A protocol's series of the given metrics between `from` (inclusive) and `to` (exclusive) in buckets of
   * `intervalSeconds` aligned on the Unix epoch, each with its last value, sum and count (Postgres `date_bin`).
   */
  async buckets(protocolId: string, metrics: MarketMetric[], from: Date, to: Date, intervalSeconds: number): Promise<BucketRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT series_id, metric, subject_type, subject_id, source, chain_id, max(window_seconds) AS window_seconds,
              date_bin(make_interval(secs => $5), observed_at, timestamptz 'epoch') AS bucket,
              (array_agg(value ORDER BY observed_at DESC))[1] AS last, sum(value) AS sum, count(*)::int AS count
         FROM ${quotedSchema(this.dataSource)}.market_ticks
        WHERE protocol_id = $1 AND metric = ANY($2) AND observed_at >= $3 AND observed_at < $4
        GROUP BY series_id, metric, subject_type, subject_id, source, chain_id, bucket
        ORDER BY series_id, bucket`,
      [protocolId, metrics, from, to, intervalSeconds],
    );
    return rows.map((row) => ({
      seriesId: String(row.series_id),
      metric: row.metric as MarketMetric,
      subjectType: row.subject_type as BucketRow['subjectType'],
      subjectId: String(row.subject_id),
      source: row.source as BucketRow['source'],
      chainId: row.chain_id === null ? null : Number(row.chain_id),
      windowSeconds: row.window_seconds === null ? null : Number(row.window_seconds),
      bucket: new Date(row.bucket as string | Date),
      last: Number(row.last),
      sum: Number(row.sum),
      count: Number(row.count),
    }));
  }

  /** Deletes ticks observed before `before` (each series' latest value stays in `market_latest`); returns how many. */
  async prune(before: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(`DELETE FROM ${quotedSchema(this.dataSource)}.market_ticks WHERE observed_at < $1`, [before]);
    return affected;
  }

  private async latestRows(manager: EntityManager, where: string, params: unknown[], limit: number): Promise<LatestRow[]> {
    const schema = quotedSchema(this.dataSource);
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT l.*, ${CHANGE_24H.replace('%s', schema)} AS base_24h
         FROM ${schema}.market_latest l
        WHERE ${where}
        ORDER BY l.series_id
        LIMIT ${Number(limit)}`,
      params,
    );
    return rows.map((row) => {
      const value = Number(row.value);
      const base = row.base_24h === null ? null : Number(row.base_24h);
      return {
        seriesId: String(row.series_id),
        metric: row.metric as MarketMetric,
        subjectType: row.subject_type as LatestRow['subjectType'],
        subjectId: String(row.subject_id),
        source: row.source as LatestRow['source'],
        protocolId: (row.protocol_id as string | null) ?? null,
        chainId: row.chain_id === null ? null : Number(row.chain_id),
        windowSeconds: row.window_seconds === null ? null : Number(row.window_seconds),
        value,
        observedAt: new Date(row.observed_at as string | Date),
        change24h: base === null || base === 0 ? null : value / base - 1,
        tickId: String(row.tick_id),
      };
    });
  }
}

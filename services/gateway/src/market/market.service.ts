import { TOPICS, type MarketMetric, type MarketUpdate, type MarketUpdateMessage, type MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { Inject, Injectable, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { encodeCursor, decodeCursor, type Page } from '../http/page-cursor';
import { ProtocolDirectory } from '../protocols/protocol-directory';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { MarketRepository, type BucketRow, type LatestFilter } from './market.repository';
import { marketUpdateView, type MetricSeries, type ProtocolMetrics } from './market.views';

/** DI token of the market read model's settings. */
export const MARKET_SETTINGS = Symbol('MARKET_SETTINGS');

export interface MarketSettings {
  /** Ticks older than this are deleted (each series' latest value stays). */
  retainDays: number;
  /** How often the retention runs. */
  pruneIntervalMs: number;
}

/** The widest answer of `/protocols/{id}/metrics`: buckets per series. */
export const MAX_BUCKETS = 2_000;

/**
 * Keeps the market read model from `market.ticks.v1` and pushes each series' new latest value on its market
 * channel (`prices`, `tvl`, `volumes`) as a `market.update`.
 */
@Injectable()
export class MarketService implements OnModuleInit, OnModuleDestroy {
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: MarketRepository,
    private readonly realtime: RealtimeGateway,
    private readonly directory: ProtocolDirectory,
    private readonly logger: JsonLogger,
    @Inject(MARKET_SETTINGS) private readonly settings: MarketSettings,
  ) {}

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune(), this.settings.pruneIntervalMs);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  async apply(message: MessageOf<typeof TOPICS.marketTicks>): Promise<void> {
    const latest = await this.repository.apply(message.payload);
    if (latest === null) return; // a replay, or older than the series' latest: nothing new to push
    const update: MarketUpdateMessage = {
      version: message.version,
      type: 'market.update',
      id: message.id,
      occurredAt: message.occurredAt,
      // The tick message's own, so a client measures delivery latency from the producer as on every channel.
      producedAt: message.producedAt,
      source: message.source,
      payload: marketUpdateView(latest),
    };
    this.realtime.pushMarket(update);
  }

  async latest(filter: Omit<LatestFilter, 'after' | 'limit'>, limit: number, cursor?: string): Promise<Page<MarketUpdate>> {
    const rows = await this.repository.latest({ ...filter, limit: limit + 1, after: cursor ? decodeCursor(cursor).key : undefined });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(marketUpdateView), nextCursor: rows.length > limit && last ? encodeCursor({ at: new Date(0), key: last.seriesId }) : null };
  }

  async metrics(protocolId: string, metrics: MarketMetric[], from: Date, to: Date, interval: { label: string; seconds: number }): Promise<ProtocolMetrics> {
    if (!this.directory.find(protocolId)) throw new NotFoundException(`no protocol with id ${protocolId} in the registry`);
    const rows = await this.repository.buckets(protocolId, metrics, from, to, interval.seconds);
    const bySeries = new Map<string, BucketRow[]>();
    for (const row of rows) bySeries.set(row.seriesId, [...(bySeries.get(row.seriesId) ?? []), row]);
    const series: MetricSeries[] = [...bySeries.values()].map((buckets) => {
      const first = buckets[0]!;
      const aggregation = aggregationOf(first, interval.seconds);
      return {
        seriesId: first.seriesId,
        metric: first.metric,
        subject: { type: first.subjectType, id: first.subjectId },
        source: first.source,
        chainId: first.chainId,
        aggregation,
        points: buckets.map((bucket) => ({ t: bucket.bucket.toISOString(), value: aggregation === 'sum' ? bucket.sum : bucket.last, ticks: bucket.count })),
      };
    });
    return { protocolId, from: from.toISOString(), to: to.toISOString(), interval: interval.label, intervalSeconds: interval.seconds, series };
  }

  private async prune(): Promise<void> {
    try {
      const deleted = await this.repository.prune(new Date(Date.now() - this.settings.retainDays * 86_400_000));
      if (deleted > 0) this.logger.log({ msg: 'market ticks pruned', deleted, retain_days: this.settings.retainDays });
    } catch (error) {
      // The next run tries again; reads are unaffected (they are bounded by from/to and the latest table).
      this.logger.warn({ msg: 'market tick retention failed', error: String(error) });
    }
  }
}

/**
 * Volumes over fixed windows that fit in a bucket add up (DeFiLlama's daily, on-chain hourly windows); a rolling
 * window (CoinGecko's 24 h volume, polled every minute, overlaps its neighbours) or one wider than the bucket does
 * not, so its bucket shows the last value, as prices and TVL do.
 */
function aggregationOf(series: BucketRow, intervalSeconds: number): 'last' | 'sum' {
  if (series.metric !== 'volume' || series.source === 'coingecko' || series.windowSeconds === null) return 'last';
  return series.windowSeconds <= intervalSeconds ? 'sum' : 'last';
}


import { MARKET_CHANNEL_METRICS, type MarketChannel, type MarketMetric, type MarketUpdate } from '@pum/contracts';
import type { LatestRow } from './market.repository';

const CHANNEL_OF = Object.fromEntries(Object.entries(MARKET_CHANNEL_METRICS).map(([channel, metric]) => [metric, channel])) as Record<MarketMetric, MarketChannel>;

/** The market channel that carries a metric: `price` → `prices`, `tvl` → `tvl`, `volume` → `volumes`. */
export function channelOf(metric: MarketMetric): MarketChannel {
  return CHANNEL_OF[metric];
}

/** A series' latest value as `/realtime/*` lists it and the market channels push it. */
export function marketUpdateView(row: LatestRow): MarketUpdate {
  return {
    channel: channelOf(row.metric),
    id: row.subjectId,
    value: row.value,
    timestamp: row.observedAt.toISOString(),
    change24h: row.change24h,
    seriesId: row.seriesId,
    subject: { type: row.subjectType, id: row.subjectId },
    metric: row.metric,
    source: row.source,
    protocolId: row.protocolId,
    chainId: row.chainId,
    windowSeconds: row.windowSeconds,
    tickId: row.tickId,
  };
}

export interface MetricPoint {
  /** Start of the bucket. */
  t: string;
  value: number;
  /** Ticks in the bucket. */
  ticks: number;
}

export interface MetricSeries {
  seriesId: string;
  metric: MarketMetric;
  subject: { type: LatestRow['subjectType']; id: string };
  source: LatestRow['source'];
  chainId: number | null;
  /** `last`: the bucket's last value (prices, TVL, rolling or wider volume windows); `sum`: fixed volume windows added up. */
  aggregation: 'last' | 'sum';
  points: MetricPoint[];
}

export interface ProtocolMetrics {
  protocolId: string;
  from: string;
  to: string;
  interval: string;
  intervalSeconds: number;
  series: MetricSeries[];
}

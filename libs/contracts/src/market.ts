import { z } from 'zod';
import { chainId, isoTimestamp } from './primitives';

/** What a market figure is about: a priced asset, a protocol's TVL, or a pool (DEX pair, oracle feed). */
export const marketSubject = z.object({
  type: z.enum(['asset', 'protocol', 'pool']),
  /**
   * Stable id within the type: a CoinGecko id or `chainId:address` for assets, the registry id (or
   * DeFiLlama slug when unregistered) for protocols, `chainId:address` for pools and feeds.
   */
  id: z.string().min(1),
});
export type MarketSubject = z.infer<typeof marketSubject>;

export const marketMetric = z.enum(['price', 'tvl', 'volume']);
export type MarketMetric = z.infer<typeof marketMetric>;

/** Where a market figure came from. */
export const marketSource = z.enum(['coingecko', 'defillama', 'uniswap-v2', 'uniswap-v3', 'chainlink']);
export type MarketSource = z.infer<typeof marketSource>;

/** A normalised observation: one metric of one subject at one time from one source. */
export const marketTickPayload = z.object({
  /** `source:subjectType:subjectId:metric[@chainId]:timestamp` — see `marketTickId`. */
  tickId: z.string().min(1),
  subject: marketSubject,
  metric: marketMetric,
  /** In `currency` units; prices and TVL are never negative. */
  value: z.number().finite().nonnegative(),
  currency: z.literal('usd'),
  /** When the value was true at the source (not when it was fetched). */
  timestamp: isoTimestamp,
  source: marketSource,
  /** Registry protocol the subject belongs to, when known. */
  protocolId: z.string().min(1).nullable(),
  /** Chain of an on-chain or per-chain figure; null for cross-chain aggregates. */
  chainId: chainId.nullable(),
  /**
   * Volume window in seconds ending at `timestamp`; null for point-in-time metrics. A rolling window
   * (CoinGecko's 24h volume, 86400, polled every minute) overlaps its neighbours: such ticks must not be
   * summed; fixed windows (DeFiLlama daily, on-chain windows) do not overlap.
   */
  windowSeconds: z.number().int().positive().nullable(),
});
export type MarketTick = z.infer<typeof marketTickPayload>;

/**
 * Deterministic id of a tick: the same observation fetched twice is one message. A chain-scoped
 * tick (a protocol's TVL on one chain, a pool) carries its chain, so it never shares an id with the
 * cross-chain aggregate of the same subject at the same instant.
 *
 * @example marketTickId({ source: 'coingecko', subject: { type: 'asset', id: 'aave' }, metric: 'price', timestamp: '2026-01-01T00:00:00.000Z' })
 * // 'coingecko:asset:aave:price:2026-01-01T00:00:00.000Z'
 * @example marketTickId({ source: 'defillama', subject: { type: 'protocol', id: 'aave' }, metric: 'tvl', chainId: 1, timestamp: '2026-01-01T00:00:00Z' })
 * // 'defillama:protocol:aave:tvl@1:2026-01-01T00:00:00.000Z'
 */
export function marketTickId(
  tick: Pick<MarketTick, 'source' | 'subject' | 'metric' | 'timestamp'> & { chainId?: number | null },
): string {
  const chain = tick.chainId === undefined || tick.chainId === null ? '' : `@${tick.chainId}`;
  return `${tick.source}:${tick.subject.type}:${tick.subject.id}:${tick.metric}${chain}:${new Date(tick.timestamp).toISOString()}`;
}

/** What a market source answered, kept for audit and replay (validated answers only). */
export const marketRawPayload = z.object({
  source: marketSource,
  /** The request, e.g. `/simple/price?ids=aave&vs_currencies=usd` or `eth_getLogs 1:0xpool 100-200`. */
  request: z.string().min(1),
  fetchedAt: isoTimestamp,
  body: z.unknown(),
});
export type MarketRaw = z.infer<typeof marketRawPayload>;

/**
 * Id of a market series: one metric of one subject from one source (on one chain, for chain-scoped figures) —
 * a tick's id without its time.
 *
 * @example marketSeriesId({ source: 'coingecko', subject: { type: 'asset', id: 'aave' }, metric: 'price', chainId: null }) // 'coingecko:asset:aave:price'
 */
export function marketSeriesId(tick: Pick<MarketTick, 'source' | 'subject' | 'metric'> & { chainId?: number | null }): string {
  const chain = tick.chainId === undefined || tick.chainId === null ? '' : `@${tick.chainId}`;
  return `${tick.source}:${tick.subject.type}:${tick.subject.id}:${tick.metric}${chain}`;
}

/** The Socket.IO market channels and the metric each carries. */
export const MARKET_CHANNEL_METRICS = { prices: 'price', tvl: 'tvl', volumes: 'volume' } as const satisfies Record<string, MarketMetric>;
export type MarketChannel = keyof typeof MARKET_CHANNEL_METRICS;
export const MARKET_CHANNELS = Object.keys(MARKET_CHANNEL_METRICS) as MarketChannel[];

/**
 * A series' new latest value, as the gateway pushes it on the `prices`, `tvl` and `volumes` channels (and lists it
 * under `/api/v1/realtime/*`): the on-chain services specification's `{ channel, id, value, timestamp, change24h }`,
 * with the series it belongs to.
 */
export const marketUpdatePayload = z.object({
  channel: z.enum(['prices', 'tvl', 'volumes']),
  /** The subject's id (a CoinGecko id, `chainId:address`, a registry protocol id). */
  id: z.string().min(1),
  value: z.number().finite().nonnegative(),
  timestamp: isoTimestamp,
  /** Relative change against the series' value 24 h before `timestamp` (0.05 = +5 %); null without one. */
  change24h: z.number().finite().nullable(),
  /** See `marketSeriesId`. */
  seriesId: z.string().min(1),
  subject: marketSubject,
  metric: marketMetric,
  source: marketSource,
  protocolId: z.string().min(1).nullable(),
  chainId: chainId.nullable(),
  windowSeconds: z.number().int().positive().nullable(),
  /** The `market.ticks.v1` tick the value came from. */
  tickId: z.string().min(1),
});
export type MarketUpdate = z.infer<typeof marketUpdatePayload>;

import { z } from 'zod';

const usd = z.number().finite().nullable().optional();

/** `/protocols`: every protocol with its current TVL (used to check that a slug exists). */
export const protocolsAnswer = z.array(z.object({ slug: z.string().min(1), name: z.string(), tvl: usd }).loose());

/** A TVL history point: `date` in unix seconds. */
const tvlPoint = z.object({ date: z.number().int().positive(), totalLiquidityUSD: z.number().finite() });

/**
 * `/protocol/{slug}`: TVL history `tvl: [{ date, totalLiquidityUSD }]` and per chain
 * `chainTvls: { "<Chain>": { tvl: [...] } }` (keys such as `Ethereum-borrowed`, `staking` or `pool2`
 * are not chains and are ignored).
 */
export const protocolAnswer = z.object({
  name: z.string(),
  tvl: z.array(tvlPoint),
  chainTvls: z.record(z.string(), z.object({ tvl: z.array(tvlPoint) })).default({}),
});
export type ProtocolAnswer = z.infer<typeof protocolAnswer>;

/** `/v2/chains`: chain names (as in `chainTvls`) and their EVM chain ids (null for non-EVM chains). */
export const chainsAnswer = z.array(z.object({ name: z.string().min(1), chainId: z.number().int().positive().nullable().optional() }));

/** `/overview/dexs?excludeTotalDataChart=true&excludeTotalDataChartBreakdown=true`: protocols with a DEX volume adapter. */
export const dexOverviewAnswer = z.object({
  protocols: z.array(z.object({ name: z.string(), slug: z.string().min(1).optional(), total24h: usd }).loose()),
});

/** `/summary/dexs/{slug}?excludeTotalDataChartBreakdown=true`: daily volume `totalDataChart: [[unix seconds, usd]]`. */
export const dexSummaryAnswer = z.object({
  totalDataChart: z.array(z.tuple([z.number().int().positive(), z.number().finite()])),
});

/** coins.llama.fi `/prices/current/{coins}`: `{ coins: { "<coin>": { price, symbol, timestamp, confidence } } }`; unknown coins left out. */
export const currentPricesAnswer = z.object({
  coins: z.record(z.string(), z.object({ price: z.number().finite(), timestamp: z.number().int().positive(), symbol: z.string().optional(), confidence: z.number().optional() })),
});

/** coins.llama.fi `/chart/{coins}?start=…&span=…&period=1d`: `{ coins: { "<coin>": { prices: [{ timestamp, price }] } } }`. */
export const priceChartAnswer = z.object({
  coins: z.record(z.string(), z.object({ prices: z.array(z.object({ timestamp: z.number().int().positive(), price: z.number().finite() })), symbol: z.string().optional() })),
});

import { z } from 'zod';

const amount = z.number().finite().nullable().optional();

/**
 * `/simple/price?ids=…&vs_currencies=usd&include_market_cap=true&include_24hr_vol=true&include_24hr_change=true&include_last_updated_at=true`:
 * `{ "<id>": { usd, usd_market_cap, usd_24h_vol, usd_24h_change, last_updated_at } }`; unknown ids are left out.
 */
export const simplePriceAnswer = z.record(
  z.string(),
  z.object({
    usd: amount,
    usd_market_cap: amount,
    usd_24h_vol: amount,
    usd_24h_change: amount,
    /** Unix seconds. */
    last_updated_at: z.number().int().positive().nullable().optional(),
  }),
);
export type SimplePriceAnswer = z.infer<typeof simplePriceAnswer>;

/** `[unix ms, value]`; CoinGecko sends null for a gap. */
const point = z.tuple([z.number().int().positive(), z.number().finite().nullable()]);

/** `/coins/{id}/market_chart?vs_currency=usd&days=N`: 5-minutely (1 day), hourly (≤ 90 days) or daily points. */
export const marketChartAnswer = z.object({
  prices: z.array(point),
  market_caps: z.array(point),
  /** Rolling 24-hour volume at each instant. */
  total_volumes: z.array(point),
});
export type MarketChartAnswer = z.infer<typeof marketChartAnswer>;

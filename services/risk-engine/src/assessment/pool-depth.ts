import { tradeSlippage, type TradeSlippage } from '@pum/guidance';
import { impactBucket, type ObservedReadings, type PoolDepth } from './inputs';

/**
 * The price impact of selling `sizeUsd` of the token on the pool where that costs least (`tradeSlippage` of
 * @pum/guidance: exact constant product on V2, in-range liquidity on V3), rounded down to the impact grid for the
 * inputs, exact with the block read for the evidence. Null when no pool gives a quote (none listed, all empty).
 *
 * @example poolDepthOf(read, 100_000, [50, 200])?.depth // { poolId: '1:0x…', sizeUsd: 100000, impactBps: 200 }
 */
export function poolDepthOf(pools: ObservedReadings['pools'], sizeUsd: number, thresholds: readonly number[]): { depth: PoolDepth; observed: NonNullable<ObservedReadings['poolDepth']> } | null {
  let best: { quote: TradeSlippage; blockNumber: bigint } | undefined;
  for (const pool of [...pools].sort((a, b) => a.state.poolId.localeCompare(b.state.poolId))) {
    const quote = tradeSlippage(pool.state, 'sell', sizeUsd);
    if (quote !== undefined && (best === undefined || quote.priceImpactBps < best.quote.priceImpactBps)) best = { quote, blockNumber: pool.blockNumber };
  }
  if (best === undefined) return null;
  const impact = Math.max(0, best.quote.priceImpactBps);
  return {
    depth: { poolId: best.quote.poolId, sizeUsd, impactBps: impactBucket(impact, thresholds) },
    observed: { impactBps: Math.round(impact * 100) / 100, blockNumber: best.blockNumber.toString() },
  };
}

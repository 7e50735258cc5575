import { parseUnits } from 'viem';
import { v2Price, v3Price } from './pool-price';
import type { SwapQuote, TokenIndex } from './swap-quote';
import { uniswapV2Quote } from './uniswap-v2';
import { uniswapV3Quote, type UniswapV3Quote } from './uniswap-v3';

interface PoolBase {
  /** How the registry names the pool (e.g. its address). */
  poolId: string;
  decimals: readonly [number, number];
  /** The token priced at $1: trade sizes are dollars of it. */
  usdIndex: TokenIndex;
}

/** A registry pool's state, as read from the chain. */
export type PoolState =
  | (PoolBase & { protocol: 'uniswap_v2'; reserves: readonly [bigint, bigint] })
  | (PoolBase & { protocol: 'uniswap_v3'; sqrtPriceX96: bigint; liquidity: bigint; feePips: number; tickLower?: number; tickUpper?: number });

/** `buy`: dollars in, the token out; `sell`: the token worth that many dollars (at the mid price) in, dollars out. */
export type TradeDirection = 'buy' | 'sell';

/** One configured trade size on one pool in one direction: the quote, JSON-safe, with the pool state it came from. */
export interface TradeSlippage {
  poolId: string;
  protocol: PoolState['protocol'];
  direction: TradeDirection;
  sizeUsd: number;
  /** Base units, as decimal strings. */
  amountIn: string;
  amountOut: string;
  midPrice: number;
  executionPrice: number;
  midPriceAfter: number;
  feeBps: number;
  priceImpactBps: number;
  slippageBps: number;
  /** V3 only: the trade reaches the assumed range's bound (crossing ticks is not modelled); null when not known. */
  exhaustsRange: boolean | null;
  /** Every number of the pool state the quote used, bigints as decimal strings. */
  inputs: Record<string, string | number>;
}

/**
 * The token's dollar price in the pool (mid), or undefined when the pool is empty.
 *
 * @example poolUsdPrice({ protocol: 'uniswap_v2', poolId: 'p', usdIndex: 0, decimals: [6, 18], reserves: [2_000n * 10n ** 6n, 10n ** 18n] }) // 2000
 */
export function poolUsdPrice(pool: PoolState): number | undefined {
  const pair = { usdIndex: pool.usdIndex, decimals: [pool.decimals[0], pool.decimals[1]] as [number, number] };
  switch (pool.protocol) {
    case 'uniswap_v2':
      return v2Price([pool.reserves[0], pool.reserves[1]], pair);
    case 'uniswap_v3':
      return v3Price(pool.sqrtPriceX96, pair);
  }
}

/**
 * Quotes a trade of `sizeUsd` dollars on a pool in one direction; undefined when the pool has no price or the size
 * rounds to nothing in base units.
 *
 * @example tradeSlippage(pool, 'sell', 10_000)?.priceImpactBps
 */
export function tradeSlippage(pool: PoolState, direction: TradeDirection, sizeUsd: number): TradeSlippage | undefined {
  if (!(sizeUsd > 0) || !Number.isFinite(sizeUsd)) throw new RangeError(`sizeUsd must be a positive number, got ${sizeUsd}`);
  const price = poolUsdPrice(pool);
  if (price === undefined) return undefined;
  const tokenIndex: TokenIndex = pool.usdIndex === 0 ? 1 : 0;
  const tokenIn = direction === 'buy' ? pool.usdIndex : tokenIndex;
  const wholeUnits = direction === 'buy' ? sizeUsd : sizeUsd / price;
  const amountIn = parseUnits(wholeUnits.toFixed(pool.decimals[tokenIn]), pool.decimals[tokenIn]);
  if (amountIn <= 0n) return undefined;
  const { quote, inputs, exhaustsRange } = quotePool(pool, tokenIn, amountIn);
  return {
    poolId: pool.poolId,
    protocol: pool.protocol,
    direction,
    sizeUsd,
    amountIn: quote.amountIn.toString(),
    amountOut: quote.amountOut.toString(),
    midPrice: quote.midPrice,
    executionPrice: quote.executionPrice,
    midPriceAfter: quote.midPriceAfter,
    feeBps: quote.feeBps,
    priceImpactBps: quote.priceImpactBps,
    slippageBps: quote.slippageBps,
    exhaustsRange,
    inputs: { ...inputs, usdIndex: pool.usdIndex, decimals0: pool.decimals[0], decimals1: pool.decimals[1], usdPrice: price },
  };
}

function quotePool(pool: PoolState, tokenIn: TokenIndex, amountIn: bigint): { quote: SwapQuote; inputs: Record<string, string | number>; exhaustsRange: boolean | null } {
  switch (pool.protocol) {
    case 'uniswap_v2':
      return {
        quote: uniswapV2Quote(pool, { tokenIn, amountIn }),
        inputs: { reserve0: pool.reserves[0].toString(), reserve1: pool.reserves[1].toString() },
        exhaustsRange: null,
      };
    case 'uniswap_v3': {
      const quote: UniswapV3Quote = uniswapV3Quote(pool, { tokenIn, amountIn });
      const inputs: Record<string, string | number> = { sqrtPriceX96: pool.sqrtPriceX96.toString(), liquidity: pool.liquidity.toString(), feePips: pool.feePips };
      if (pool.tickLower !== undefined) inputs.tickLower = pool.tickLower;
      if (pool.tickUpper !== undefined) inputs.tickUpper = pool.tickUpper;
      return { quote, inputs, exhaustsRange: quote.exhaustsRange };
    }
  }
}

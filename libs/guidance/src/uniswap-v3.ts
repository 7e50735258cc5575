/**
 * Uniswap V3 swaps inside the current tick range, after the whitepaper (§6.2.3) and the pool's SqrtPriceMath:
 * with in-range liquidity L, selling Δy of token1 moves √P up by Δy / L, selling Δx of token0 moves 1/√P up by
 * Δx / L. Crossing into the next initialised tick changes L, and that is NOT modelled: the quote assumes L holds for
 * the whole trade. When the caller knows the range's tick bounds, the quote says whether the trade would reach them.
 */
import { v3Price1Per0 } from './pool-price';
import { assertPositiveAmount, swapQuote, type ExactInput, type SwapQuote } from './swap-quote';

/** A V3 pool's state as slot0 and liquidity() give it, with the fee tier and, where known, the range's bounds. */
export interface UniswapV3State {
  /** √(token1 per token0, base units) · 2^96. */
  sqrtPriceX96: bigint;
  /** In-range liquidity L. */
  liquidity: bigint;
  /** Fee tier in hundredths of a basis point (3000 = 0.3 %). */
  feePips: number;
  decimals: readonly [number, number];
  /** The ticks where L is assumed to end (e.g. the nearest initialised ticks); omit when unknown. */
  tickLower?: number;
  tickUpper?: number;
}

/** An in-range quote, and whether the trade would push the price out of the assumed range. */
export interface UniswapV3Quote extends SwapQuote {
  /** √P once the swap is done, as the pool would hold it. */
  sqrtPriceAfterX96: bigint;
  /** True when the trade reaches the range's bound (the amount beyond it is priced as if L continued); null without bounds. */
  exhaustsRange: boolean | null;
  /** The most the range can absorb in the token sold before its bound (fee included); null without bounds. */
  amountInToRangeBound: bigint | null;
}

const Q96 = 2n ** 96n;
const PIPS = 1_000_000n;

const divUp = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp (adding token0): L·√P / (L + Δx·√P), rounded up. */
function nextSqrtPriceFromAmount0(sqrtP: bigint, liquidity: bigint, amount: bigint): bigint {
  const numerator = liquidity << 96n;
  return divUp(numerator * sqrtP, numerator + amount * sqrtP);
}

/** SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown (adding token1): √P + Δy / L, rounded down. */
function nextSqrtPriceFromAmount1(sqrtP: bigint, liquidity: bigint, amount: bigint): bigint {
  return sqrtP + (amount << 96n) / liquidity;
}

/** SqrtPriceMath.getAmount0Delta: L · (√b − √a) / (√a · √b), token0 between two prices. */
function amount0Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = sqrtA < sqrtB ? [sqrtA, sqrtB] : [sqrtB, sqrtA];
  const numerator = liquidity << 96n;
  return roundUp ? divUp(divUp(numerator * (hi - lo), hi), lo) : (numerator * (hi - lo)) / hi / lo;
}

/** SqrtPriceMath.getAmount1Delta: L · (√b − √a), token1 between two prices. */
function amount1Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lo, hi] = sqrtA < sqrtB ? [sqrtA, sqrtB] : [sqrtB, sqrtA];
  const product = liquidity * (hi - lo);
  return roundUp ? divUp(product, Q96) : product / Q96;
}

/**
 * √(1.0001^tick) · 2^96 in double precision: close enough to tell whether a trade reaches a bound, not the exact
 * TickMath value.
 */
export function approximateSqrtPriceAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || Math.abs(tick) > 887_272) throw new RangeError(`tick must be an integer within ±887272, got ${tick}`);
  return BigInt(Math.round(Math.exp((tick * Math.log(1.0001)) / 2) * 2 ** 96));
}

/**
 * Quote of an exact-input swap that stays in the current range: the fee comes off the amount first (as the pool
 * does), the rest moves √P along L, and the other token comes out at the pool's rounding.
 *
 * @example
 * // L = 10^18 at price 1 (token1 per token0), 0.3 %: sell 10^16 token0
 * uniswapV3Quote({ sqrtPriceX96: 2n ** 96n, liquidity: 10n ** 18n, feePips: 3000, decimals: [18, 18] }, { tokenIn: 0, amountIn: 10n ** 16n }).amountOut
 * // 9871580343970612n: Δx' = 0.997·10^16, √P' = L / (L + Δx'), Δy = L·(1 − √P')
 */
export function uniswapV3Quote(pool: UniswapV3State, trade: ExactInput): UniswapV3Quote {
  assertPositiveAmount(trade.amountIn);
  if (pool.liquidity <= 0n) throw new RangeError(`liquidity must be positive, got ${pool.liquidity}`);
  if (pool.sqrtPriceX96 <= 0n) throw new RangeError(`sqrtPriceX96 must be positive, got ${pool.sqrtPriceX96}`);
  if (!Number.isInteger(pool.feePips) || pool.feePips < 0 || pool.feePips >= 1_000_000) throw new RangeError(`feePips must be an integer in [0, 10^6), got ${pool.feePips}`);

  const fee = BigInt(pool.feePips);
  const { sqrtPriceX96: sqrtP, liquidity } = pool;
  const zeroForOne = trade.tokenIn === 0;
  const amountLessFee = (trade.amountIn * (PIPS - fee)) / PIPS;
  const sqrtAfter = zeroForOne ? nextSqrtPriceFromAmount0(sqrtP, liquidity, amountLessFee) : nextSqrtPriceFromAmount1(sqrtP, liquidity, amountLessFee);
  const amountOut = zeroForOne ? amount1Delta(sqrtAfter, sqrtP, liquidity, false) : amount0Delta(sqrtP, sqrtAfter, liquidity, false);

  const bound = rangeBound(pool, zeroForOne);
  let amountInToRangeBound: bigint | null = null;
  if (bound !== null) {
    const net = zeroForOne ? amount0Delta(bound, sqrtP, liquidity, true) : amount1Delta(sqrtP, bound, liquidity, true);
    amountInToRangeBound = divUp(net * PIPS, PIPS - fee);
  }

  const outPerIn = (sqrt: bigint): number => {
    const price1per0 = v3Price1Per0(sqrt, pool.decimals);
    if (price1per0 === undefined) throw new RangeError(`sqrtPriceX96 ${sqrt} gives no finite price`);
    return zeroForOne ? price1per0 : 1 / price1per0;
  };
  return {
    ...swapQuote(trade, amountOut, pool.decimals, { midPrice: outPerIn(sqrtP), midPriceAfter: outPerIn(sqrtAfter) }, pool.feePips / 100),
    sqrtPriceAfterX96: sqrtAfter,
    exhaustsRange: amountInToRangeBound === null ? null : trade.amountIn >= amountInToRangeBound,
    amountInToRangeBound,
  };
}

/** √P at the bound the trade moves towards (lower for token0 sold, upper for token1), or null when not given. */
function rangeBound(pool: UniswapV3State, zeroForOne: boolean): bigint | null {
  const tick = zeroForOne ? pool.tickLower : pool.tickUpper;
  if (tick === undefined) return null;
  const bound = approximateSqrtPriceAtTick(tick);
  // A bound on the wrong side of the price: the price is already outside the assumed range.
  if (zeroForOne ? bound >= pool.sqrtPriceX96 : bound <= pool.sqrtPriceX96) return pool.sqrtPriceX96;
  return bound;
}

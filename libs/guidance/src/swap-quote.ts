import { units } from './pool-price';

/** Index of a pool's token: 0 or 1, as the pool orders them. */
export type TokenIndex = 0 | 1;

/** An exact-input swap: sell `amountIn` base units of token `tokenIn` for the other token. */
export interface ExactInput {
  tokenIn: TokenIndex;
  amountIn: bigint;
}

/**
 * What a pool pays for an exact-input swap, and what it costs against the mid price. Prices are the other token
 * per token sold, in whole units.
 */
export interface SwapQuote {
  tokenIn: TokenIndex;
  tokenOut: TokenIndex;
  /** Base units. */
  amountIn: bigint;
  amountOut: bigint;
  /** Price before the swap (infinitesimal trade, no fee). */
  midPrice: number;
  /** amountOut / amountIn. */
  executionPrice: number;
  /** The pool's mid price once the swap is done. */
  midPriceAfter: number;
  /** The pool's fee on the amount sold, in basis points (30 = 0.3 %). */
  feeBps: number;
  /** Cost of the trade's size alone: 1 − executionPrice / (midPrice · (1 − fee)), in basis points. */
  priceImpactBps: number;
  /** All-in cost against the mid price, fee included: 1 − executionPrice / midPrice, in basis points. */
  slippageBps: number;
}

const BPS = 10_000;

/** Builds the quote's prices and costs from the amounts a pool's maths gave. */
export function swapQuote(
  trade: ExactInput,
  amountOut: bigint,
  decimals: readonly [number, number],
  prices: { midPrice: number; midPriceAfter: number },
  feeBps: number,
): SwapQuote {
  const tokenOut: TokenIndex = trade.tokenIn === 0 ? 1 : 0;
  const executionPrice = units(amountOut, decimals[tokenOut]) / units(trade.amountIn, decimals[trade.tokenIn]);
  const feeFactor = 1 - feeBps / BPS;
  return {
    tokenIn: trade.tokenIn,
    tokenOut,
    amountIn: trade.amountIn,
    amountOut,
    midPrice: prices.midPrice,
    executionPrice,
    midPriceAfter: prices.midPriceAfter,
    feeBps,
    priceImpactBps: (1 - executionPrice / (prices.midPrice * feeFactor)) * BPS,
    slippageBps: (1 - executionPrice / prices.midPrice) * BPS,
  };
}

/** Throws unless `amountIn` is positive: a pool quotes nothing for nothing. */
export function assertPositiveAmount(amountIn: bigint): void {
  if (amountIn <= 0n) throw new RangeError(`amountIn must be positive, got ${amountIn}`);
}

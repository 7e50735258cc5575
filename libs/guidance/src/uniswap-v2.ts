import { units } from './pool-price';
import { assertPositiveAmount, swapQuote, type ExactInput, type SwapQuote } from './swap-quote';

/** A Uniswap V2 pair's state: its reserves (base units) and its tokens' decimals. */
export interface UniswapV2State {
  reserves: readonly [bigint, bigint];
  decimals: readonly [number, number];
}

/** Uniswap V2's fee, fixed by the pair contract: 0.3 % of the amount sold. */
export const UNISWAP_V2_FEE_BPS = 30;

/**
 * What a V2 pair pays for `amountIn`, exactly as UniswapV2Library.getAmountOut (the pair's K check accepts this
 * amount and rejects one more): amountOut = amountIn·997·reserveOut / (reserveIn·1000 + amountIn·997).
 *
 * @example uniswapV2AmountOut(10n ** 18n, 100n * 10n ** 18n, 200_000n * 10n ** 6n) // 1974316068n (1974.316068 USDC)
 */
export function uniswapV2AmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  assertPositiveAmount(amountIn);
  if (reserveIn <= 0n || reserveOut <= 0n) throw new RangeError(`reserves must be positive, got ${reserveIn} and ${reserveOut}`);
  const inWithFee = amountIn * 997n;
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee);
}

/**
 * Quote of an exact-input swap on a V2 pair: the amount out, and its price and cost against the pair's mid price
 * (reserveOut / reserveIn in whole units). The whole amount in, fee included, stays in the reserves.
 *
 * @example uniswapV2Quote({ reserves: [100n * 10n ** 18n, 200_000n * 10n ** 6n], decimals: [18, 6] }, { tokenIn: 0, amountIn: 10n ** 18n }).priceImpactBps // ≈ 98.7
 */
export function uniswapV2Quote(pool: UniswapV2State, trade: ExactInput): SwapQuote {
  const inIndex = trade.tokenIn;
  const outIndex = inIndex === 0 ? 1 : 0;
  const reserveIn = pool.reserves[inIndex];
  const reserveOut = pool.reserves[outIndex];
  const amountOut = uniswapV2AmountOut(trade.amountIn, reserveIn, reserveOut);
  const price = (rIn: bigint, rOut: bigint) => units(rOut, pool.decimals[outIndex]) / units(rIn, pool.decimals[inIndex]);
  return swapQuote(
    trade,
    amountOut,
    pool.decimals,
    { midPrice: price(reserveIn, reserveOut), midPriceAfter: price(reserveIn + trade.amountIn, reserveOut - amountOut) },
    UNISWAP_V2_FEE_BPS,
  );
}

/**
 * Prices from a pool's state: Uniswap V2 reserves and V3 sqrtPriceX96, in whole token units. ingest-market prices
 * its ticks with these, and the slippage quotes take their mid prices from them.
 */
import { formatUnits } from 'viem';

/** A pool's two tokens, which of them is worth one US dollar, and their decimals. */
export interface UsdPair {
  /** 0 or 1: the token priced at $1. */
  usdIndex: 0 | 1;
  decimals: [number, number];
}

const Q192 = 2n ** 192n;

/** A token amount in whole units (loses precision beyond ~15 significant digits, as any float would). */
export function units(amount: bigint, decimals: number): number {
  return Number(formatUnits(amount, decimals));
}

/**
 * USD price of the pool's other token from two reserves (Uniswap V2): USD reserve over the other's.
 *
 * @example v2Price([2_000n * 10n ** 18n, 1n * 10n ** 18n], { usdIndex: 0, decimals: [18, 18] }) // 2000
 */
export function v2Price(reserves: [bigint, bigint], pair: UsdPair): number | undefined {
  const usd = units(reserves[pair.usdIndex], pair.decimals[pair.usdIndex]);
  const other = units(reserves[1 - pair.usdIndex], pair.decimals[1 - pair.usdIndex]);
  return other > 0 ? usd / other : undefined;
}

/**
 * A Uniswap V3 pool's price as token1 per token0 in whole units, from its sqrtPriceX96:
 * sqrtP² / 2^192 · 10^(decimals0 − decimals1); undefined when it is not a positive finite number.
 *
 * @example v3Price1Per0(79228162514264337593543950336n, [18, 18]) // 1
 */
export function v3Price1Per0(sqrtPriceX96: bigint, decimals: readonly [number, number]): number | undefined {
  // Scale before dividing so small prices keep their digits: 18 extra decimals, then back.
  const scaled = (sqrtPriceX96 * sqrtPriceX96 * 10n ** 18n) / Q192;
  const price1per0 = units(scaled, 18) * 10 ** (decimals[0] - decimals[1]);
  return price1per0 > 0 && Number.isFinite(price1per0) ? price1per0 : undefined;
}

/**
 * USD price of the pool's other token from a Uniswap V3 sqrtPriceX96 (token1 per token0, raw units):
 * price1per0 = sqrtP² / 2^192 · 10^(decimals0 − decimals1).
 *
 * @example v3Price(79228162514264337593543950336n, { usdIndex: 1, decimals: [18, 18] }) // 1
 */
export function v3Price(sqrtPriceX96: bigint, pair: UsdPair): number | undefined {
  const price1per0 = v3Price1Per0(sqrtPriceX96, pair.decimals);
  if (price1per0 === undefined) return undefined;
  return pair.usdIndex === 1 ? price1per0 : 1 / price1per0;
}

/** The USD side of a trade, in dollars: what went in plus what came out (one side is zero in a plain swap). */
export function usdVolume(amounts: [bigint, bigint], pair: UsdPair): number {
  const amount = amounts[pair.usdIndex];
  return units(amount < 0n ? -amount : amount, pair.decimals[pair.usdIndex]);
}

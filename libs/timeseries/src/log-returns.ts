/** Options for {@link logReturns}. */
export interface LogReturnsOptions {
  /** Multiply each return by this factor (e.g. 100 for percent returns). Default 1. */
  scale?: number;
}

/**
 * Log returns r_t = scale · ln(p_t / p_{t−1}) of a price series.
 * Throws a RangeError naming the first offending index if a price is not a
 * positive finite number; fewer than two prices give an empty array.
 * @example logReturns([100, 110, 99]) // [0.0953…, −0.1053…]
 */
export function logReturns(prices: readonly number[], options: LogReturnsOptions = {}): number[] {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`scale must be a positive finite number, got ${String(scale)}`);
  }
  prices.forEach((p, i) => {
    if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0) {
      throw new RangeError(`price at index ${i} must be a positive finite number, got ${String(p)}`);
    }
  });
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(scale * Math.log(prices[i] / prices[i - 1]));
  return out;
}

import type { PricePoint } from '@pum/guidance';
import type { MarketPoint } from '../inputs/risk-state.repository';

/**
 * Stored ticks as regular bars: the last positive price in each bar of `barSeconds` (epoch-aligned), stamped with
 * the bar's start. Ticks of two assets rarely share a timestamp; their bars do, so the hedge fit can align them.
 *
 * @example lastPerBar([{ observedAt: '2026-01-01T00:10:00Z', value: 2 }, { observedAt: '2026-01-01T00:50:00Z', value: 3 }], 3600)
 * // [{ at: '2026-01-01T00:00:00.000Z', price: 3 }]
 */
export function lastPerBar(points: readonly Pick<MarketPoint, 'observedAt' | 'value'>[], barSeconds: number): PricePoint[] {
  const barMs = barSeconds * 1000;
  const bars = new Map<number, { observedMs: number; price: number }>();
  for (const point of points) {
    const observedMs = Date.parse(point.observedAt);
    if (!(point.value > 0) || !Number.isFinite(point.value) || Number.isNaN(observedMs)) continue;
    const bar = Math.floor(observedMs / barMs) * barMs;
    const held = bars.get(bar);
    if (!held || held.observedMs <= observedMs) bars.set(bar, { observedMs, price: point.value });
  }
  return [...bars.entries()].sort(([a], [b]) => a - b).map(([bar, { price }]) => ({ at: new Date(bar).toISOString(), price }));
}

/**
 * Realised volatility of one bar: the sample standard deviation of the log returns between adjacent bars (a gap
 * of missing bars is skipped, not spread over one return); null with fewer than `minReturns` returns.
 *
 * @example realisedPeriodVolatility(ticks, 86_400, 5) // σ of daily log returns, or null
 */
export function realisedPeriodVolatility(points: readonly Pick<MarketPoint, 'observedAt' | 'value'>[], barSeconds: number, minReturns: number): number | null {
  const bars = lastPerBar(points, barSeconds);
  const returns: number[] = [];
  for (let i = 1; i < bars.length; i++) {
    if (Date.parse(bars[i].at) - Date.parse(bars[i - 1].at) === barSeconds * 1000) returns.push(Math.log(bars[i].price / bars[i - 1].price));
  }
  if (returns.length < Math.max(2, minReturns)) return null;
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance);
}

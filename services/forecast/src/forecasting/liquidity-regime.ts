import type { LiquidityRegime } from '@pum/contracts';

/**
 * Thresholds of the liquidity regime rule (docs/forecast.md explains the choice):
 * a fifth of TVL gone within the window, or a tenth in one bar, is a run rather than drift.
 */
export const REGIME_THRESHOLDS = {
  stressedWindowChange: -0.2,
  stressedBarChange: -0.1,
  /** ±5 % over the window (or forecast over as many steps) separates a trend from noise. */
  trendChange: 0.05,
} as const;

export interface RegimeAssessment {
  state: LiquidityRegime;
  windowChange: number;
  worstBarChange: number;
  forecastChange: number | null;
  windowBars: number;
}

/**
 * The liquidity regime of a TVL series, first match wins:
 * stressed (window change ≤ −20 % or a one-bar fall ≤ −10 %), contracting (window or forecast
 * change ≤ −5 %), expanding (window or forecast change ≥ +5 %), else stable.
 * Null when there are fewer than `windowBars + 1` values or the window starts at zero TVL.
 *
 * @example liquidityRegime([100, 101, 99, 100], 3, 102) // { state: 'stable', … }
 */
export function liquidityRegime(values: readonly number[], windowBars: number, forecastMean: number | null): RegimeAssessment | null {
  const n = values.length;
  if (n < windowBars + 1) return null;
  const start = values[n - 1 - windowBars];
  const last = values[n - 1];
  if (!(start > 0)) return null;
  const windowChange = last / start - 1;
  let worstBarChange = 0;
  for (let i = n - windowBars; i < n; i++) {
    if (values[i - 1] > 0) worstBarChange = Math.min(worstBarChange, values[i] / values[i - 1] - 1);
  }
  const forecastChange = forecastMean !== null && last > 0 ? forecastMean / last - 1 : null;
  const t = REGIME_THRESHOLDS;
  const ahead = forecastChange ?? 0;
  let state: LiquidityRegime = 'stable';
  if (windowChange <= t.stressedWindowChange || worstBarChange <= t.stressedBarChange) state = 'stressed';
  else if (windowChange <= -t.trendChange || ahead <= -t.trendChange) state = 'contracting';
  else if (windowChange >= t.trendChange || ahead >= t.trendChange) state = 'expanding';
  return { state, windowChange, worstBarChange, forecastChange, windowBars };
}

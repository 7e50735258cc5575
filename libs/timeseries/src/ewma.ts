import { normalQuantile } from './distributions';
import { resolveForecastOptions, type VolatilityForecastOptions, type VolatilityForecastPoint } from './types';

export interface EwmaOptions extends VolatilityForecastOptions {
  /** Decay factor λ in (0, 1) (default 0.94, RiskMetrics daily). */
  lambda?: number;
  /** Assumed return mean used for the intervals (default 0, as in RiskMetrics). */
  mean?: number;
}

export interface EwmaResult {
  model: 'ewma';
  params: { lambda: number; mean: number };
  nObservations: number;
  /** σ²_T: EWMA variance for the last in-sample observation. */
  conditionalVariance: number;
  level: number;
  /** Flat: every step carries σ²_{T+1}. */
  forecast: VolatilityForecastPoint[];
}

/**
 * RiskMetrics EWMA variance: σ²_{t+1} = λσ²_t + (1−λ)(r_t − m)², started at
 * σ²_1 = mean of (r_t − m)² over the sample; the forecast is flat at σ²_{T+1}.
 * Needs at least one finite return; a zero series gives zero variance.
 * @example ewmaVolatility([0.01, -0.02, 0.015]).forecast[0].volatility
 */
export function ewmaVolatility(returns: readonly number[], options: EwmaOptions = {}): EwmaResult {
  const { horizon, level } = resolveForecastOptions(options);
  const lambda = options.lambda ?? 0.94;
  const m = options.mean ?? 0;
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`lambda must be in (0, 1), got ${String(lambda)}`);
  if (!Number.isFinite(m)) throw new RangeError('mean must be finite');
  const n = returns.length;
  if (n < 1) throw new RangeError('EWMA needs at least one return');
  if (!returns.every(Number.isFinite)) throw new RangeError('returns must be finite numbers');
  let v = 0;
  for (const r of returns) v += (r - m) * (r - m);
  v /= n;
  let current = v; // σ²_1
  for (let t = 0; t < n - 1; t++) current = lambda * current + (1 - lambda) * (returns[t] - m) ** 2;
  const last = current; // σ²_T
  const next = lambda * last + (1 - lambda) * (returns[n - 1] - m) ** 2;
  const q = normalQuantile((1 + level) / 2);
  const sd = Math.sqrt(next);
  const forecast: VolatilityForecastPoint[] = Array.from({ length: horizon }, (_, i) => ({
    step: i + 1,
    variance: next,
    volatility: sd,
    lower: m - q * sd,
    upper: m + q * sd,
  }));
  return { model: 'ewma', params: { lambda, mean: m }, nObservations: n, conditionalVariance: last, level, forecast };
}

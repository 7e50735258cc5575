import { normalCdf } from './distributions';
import { leastSquares } from './linear-algebra';

export interface AdfOptions {
  /** Fixed number of lagged differences; when given, no lag search is done. */
  lags?: number;
  /** Largest lag tried by the AIC search (default ⌊12·(n/100)^{1/4}⌋, Schwert 1989, capped by the sample). */
  maxLag?: number;
  /** Significance level for `stationary` (default 0.05). */
  significance?: number;
}

export interface AdfResult {
  /** t-statistic of ρ in Δy_t = c + ρ y_{t−1} + Σ φ_i Δy_{t−i} + e_t. */
  statistic: number;
  /** Lagged differences used. */
  lags: number;
  /** Observations in the final regression. */
  nObservations: number;
  /** MacKinnon (1994) approximate p-value (constant, no trend). */
  pValue: number;
  /** MacKinnon (2010) finite-sample critical values for the same regression. */
  criticalValues: { '1%': number; '5%': number; '10%': number };
  /** True when the unit-root null is rejected at `significance`. */
  stationary: boolean;
  regression: 'constant';
}

// MacKinnon (1994) Table 3/4 coefficients for N = 1, constant ("c"): p = Φ(poly(τ)).
const TAU_MAX = 2.74;
const TAU_MIN = -18.83;
const TAU_STAR = -1.61;
const SMALL_P = [2.1659, 1.4412, 0.038269];
const LARGE_P = [1.7339, 0.93202, -0.12745, -0.010368];
// MacKinnon (2010) response surfaces, N = 1, constant: cv = b0 + b1/T + b2/T² + b3/T³.
const CRIT_2010: Record<'1%' | '5%' | '10%', readonly number[]> = {
  '1%': [-3.43035, -6.5393, -16.786, -79.433],
  '5%': [-2.86154, -2.8903, -4.234, -40.04],
  '10%': [-2.56677, -1.5384, -2.809, 0],
};

/** MacKinnon (1994) approximate asymptotic p-value of an ADF τ statistic (constant case). */
export function mackinnonPValue(tau: number): number {
  if (Number.isNaN(tau)) return Number.NaN;
  if (tau > TAU_MAX) return 1;
  if (tau < TAU_MIN) return 0;
  const c = tau <= TAU_STAR ? SMALL_P : LARGE_P;
  let poly = 0;
  for (let i = c.length - 1; i >= 0; i--) poly = poly * tau + c[i];
  return normalCdf(poly);
}

/** MacKinnon (2010) critical values for sample size T (constant, N = 1). */
export function mackinnonCriticalValues(nObs: number): AdfResult['criticalValues'] {
  const cv = (b: readonly number[]): number => b[0] + b[1] / nObs + b[2] / nObs ** 2 + b[3] / nObs ** 3;
  return { '1%': cv(CRIT_2010['1%']), '5%': cv(CRIT_2010['5%']), '10%': cv(CRIT_2010['10%']) };
}

interface AdfRegression {
  tau: number;
  ssr: number;
  nObs: number;
  k: number;
}

function adfRegression(y: readonly number[], dy: readonly number[], lags: number, firstRow: number): AdfRegression | null {
  const x: number[][] = [];
  const target: number[] = [];
  for (let i = firstRow; i < dy.length; i++) {
    const row = [1, y[i]];
    for (let j = 1; j <= lags; j++) row.push(dy[i - j]);
    x.push(row);
    target.push(dy[i]);
  }
  const fit = leastSquares(x, target);
  if (fit === null || !(fit.standardErrors[1] > 0)) return null;
  return { tau: fit.coefficients[1] / fit.standardErrors[1], ssr: fit.ssr, nObs: target.length, k: lags + 2 };
}

/**
 * Augmented Dickey–Fuller unit-root test with a constant. Lags are chosen by
 * AIC over 0..maxLag on a common sample, then the chosen regression is re-run
 * on all available observations (statsmodels' `adfuller(autolag='AIC')`
 * convention). With a fixed `lags`, the statistic equals R's
 * `urca::ur.df(x, type = "drift", lags, selectlags = "Fixed")`.
 * Throws a RangeError for series too short to test (< 8 points) or non-finite data.
 * @example adfTest(prices).stationary // false for a random walk
 */
export function adfTest(series: readonly number[], options: AdfOptions = {}): AdfResult {
  const n = series.length;
  if (n < 8) throw new RangeError(`ADF test needs at least 8 observations, got ${n}`);
  if (!series.every(Number.isFinite)) throw new RangeError('series must contain finite numbers');
  const significance = options.significance ?? 0.05;
  const dy = series.slice(1).map((v, i) => v - series[i]);
  // Largest lag that still leaves a usable regression (at least ~2k observations).
  const cap = Math.max(0, Math.floor((dy.length - 2) / 2) - 2);
  let lags: number;
  if (options.lags !== undefined) {
    if (!Number.isInteger(options.lags) || options.lags < 0 || options.lags > cap) {
      throw new RangeError(`lags must be an integer in [0, ${cap}], got ${String(options.lags)}`);
    }
    lags = options.lags;
  } else {
    const maxLag = Math.min(options.maxLag ?? Math.floor(12 * (n / 100) ** 0.25), cap);
    let bestAic = Number.POSITIVE_INFINITY;
    lags = 0;
    for (let p = 0; p <= maxLag; p++) {
      const r = adfRegression(series, dy, p, maxLag);
      if (r === null || !(r.ssr > 0)) continue;
      const aic = r.nObs * Math.log(r.ssr / r.nObs) + 2 * r.k;
      if (aic < bestAic) {
        bestAic = aic;
        lags = p;
      }
    }
  }
  const final = adfRegression(series, dy, lags, lags);
  if (final === null) throw new RangeError('ADF regression is singular (constant or degenerate series)');
  const pValue = mackinnonPValue(final.tau);
  return {
    statistic: final.tau,
    lags,
    nObservations: final.nObs,
    pValue,
    criticalValues: mackinnonCriticalValues(final.nObs),
    stationary: pValue < significance,
    regression: 'constant',
  };
}

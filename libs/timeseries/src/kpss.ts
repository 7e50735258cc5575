export interface KpssOptions {
  /** Bartlett-window lags for the long-run variance (default ⌊3√n/13⌋, as forecast::ndiffs). */
  lags?: number;
  /** Significance level for `stationary` (default 0.05, clamped to [0.01, 0.1]). */
  significance?: number;
}

export interface KpssResult {
  statistic: number;
  lags: number;
  /** Interpolated from the KPSS (1992) table, clamped to [0.01, 0.10] like urca/forecast. */
  pValue: number;
  criticalValues: { '10%': number; '5%': number; '2.5%': number; '1%': number };
  /** True when level-stationarity is NOT rejected at `significance`. */
  stationary: boolean;
}

// Kwiatkowski, Phillips, Schmidt & Shin (1992), Table 1, level ("mu") case.
const CRITICAL = { '10%': 0.347, '5%': 0.463, '2.5%': 0.574, '1%': 0.739 } as const;
const CV = [0.347, 0.463, 0.574, 0.739];
const PV = [0.1, 0.05, 0.025, 0.01];

/**
 * KPSS test of level stationarity (null: stationary). Same statistic as
 * `urca::ur.kpss(x, type = "mu", use.lag = lags)`; p-values by linear
 * interpolation in the critical-value table (R `approx(..., rule = 2)`).
 * @example kpssTest(randomWalk).stationary // false
 */
export function kpssTest(series: readonly number[], options: KpssOptions = {}): KpssResult {
  const n = series.length;
  if (n < 3) throw new RangeError(`KPSS test needs at least 3 observations, got ${n}`);
  if (!series.every(Number.isFinite)) throw new RangeError('series must contain finite numbers');
  const lags = options.lags ?? Math.trunc((3 * Math.sqrt(n)) / 13);
  if (!Number.isInteger(lags) || lags < 0 || lags >= n) throw new RangeError(`invalid lags ${String(lags)}`);
  const significance = Math.min(0.1, Math.max(0.01, options.significance ?? 0.05));
  const m = series.reduce((a, b) => a + b, 0) / n;
  const e = series.map((v) => v - m);
  let cum = 0;
  let eta = 0;
  for (const v of e) {
    cum += v;
    eta += cum * cum;
  }
  eta /= n * n;
  let s2 = e.reduce((a, v) => a + v * v, 0) / n;
  for (let l = 1; l <= lags; l++) {
    let acc = 0;
    for (let t = l; t < n; t++) acc += e[t] * e[t - l];
    s2 += (2 / n) * (1 - l / (lags + 1)) * acc;
  }
  const statistic = s2 > 0 ? eta / s2 : Number.POSITIVE_INFINITY;
  let pValue: number;
  if (!(statistic > CV[0])) pValue = PV[0];
  else if (statistic >= CV[CV.length - 1]) pValue = PV[PV.length - 1];
  else {
    let i = 0;
    while (statistic > CV[i + 1]) i++;
    const w = (statistic - CV[i]) / (CV[i + 1] - CV[i]);
    pValue = PV[i] + w * (PV[i + 1] - PV[i]);
  }
  return { statistic, lags, pValue, criticalValues: { ...CRITICAL }, stationary: !(pValue < significance) };
}

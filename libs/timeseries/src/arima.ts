import { normalQuantile } from './distributions';
import { invertMatrix, leastSquares, solveLinearSystem } from './linear-algebra';
import { minimize, numericalHessian } from './optimizer';
import { kpssTest } from './kpss';
import { polynomialRoots } from './polynomial-roots';

// Local aliases: global property lookups are slow inside Jest's VM sandbox and these
// functions run in the O(n) likelihood loops.
const { abs, atanh, log, max, min, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

/**
 * ARIMA(p,d,q) by exact Gaussian maximum likelihood, matching R's
 * `stats::arima(x, order, method = "ML")`:
 *
 * - the series is differenced d times; the ARMA part of the differenced series
 *   (minus its mean/drift, if any) is cast in Harvey's state-space form and the
 *   exact likelihood is computed by the Kalman filter started from the
 *   stationary state covariance (solved exactly from the Lyapunov equation),
 *   switching to the steady-state recursion once P_{t+1|t} has converged.
 *   For d > 0 this is exactly R's `arima(diff(x, differences = d),
 *   include.mean = FALSE)`; R's own d > 0 fit uses a large-κ (1e6) diffuse
 *   prior instead, whose log-likelihood differs by O(1/κ)·n (≈3e-5 on the
 *   fixtures, 5e-4 on LakeHuron ARIMA(2,1,1));
 * - σ² is concentrated out (σ̂² = Σ v_t²/F_t / n), as R does;
 * - AR coefficients are optimised through R's PACF (Jones 1980) transform and
 *   MA coefficients through the same map (so the fit is always stationary and
 *   invertible; the likelihood is invariant to MA root flipping, so this is the
 *   same optimum R reports after its `maInvert`);
 * - standard errors: inverse of the numerical Hessian of −log L (profiled
 *   over σ²) in the natural parameters, like R's `var.coef`;
 * - forecasts: Kalman predictions of the differenced series integrated back
 *   d times, with exact finite-sample mean-square errors (same as `predict.Arima`).
 */

export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
}

export interface ArimaOptions {
  /**
   * d = 0: estimate a mean (`intercept`, default true, like `include.mean`).
   * d = 1: estimate a drift (`drift`, default false like stats::arima; true is
   * `forecast::Arima(..., include.drift = TRUE)`). d ≥ 2: not allowed.
   */
  includeConstant?: boolean;
  /** Forecast steps (default 10). */
  horizon?: number;
  /** Prediction-interval coverage (default 0.95). */
  level?: number;
  /** Maximum BFGS iterations per start (default 500). */
  maxIterations?: number;
}

export interface ArimaForecastPoint {
  step: number;
  mean: number;
  /** Standard error of the forecast (as `predict(fit)$se` in R). */
  se: number;
  lower: number;
  upper: number;
}

export interface ArimaResult {
  model: 'arima';
  order: ArimaOrder;
  ar: number[];
  ma: number[];
  /** Mean of the series (d = 0 with constant), else null. */
  intercept: number | null;
  /** Mean of the first differences (d = 1 with constant), else null. */
  drift: number | null;
  /** Hessian-based standard errors (null where unavailable). */
  stdErrors: { ar: (number | null)[]; ma: (number | null)[]; intercept: number | null; drift: number | null };
  /** ML innovation variance (R's `sigma2`). */
  sigma2: number;
  /** Exact Gaussian log-likelihood, constants included (R's `loglik`). */
  logLikelihood: number;
  /** −2 log L + 2(k + 1), k = number of ar/ma/constant coefficients (R's `aic`). */
  aic: number;
  /** AIC + 2(k+1)(k+2)/(n − k − 2), as forecast::Arima. */
  aicc: number;
  bic: number;
  /** Observations used by the likelihood (n − d). */
  nObservations: number;
  converged: boolean;
  iterations: number;
  /** One-step-ahead prediction errors of the differenced series (length n − d). */
  residuals: number[];
  level: number;
  forecast: ArimaForecastPoint[];
}

const LOG_2PI = log(2 * Math.PI);

/** R's `partrans`: unconstrained → PACF (tanh) → AR coefficients via Durbin–Levinson. */
function pacfToAr(raw: readonly number[]): number[] {
  const p = raw.length;
  const out = raw.map(Math.tanh);
  const work = [...out];
  for (let j = 1; j < p; j++) {
    const a = out[j];
    for (let k = 0; k < j; k++) work[k] -= a * out[j - k - 1];
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
  return out;
}

/** Inverse of {@link pacfToAr}; null if the coefficients are not stationary. */
function arToPacf(phi: readonly number[]): number[] | null {
  const p = phi.length;
  const out = [...phi];
  const work = [...phi];
  for (let j = p - 1; j > 0; j--) {
    const a = out[j];
    if (!(abs(a) < 1)) return null;
    for (let k = 0; k < j; k++) work[k] = (out[k] + a * out[j - k - 1]) / (1 - a * a);
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
  if (p > 0 && !(abs(out[0]) < 1)) return null;
  const raw = out.map((v) => atanh(max(-0.9999999, min(0.9999999, v))));
  return raw.every(isFiniteNumber) ? raw : null;
}

interface KalmanOutput {
  ssq: number;
  sumLog: number;
  innovations: number[];
  /** Predicted state a_{T+1|T} and covariance P_{T+1|T} (unscaled by σ²). */
  a: number[];
  P: number[][];
}

/** Stationary covariance of the ARMA state: solves P = T P Tᵀ + R Rᵀ. */
function stationaryCovariance(phi: readonly number[], rVec: readonly number[]): number[][] | null {
  const r = rVec.length;
  if (r === 1) {
    const f = phi[0] ?? 0;
    return abs(f) < 1 ? [[1 / (1 - f * f)]] : null;
  }
  const m = r * r;
  const tMat = (i: number, j: number): number => (j === 0 ? (phi[i] ?? 0) : j === i + 1 ? 1 : 0);
  const a: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const b = new Array<number>(m).fill(0);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      const row = i * r + j;
      a[row][row] += 1;
      b[row] = rVec[i] * rVec[j];
      // − Σ_{k,l} T_ik T_jl P_kl
      for (let k = 0; k < r; k++) {
        const tik = tMat(i, k);
        if (tik === 0) continue;
        for (let l = 0; l < r; l++) {
          const tjl = tMat(j, l);
          if (tjl !== 0) a[row][k * r + l] -= tik * tjl;
        }
      }
    }
  }
  const sol = solveLinearSystem(a, b);
  if (sol === null) return null;
  const p = Array.from({ length: r }, (_, i) => Array.from({ length: r }, (_, j) => 0.5 * (sol[i * r + j] + sol[j * r + i])));
  // The state covariance may be singular (e.g. pure AR with zero coefficients), but not negative.
  if (!(p[0][0] > 0)) return null;
  for (let i = 1; i < r; i++) if (!(p[i][i] >= -1e-10 * p[0][0])) return null;
  return p;
}

/**
 * Exact-likelihood Kalman filter for the ARMA series `w − mu` (Harvey form:
 * state transition T = [φ | shift], disturbance loading R = (1, θ₁, …)ᵀ).
 * Flat typed arrays, no allocation inside the loop: this is the hot path of
 * every likelihood evaluation.
 */
function armaKalman(
  w: readonly number[],
  ar: readonly number[],
  ma: readonly number[],
  mu = 0,
  keepInnovations = false,
): KalmanOutput | null {
  const r = max(ar.length, ma.length + 1);
  const phi = Array.from({ length: r }, (_, i) => ar[i] ?? 0);
  const rVec = Array.from({ length: r }, (_, i) => (i === 0 ? 1 : (ma[i - 1] ?? 0)));
  const p0 = stationaryCovariance(phi, rVec);
  if (p0 === null) return null;
  const P = new Float64Array(r * r);
  const tm = new Float64Array(r * r);
  const rr = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      P[i * r + j] = p0[i][j];
      rr[i * r + j] = rVec[i] * rVec[j];
    }
  }
  const a = new Float64Array(r);
  const pc = new Float64Array(r);
  const prevP = Float64Array.from(P);
  let ssq = 0;
  let sumLog = 0;
  const n = w.length;
  const innovations: number[] = keepInnovations ? new Array<number>(n) : [];
  // Once P_{t+1|t} stops changing (steady state), F and the gain are fixed and
  // only the O(r) state recursion remains; the result is unchanged to ~1e-13.
  let steady = false;
  for (let t = 0; t < n; t++) {
    const F = P[0];
    if (!(F > 0) || !isFiniteNumber(F)) return null;
    const v = w[t] - mu - a[0];
    if (keepInnovations) innovations[t] = v;
    ssq += (v * v) / F;
    sumLog += log(F);
    if (steady) {
      const vf = v / F;
      for (let i = 0; i < r; i++) a[i] += pc[i] * vf;
      const a0 = a[0];
      for (let i = 0; i < r; i++) a[i] = phi[i] * a0 + (i + 1 < r ? a[i + 1] : 0);
      continue;
    }
    // Update: a += P[:,0] v/F ; P −= P[:,0] P[0,:]/F.
    for (let i = 0; i < r; i++) pc[i] = P[i * r];
    const vf = v / F;
    for (let i = 0; i < r; i++) {
      a[i] += pc[i] * vf;
      const ci = pc[i] / F;
      for (let j = 0; j < r; j++) P[i * r + j] -= ci * pc[j];
    }
    // Predict: a = T a ; P = T P Tᵀ + R Rᵀ.
    const a0 = a[0];
    for (let i = 0; i < r; i++) a[i] = phi[i] * a0 + (i + 1 < r ? a[i + 1] : 0);
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) tm[i * r + j] = phi[i] * P[j] + (i + 1 < r ? P[(i + 1) * r + j] : 0);
    }
    let change = 0;
    for (let i = 0; i < r; i++) {
      const t0 = tm[i * r];
      for (let j = 0; j < r; j++) {
        const next = t0 * phi[j] + (j + 1 < r ? tm[i * r + j + 1] : 0) + rr[i * r + j];
        change = max(change, abs(next - prevP[i * r + j]));
        P[i * r + j] = next;
        prevP[i * r + j] = next;
      }
    }
    if (change <= 1e-14 * P[0]) {
      steady = true;
      for (let i = 0; i < r; i++) pc[i] = P[i * r];
    }
  }
  const Pout = Array.from({ length: r }, (_, i) => Array.from({ length: r }, (_, j) => P[i * r + j]));
  return { ssq, sumLog, innovations, a: Array.from(a), P: Pout };
}

/** d-th order differences. Example: `difference([1, 4, 9, 16], 1) // [3, 5, 7]` */
export function difference(x: readonly number[], d: number): number[] {
  let out = [...x];
  for (let k = 0; k < d; k++) out = out.slice(1).map((v, i) => v - out[i]);
  return out;
}

interface Problem {
  w: number[]; // standardised differenced series
  p: number;
  q: number;
  hasMean: boolean;
}

/** −log L (σ² concentrated) at natural parameters [ar…, ma…, mean?]. */
function negLogLik(problem: Problem, natural: readonly number[]): number {
  const { w, p, q, hasMean } = problem;
  const ar = natural.slice(0, p);
  const ma = natural.slice(p, p + q);
  const mu = hasMean ? natural[p + q] : 0;
  const k = armaKalman(w, ar, ma, mu);
  if (k === null || !(k.ssq > 0)) return Number.NaN;
  const n = w.length;
  return 0.5 * (n * (LOG_2PI + log(k.ssq / n)) + k.sumLog + n);
}

function toNatural(problem: Problem, z: readonly number[]): number[] {
  const { p, q, hasMean } = problem;
  const ar = pacfToAr(z.slice(0, p));
  const ma = pacfToAr(z.slice(p, p + q)).map((v) => -v);
  return hasMean ? [...ar, ...ma, z[p + q]] : [...ar, ...ma];
}

function toInternal(problem: Problem, natural: readonly number[]): number[] | null {
  const { p, q, hasMean } = problem;
  const ar = arToPacf(natural.slice(0, p));
  const ma = arToPacf(natural.slice(p, p + q).map((v) => -v));
  if (ar === null || ma === null) return null;
  return hasMean ? [...ar, ...ma, natural[p + q]] : [...ar, ...ma];
}

/** Hannan–Rissanen regression start (long AR → residuals → OLS); null if unusable. */
function hannanRissanen(w: readonly number[], p: number, q: number, mu: number): number[] | null {
  const x = w.map((v) => v - mu);
  const n = x.length;
  const m = min(max(p + q + 2, Math.floor(log(n) ** 2)), Math.floor(n / 4));
  if (m < max(p, q) || n - m < 3 * (p + q + 1)) return null;
  const rows: number[][] = [];
  const ys: number[] = [];
  for (let t = m; t < n; t++) {
    rows.push(Array.from({ length: m }, (_, j) => x[t - j - 1]));
    ys.push(x[t]);
  }
  const longAr = leastSquares(rows, ys);
  if (longAr === null) return null;
  const e = new Array<number>(n).fill(0);
  for (let t = m; t < n; t++) e[t] = longAr.residuals[t - m];
  const start = m + max(p, q);
  const rows2: number[][] = [];
  const ys2: number[] = [];
  for (let t = start; t < n; t++) {
    const row: number[] = [];
    for (let j = 1; j <= p; j++) row.push(x[t - j]);
    for (let j = 1; j <= q; j++) row.push(e[t - j]);
    rows2.push(row);
    ys2.push(x[t]);
  }
  const fit = leastSquares(rows2, ys2);
  return fit === null ? null : fit.coefficients;
}

function validateOrder(order: ArimaOrder): void {
  for (const key of ['p', 'd', 'q'] as const) {
    const v = order[key];
    if (!Number.isInteger(v) || v < 0 || v > 10) throw new RangeError(`order.${key} must be an integer in [0, 10], got ${String(v)}`);
  }
}

/** Validate: the order, the forecast options, the data and whether a constant is possible. */
function validateArima(series: readonly number[], order: ArimaOrder, options: ArimaOptions): { horizon: number; level: number; hasMean: boolean } {
  validateOrder(order);
  const horizon = options.horizon ?? 10;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(horizon) || horizon < 0) throw new RangeError(`horizon must be a non-negative integer`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1)`);
  if (!series.every(isFiniteNumber)) throw new RangeError('series must contain finite numbers');
  const hasMean = options.includeConstant ?? order.d === 0;
  if (hasMean && order.d >= 2) throw new RangeError('a constant is only supported for d ≤ 1 (mean for d = 0, drift for d = 1)');
  return { horizon, level, hasMean };
}

/** The differenced series standardised, w = (Δᵈx − centre)/scale, as the likelihood sees it. */
interface StandardisedProblem extends Problem {
  d: number;
  /** Number of ar/ma/constant coefficients. */
  k: number;
  /** Mean of the differenced series when a constant is estimated, else 0. */
  centre: number;
  scale: number;
}

/** Clean: difference d times and standardise (ARMA coefficients are invariant to it). */
function standardise(series: readonly number[], { p, d, q }: ArimaOrder, hasMean: boolean): StandardisedProblem {
  const raw = difference(series, d);
  const n = raw.length;
  const k = p + q + (hasMean ? 1 : 0);
  if (n < k + 3) throw new RangeError(`too few observations (${series.length}) for ARIMA(${p},${d},${q})`);
  const rawMean = raw.reduce((s, v) => s + v, 0) / n;
  const centre = hasMean ? rawMean : 0;
  const scale = sqrt(raw.reduce((s, v) => s + (v - centre) ** 2, 0) / n);
  if (!(scale > 0) || !isFiniteNumber(scale)) throw new RangeError('series (after differencing) is constant');
  const w = raw.map((v) => (v - centre) / scale);
  return { w, p, q, hasMean, d, k, centre, scale };
}

/** Select the starts: all-zero (R's default for method = "ML") and Hannan–Rissanen, the better first. */
function startingPoints(problem: StandardisedProblem, objective: (z: readonly number[]) => number): number[][] {
  const { w, p, q, hasMean, k } = problem;
  const starts: number[][] = [new Array<number>(k).fill(0)];
  if (p + q > 0) {
    const hr = hannanRissanen(w, p, q, 0);
    if (hr !== null) {
      const z = toInternal(problem, hasMean ? [...hr, 0] : hr);
      if (z !== null) starts.push(z);
    }
  }
  const scored = starts.map((z) => ({ z, value: objective(z) })).sort((a, b) => (a.value < b.value || Number.isNaN(b.value) ? -1 : 1));
  return scored.map(({ z }) => z);
}

/** Fit: BFGS from the better start; the other only if that run fails to converge. */
function maximiseLikelihood(problem: StandardisedProblem, maxIterations: number | undefined): { natural: number[]; converged: boolean; iterations: number } {
  const { p, q, k } = problem;
  const objective = (z: readonly number[]): number => negLogLik(problem, toNatural(problem, z));
  let best: { x: number[]; value: number; converged: boolean } | null = null;
  let iterations = 0;
  for (const z0 of startingPoints(problem, objective)) {
    if (k === 0) {
      best = { x: [], value: objective([]), converged: true };
      break;
    }
    const r = minimize(objective, z0, { maxIterations: maxIterations ?? 500, gradientTolerance: 1e-9 });
    iterations += r.iterations;
    if (isFiniteNumber(r.value) && (best === null || r.value < best.value - 1e-9)) {
      best = { x: r.x, value: r.value, converged: r.converged };
    }
    if (best?.converged) break;
  }
  if (best === null || !isFiniteNumber(best.value)) throw new Error(`ARIMA(${p},${problem.d},${q}) likelihood could not be evaluated`);
  return { natural: toNatural(problem, best.x), converged: best.converged, iterations };
}

/** Standard errors from the Hessian in natural parameters (standardised data); null where unavailable. */
function standardErrors(problem: StandardisedProblem, natural: readonly number[]): (number | null)[] {
  const { p, q, hasMean, k } = problem;
  if (k === 0) return [];
  const hess = numericalHessian((x) => negLogLik(problem, x), natural, {
    scale: natural.map((_, i) => (hasMean && i === p + q ? 0.1 : 0.01)),
  });
  const inv = hess.every((row) => row.every(isFiniteNumber)) ? invertMatrix(hess) : null;
  return inv !== null ? inv.map((row, i) => (row[i] > 0 ? sqrt(row[i]) : null)) : new Array<number | null>(k).fill(null);
}

/**
 * Fits ARIMA(p,d,q) by exact Gaussian ML (see the module comment for the
 * equivalence with R). Throws a RangeError on invalid orders, non-finite data
 * or too few observations (need n − d > p + q + constant + 2).
 * @example
 *   const fit = fitArima(lakeHuron, { p: 2, d: 0, q: 0 });
 *   fit.ar; fit.intercept; fit.forecast[0].mean;
 */
export function fitArima(series: readonly number[], order: ArimaOrder, options: ArimaOptions = {}): ArimaResult {
  const { horizon, level, hasMean } = validateArima(series, order, options);
  const problem = standardise(series, order, hasMean);
  const optimum = maximiseLikelihood(problem, options.maxIterations);
  const seStd = standardErrors(problem, optimum.natural);
  return arimaReport(series, problem, optimum, seStd, { horizon, level });
}

/** Report: estimates, σ², log L and information criteria in input units, residuals and forecasts. */
function arimaReport(
  series: readonly number[],
  problem: StandardisedProblem,
  { natural, converged, iterations }: { natural: number[]; converged: boolean; iterations: number },
  seStd: (number | null)[],
  { horizon, level }: { horizon: number; level: number },
): ArimaResult {
  const { w, p, d, q, hasMean, k, centre, scale } = problem;
  const n = w.length;
  const ar = natural.slice(0, p);
  const ma = natural.slice(p, p + q);
  const muStd = hasMean ? natural[p + q] : 0;
  const kal = armaKalman(w, ar, ma, muStd, true);
  if (kal === null) throw new Error('Kalman filter failed at the optimum');
  const sigma2Std = kal.ssq / n;
  const sigma2 = sigma2Std * scale * scale;
  const logLikelihood = -negLogLik(problem, natural) - n * log(scale);
  const nPar = k + 1;
  const aic = -2 * logLikelihood + 2 * nPar;
  const constant = centre + scale * muStd;
  const constantSe = hasMean && seStd[p + q] !== null ? (seStd[p + q] as number) * scale : null;

  const forecast = arimaForecast(series, d, ar, ma, kal, {
    centre: hasMean ? constant : 0,
    scale,
    sigma2Std,
    horizon,
    level,
  });
  return {
    model: 'arima',
    order: { p, d, q },
    ar,
    ma,
    intercept: hasMean && d === 0 ? constant : null,
    drift: hasMean && d === 1 ? constant : null,
    stdErrors: {
      ar: seStd.slice(0, p),
      ma: seStd.slice(p, p + q),
      intercept: hasMean && d === 0 ? constantSe : null,
      drift: hasMean && d === 1 ? constantSe : null,
    },
    sigma2,
    logLikelihood,
    aic,
    aicc: aic + (2 * nPar * (nPar + 1)) / (n - nPar - 1),
    bic: aic + nPar * (log(n) - 2),
    nObservations: n,
    converged,
    iterations,
    residuals: kal.innovations.map((v) => v * scale),
    level,
    forecast,
  };
}

interface ForecastContext {
  centre: number; // mean of the differenced series (input units)
  scale: number;
  sigma2Std: number;
  horizon: number;
  level: number;
}

/** Kalman forecasts of the differenced series, integrated back d times. */
function arimaForecast(
  series: readonly number[],
  d: number,
  ar: readonly number[],
  ma: readonly number[],
  kal: KalmanOutput,
  ctx: ForecastContext,
): ArimaForecastPoint[] {
  const { horizon } = ctx;
  if (horizon === 0) return [];
  const r = kal.a.length;
  const phi = Array.from({ length: r }, (_, i) => ar[i] ?? 0);
  const rVec = Array.from({ length: r }, (_, i) => (i === 0 ? 1 : (ma[i - 1] ?? 0)));
  // Means of the differenced series.
  const wMean: number[] = [];
  let a = [...kal.a];
  for (let h = 0; h < horizon; h++) {
    wMean.push(ctx.centre + ctx.scale * a[0]);
    a = a.map((_, i) => phi[i] * a[0] + (i + 1 < r ? a[i + 1] : 0));
  }
  // Covariances Σ[i][j] = Z T^{j−i} P_i Zᵀ (standardised units, before σ²).
  const cov: number[][] = Array.from({ length: horizon }, () => new Array<number>(horizon).fill(0));
  let P = kal.P.map((row) => [...row]);
  for (let i = 0; i < horizon; i++) {
    let u: number[] = Array.from({ length: r }, (_, m) => (m === 0 ? 1 : 0));
    for (let j = i; j < horizon; j++) {
      let v = 0;
      for (let m = 0; m < r; m++) v += u[m] * P[m][0];
      cov[i][j] = v;
      cov[j][i] = v;
      const u0 = u.reduce((s, um, m) => s + um * phi[m], 0);
      u = u.map((_, m) => (m === 0 ? u0 : u[m - 1]));
    }
    const tp = P.map((_, row) => P[0].map((__, col) => phi[row] * P[0][col] + (row + 1 < r ? P[row + 1][col] : 0)));
    P = tp.map((row, i2) => row.map((_, j2) => tp[i2][0] * phi[j2] + (j2 + 1 < r ? tp[i2][j2 + 1] : 0) + rVec[i2] * rVec[j2]));
  }
  // Integrate: keep the last value of each difference level Δ^0 … Δ^{d−1}.
  const levels: number[] = [];
  let cur = [...series];
  for (let k = 0; k < d; k++) {
    levels.push(cur[cur.length - 1]);
    cur = cur.slice(1).map((v, i) => v - cur[i]);
  }
  const z = normalQuantile((1 + ctx.level) / 2);
  const varScale = ctx.sigma2Std * ctx.scale * ctx.scale;
  const binom = (nn: number, kk: number): number => {
    let out = 1;
    for (let i = 1; i <= kk; i++) out = (out * (nn - kk + i)) / i;
    return out;
  };
  const out: ArimaForecastPoint[] = [];
  for (let h = 0; h < horizon; h++) {
    let x = wMean[h];
    for (let k = d - 1; k >= 0; k--) {
      x = levels[k] + x;
      levels[k] = x;
    }
    // y_{T+h} = const + Σ_k c_k w_{T+k}, c_k = C(h−k+d−1, d−1).
    const c = Array.from({ length: h + 1 }, (_, k) => (d === 0 ? (k === h ? 1 : 0) : binom(h - k + d - 1, d - 1)));
    let v = 0;
    for (let i = 0; i <= h; i++) for (let j = 0; j <= h; j++) v += c[i] * c[j] * cov[i][j];
    const se = sqrt(max(v, 0) * varScale);
    out.push({ step: h + 1, mean: x, se, lower: x - z * se, upper: x + z * se });
  }
  return out;
}

export interface AutoArimaOptions {
  maxP?: number;
  maxQ?: number;
  /** Maximum p + q (default maxP + maxQ). */
  maxOrder?: number;
  maxD?: number;
  /** Fix d instead of choosing it with the KPSS test. */
  d?: number;
  /** Consider a mean (d = 0) / drift (d = 1) (default true). */
  allowConstant?: boolean;
  /** KPSS significance for differencing (default 0.05). */
  alpha?: number;
  horizon?: number;
  level?: number;
}

export interface AutoArimaCandidate {
  order: ArimaOrder;
  constant: boolean;
  aic: number;
  /** Why the model was not eligible, if it was not. */
  rejected?: string;
}

export interface AutoArimaResult extends ArimaResult {
  /** Every model tried, in search order. */
  candidates: AutoArimaCandidate[];
}

/**
 * Number of differences d as `forecast::ndiffs(x, test = "kpss")`: difference
 * while the KPSS test rejects level stationarity, up to maxD, stopping early
 * if the series becomes constant.
 * @example ndiffs(randomWalk) // 1
 */
export function ndiffs(series: readonly number[], maxD = 2, alpha = 0.05): number {
  const isConstant = (x: readonly number[]): boolean => x.every((v) => v === x[0]);
  let x = [...series];
  let d = 0;
  if (isConstant(x) || x.length < 3) return 0;
  let reject = !kpssTest(x, { significance: alpha }).stationary;
  while (reject && d < maxD) {
    d++;
    x = difference(x, 1);
    if (isConstant(x) || x.length < 3) return d;
    reject = !kpssTest(x, { significance: alpha }).stationary;
  }
  return d;
}

function minRootModulus(coefficientsAscending: number[]): number {
  let last = coefficientsAscending.length - 1;
  while (last > 0 && abs(coefficientsAscending[last]) <= 1e-8) last--;
  if (last === 0) return Number.POSITIVE_INFINITY;
  const roots = polynomialRoots(coefficientsAscending.slice(0, last + 1));
  return min(...roots.map((z) => Math.hypot(z.re, z.im)));
}

/** Why a fitted candidate is not eligible (as forecast::auto.arima), or undefined if it is. */
function ineligibility(fit: ArimaResult, constant: boolean): string | undefined {
  const arRoot = minRootModulus([1, ...fit.ar.map((v) => -v)]);
  const maRoot = minRootModulus([1, ...fit.ma]);
  const ses = [...fit.stdErrors.ar, ...fit.stdErrors.ma];
  if (constant) ses.push(fit.order.d === 0 ? fit.stdErrors.intercept : fit.stdErrors.drift);
  if (min(arRoot, maRoot) < 1.01) return 'AR/MA root too close to the unit circle';
  if (ses.some((s) => s === null)) return 'standard errors not available';
  if (!isFiniteNumber(fit.aic)) return 'non-finite AIC';
  return undefined;
}

/** Select: every (p, q) within the bounds, without and (if allowed) with a constant, in search order. */
function searchSpace(d: number, options: AutoArimaOptions): { order: ArimaOrder; constant: boolean }[] {
  const maxP = options.maxP ?? 3;
  const maxQ = options.maxQ ?? 3;
  const maxOrder = options.maxOrder ?? maxP + maxQ;
  const allowConstant = (options.allowConstant ?? true) && d <= 1;
  const space: { order: ArimaOrder; constant: boolean }[] = [];
  for (let p = 0; p <= maxP; p++) {
    for (let q = 0; q <= maxQ; q++) {
      if (p + q > maxOrder) continue;
      for (const constant of allowConstant ? [false, true] : [false]) space.push({ order: { p, d, q }, constant });
    }
  }
  return space;
}

/**
 * Chooses an ARIMA order by AIC over p ≤ maxP, q ≤ maxQ (default 3 each),
 * with and without a constant (mean for d = 0, drift for d = 1), where d is
 * chosen by repeated KPSS tests — the exhaustive search of
 * `forecast::auto.arima(x, ic = "aic", stepwise = FALSE, approximation = FALSE)`.
 * Like forecast, models with an AR or MA root of modulus < 1.01 or without
 * finite standard errors are not eligible.
 * @example autoArima(lakeHuron).order // { p: 2, d: 1, q: 1 }
 */
export function autoArima(series: readonly number[], options: AutoArimaOptions = {}): AutoArimaResult {
  if (!series.every(isFiniteNumber)) throw new RangeError('series must contain finite numbers');
  const d = options.d ?? ndiffs(series, options.maxD ?? 2, options.alpha ?? 0.05);
  const candidates: AutoArimaCandidate[] = [];
  let best: ArimaResult | null = null;
  for (const { order, constant } of searchSpace(d, options)) {
    let fit: ArimaResult;
    try {
      fit = fitArima(series, order, { includeConstant: constant, horizon: options.horizon, level: options.level });
    } catch (err) {
      candidates.push({ order, constant, aic: Number.POSITIVE_INFINITY, rejected: (err as Error).message });
      continue;
    }
    const rejected = ineligibility(fit, constant);
    candidates.push({ order, constant, aic: fit.aic, ...(rejected ? { rejected } : {}) });
    if (rejected === undefined && (best === null || fit.aic < best.aic)) best = fit;
  }
  if (best === null) throw new Error('no ARIMA model could be estimated');
  return { ...best, candidates };
}

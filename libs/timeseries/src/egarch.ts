import { logGamma, logNormalCdf, normalQuantile } from './distributions';
import {
  estimationReport,
  fitScaled,
  innovationQuantile,
  NU_START,
  nuToInternal,
  nuToNatural,
  scaleReturns,
  studentTLogConstant,
  type EstimationReport,
  type GarchDistribution,
} from './garch-family';
import { mean } from './mle';
import { resolveForecastOptions, type VolatilityForecastOptions, type VolatilityForecastPoint } from './types';

// Local aliases: global property lookups are slow inside Jest's VM sandbox and these
// functions run in the O(n) likelihood loops.
const { abs, exp, log, sqrt } = Math;

export interface EgarchOptions extends VolatilityForecastOptions {
  /** Innovation distribution (default 'normal'); 'student-t' estimates `nu` (> 2). */
  distribution?: GarchDistribution;
  /** Maximum BFGS iterations (default 500). */
  maxIterations?: number;
}

export interface EgarchParams {
  mu: number;
  omega: number;
  /** Size (magnitude) effect on |z| − E|z|. */
  alpha: number;
  /** Sign (leverage) effect on z. */
  gamma: number;
  /** Persistence of log σ², |β| < 1. */
  beta: number;
  /** Degrees of freedom, Student-t only. */
  nu?: number;
}

export interface EgarchStdErrors {
  mu: number | null;
  omega: number | null;
  alpha: number | null;
  gamma: number | null;
  beta: number | null;
  nu?: number | null;
}

export interface EgarchResult extends EstimationReport<EgarchStdErrors> {
  model: 'egarch';
  distribution: GarchDistribution;
  params: EgarchParams;
  /** σ²_T of the last in-sample observation. */
  conditionalVariance: number;
  level: number;
  /**
   * Gaussian: exact conditional expectations E_T[σ²_{T+k}] (no simulation). Student-t: E_T[σ²_{T+k}]
   * is infinite for k ≥ 2 (E[e^{a|z|}] diverges under polynomial tails), so exp(E_T[log σ²_{T+k}]).
   */
  forecast: VolatilityForecastPoint[];
}

const LOG_2PI = log(2 * Math.PI);
/** E|z| for z ~ N(0,1). */
const ABS_MEAN = sqrt(2 / Math.PI);

/** E|z| for a unit-variance Student-t z with ν degrees of freedom. */
function studentAbsMean(nu: number): number {
  return sqrt(nu - 2) * exp(logGamma((nu - 1) / 2) - logGamma(nu / 2)) / sqrt(Math.PI);
}

/**
 * EGARCH(1,1) recursion (Nelson 1991):
 * log h_t = ω + α(|z_{t−1}| − E|z|) + γ z_{t−1} + β log h_{t−1}, z_t = (y_t − μ)/sqrt(h_t),
 * started at log h_1 = log s² (sample variance of the residuals at the current μ).
 * Student-t: z is unit-variance t with ν = p[5] degrees of freedom (E|z| and the density follow ν).
 */
function egarchNegLogLik(
  y: readonly number[],
  p: readonly number[],
  dist: GarchDistribution,
  contributions?: number[],
  logVars?: number[],
): number {
  const [mu, omega, alpha, gamma, beta] = p;
  const n = y.length;
  let absMean = ABS_MEAN;
  let nu = 0;
  let tConst = 0;
  if (dist === 'student-t') {
    nu = p[5];
    if (!(nu > 2)) return Number.NaN;
    absMean = studentAbsMean(nu);
    tConst = studentTLogConstant(nu);
  }
  let s2 = 0;
  for (let t = 0; t < n; t++) s2 += (y[t] - mu) * (y[t] - mu);
  s2 /= n;
  if (!(s2 > 0)) return Number.NaN;
  let logH = log(s2);
  let total = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      const zPrev = (y[t - 1] - mu) / exp(0.5 * logH);
      logH = omega + alpha * (abs(zPrev) - absMean) + gamma * zPrev + beta * logH;
      if (!(abs(logH) < 700)) return Number.NaN;
    }
    const e = y[t] - mu;
    const c =
      dist === 'normal'
        ? 0.5 * (LOG_2PI + logH + (e * e) / exp(logH))
        : -tConst + 0.5 * logH + ((nu + 1) / 2) * Math.log1p((e * e) / (exp(logH) * (nu - 2)));
    total += c;
    if (contributions) contributions[t] = c;
    if (logVars) logVars[t] = logH;
  }
  return total;
}

/** log E[exp(c·g(z))], g(z) = α(|z| − E|z|) + γz, z ~ N(0,1) (closed form). */
function logMgf(c: number, alpha: number, gamma: number): number {
  const a = c * (alpha + gamma);
  const b = c * (alpha - gamma);
  const l1 = 0.5 * a * a + logNormalCdf(a);
  const l2 = 0.5 * b * b + logNormalCdf(b);
  const m = Math.max(l1, l2);
  return -c * alpha * ABS_MEAN + m + log(exp(l1 - m) + exp(l2 - m));
}

/**
 * EGARCH(1,1) variance forecasts. Simulation-free and exact under Gaussian
 * innovations: with L = log h_{T+1} (known at T),
 * E_T[h_{T+k}] = exp(ω Σ_{i<k−1} βⁱ + β^{k−1} L) · Π_{i<k−1} E[exp(βⁱ g(z))],
 * where E[exp(c g(z))] = e^{−cα√(2/π)} [e^{c²(α+γ)²/2} Φ(c(α+γ)) + e^{c²(α−γ)²/2} Φ(c(α−γ))].
 * @example egarchForecast({ mu: 0, omega: 0, alpha: 0.1, gamma: -0.05, beta: 0.95 }, log(1.2), 5, 0.95)
 */
export function egarchForecast(
  params: EgarchParams,
  nextLogVariance: number,
  horizon: number,
  level: number,
  dist: GarchDistribution = 'normal',
): VolatilityForecastPoint[] {
  if (dist === 'student-t') return egarchLogForecast(params, nextLogVariance, horizon, level);
  const { mu, omega, alpha, gamma, beta } = params;
  const q = normalQuantile((1 + level) / 2);
  const out: VolatilityForecastPoint[] = [];
  let omegaSum = 0; // ω Σ_{i=0}^{k−2} βⁱ
  let betaPow = 1; // β^{k−1}
  let mgfSum = 0; // Σ_{i=0}^{k−2} log E[exp(βⁱ g)]
  for (let k = 1; k <= horizon; k++) {
    if (k > 1) {
      const bi = betaPow; // β^{k−2}
      omegaSum += omega * bi;
      mgfSum += logMgf(bi, alpha, gamma);
      betaPow *= beta;
    }
    const v = exp(omegaSum + betaPow * nextLogVariance + mgfSum);
    const sd = sqrt(v);
    out.push({ step: k, variance: v, volatility: sd, lower: mu - q * sd, upper: mu + q * sd });
  }
  return out;
}

/**
 * Student-t EGARCH(1,1) variance forecasts exp(E_T[log σ²_{T+k}]): log σ²_{T+k} = ω + β log σ²_{T+k−1}
 * for k ≥ 2, since E[g(z)] = 0. The mean E_T[σ²_{T+k}] does not exist for k ≥ 2 under t innovations
 * (E[e^{a|z|}] is infinite for polynomial tails), so this median-type forecast is the one reported.
 */
function egarchLogForecast(params: EgarchParams, nextLogVariance: number, horizon: number, level: number): VolatilityForecastPoint[] {
  const q = innovationQuantile(level, 'student-t', params.nu);
  const out: VolatilityForecastPoint[] = [];
  let logH = nextLogVariance;
  for (let k = 1; k <= horizon; k++) {
    if (k > 1) logH = params.omega + params.beta * logH;
    const v = exp(logH);
    const sd = sqrt(v);
    out.push({ step: k, variance: v, volatility: sd, lower: params.mu - q * sd, upper: params.mu + q * sd });
  }
  return out;
}

/** |β| < 1 through β = tanh(θ₅)[, ν ∈ (2.05, 300)]; μ, ω, α, γ are free. */
function toNatural(z: readonly number[], dist: GarchDistribution): number[] {
  return [z[0], z[1], z[2], z[3], Math.tanh(z[4]), ...(dist === 'student-t' ? [nuToNatural(z[5])] : [])];
}

function toInternal(x: readonly number[], dist: GarchDistribution): number[] {
  return [
    x[0],
    x[1],
    x[2],
    x[3],
    Math.atanh(Math.max(-1 + 1e-12, Math.min(1 - 1e-12, x[4]))),
    ...(dist === 'student-t' ? [nuToInternal(x[5])] : []),
  ];
}

/** Starting points on the scaled returns: the sample mean, ω = 0, and a grid of persistence β, size α and sign γ. */
function startingPoints(y: readonly number[], dist: GarchDistribution): number[][] {
  const m0 = mean(y);
  const starts: number[][] = [];
  for (const b of [0.97, 0.9, 0.7, 0.4]) {
    for (const a of [0.1, 0.25]) {
      for (const g of [0, -0.1]) starts.push(dist === 'student-t' ? [m0, 0, a, g, b, NU_START] : [m0, 0, a, g, b]);
    }
  }
  return starts;
}

/** Estimates in input units: μ·s, ω + (1 − β)·log s², α, γ, β[, ν]. */
function paramsInInputUnits(natural: readonly number[], scale: number, logScale2: number, dist: GarchDistribution): EgarchParams {
  const [muS, omegaS, alpha, gamma, beta] = natural;
  const params: EgarchParams = { mu: muS * scale, omega: omegaS + (1 - beta) * logScale2, alpha, gamma, beta };
  if (dist === 'student-t') params.nu = natural[5];
  return params;
}

/** Jacobian of (μ, ω, α, γ, β[, ν]) in input units w.r.t. the scaled-data parameters. */
function inputUnitsJacobian(k: number, scale: number, logScale2: number): number[][] {
  const jac = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? (i === 0 ? scale : 1) : 0)));
  jac[1][4] = -logScale2;
  return jac;
}

function namedErrors(se: (number | null)[], dist: GarchDistribution): EgarchStdErrors {
  const out: EgarchStdErrors = { mu: se[0], omega: se[1], alpha: se[2], gamma: se[3], beta: se[4] };
  if (dist === 'student-t') out.nu = se[5];
  return out;
}

/**
 * Fits a constant-mean EGARCH(1,1) by maximum likelihood, Gaussian or Student-t
 * (parameters mu, omega, alpha, gamma, beta[, nu]; |β| < 1 via β = tanh(θ), ν ∈ (2.05, 300)).
 * Data are rescaled to unit variance internally; estimates and standard
 * errors are mapped back (ω absorbs 2(1−β)·log s, handled by the delta method).
 * Throws on fewer than 10 observations or non-finite input.
 * @example fitEgarch(returns).params.gamma // leverage effect (negative: bad news raises volatility)
 */
export function fitEgarch(returns: readonly number[], options: EgarchOptions = {}): EgarchResult {
  const { horizon, level } = resolveForecastOptions(options);
  const dist = options.distribution ?? 'normal';
  const data = scaleReturns(returns, 'EGARCH');
  const { fit, states: logVars } = fitScaled(data, {
    negLogLik: egarchNegLogLik,
    dist,
    toNatural: (z) => toNatural(z, dist),
    toInternal: (x) => toInternal(x, dist),
    starts: startingPoints(data.y, dist),
    hessianScale: dist === 'student-t' ? [0.1, 0.01, 0.01, 0.01, 0.01, 1] : [0.1, 0.01, 0.01, 0.01, 0.01],
    maxIterations: options.maxIterations,
    // |z_t| has kinks in μ, so central-difference gradients are noisy near the optimum.
    acceptableGradientTolerance: 1e-4,
  });

  const { scale } = data;
  const logScale2 = 2 * log(scale);
  const n = returns.length;
  const params = paramsInInputUnits(fit.natural, scale, logScale2, dist);
  const { alpha, gamma, beta } = params;
  const lastLogVar = logVars[n - 1] + logScale2;
  const zLast = (returns[n - 1] - params.mu) / exp(0.5 * lastLogVar);
  const absMean = params.nu === undefined ? ABS_MEAN : studentAbsMean(params.nu);
  const nextLogVar = params.omega + alpha * (abs(zLast) - absMean) + gamma * zLast + beta * lastLogVar;
  return {
    model: 'egarch',
    distribution: dist,
    params,
    ...estimationReport(fit, data, inputUnitsJacobian(fit.natural.length, scale, logScale2), (se) => namedErrors(se, dist)),
    conditionalVariance: exp(lastLogVar),
    level,
    forecast: egarchForecast(params, nextLogVar, horizon, level, dist),
  };
}

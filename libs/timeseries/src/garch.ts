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
import { logistic, logit, mean, variance } from './mle';
import { resolveForecastOptions, type VolatilityForecastOptions, type VolatilityForecastPoint } from './types';

// Local aliases: global property lookups are slow inside Jest's VM sandbox and these
// functions run in the O(n) likelihood loops.
const { exp, log, log1p, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

export type { GarchDistribution } from './garch-family';

export interface GarchOptions extends VolatilityForecastOptions {
  /** Innovation distribution (default 'normal'); 'student-t' estimates `nu` (> 2). */
  distribution?: GarchDistribution;
  /** Maximum BFGS iterations (default 500). */
  maxIterations?: number;
}

export interface GarchParams {
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
  /** Degrees of freedom, Student-t only. */
  nu?: number;
}

/** Standard errors per parameter; null where the Hessian is not positive definite. */
export interface GarchStdErrors {
  mu: number | null;
  omega: number | null;
  alpha: number | null;
  beta: number | null;
  nu?: number | null;
}

export interface GarchResult extends EstimationReport<GarchStdErrors> {
  model: 'garch';
  distribution: GarchDistribution;
  params: GarchParams;
  /** σ²_T: conditional variance of the last in-sample observation. */
  conditionalVariance: number;
  /** α + β. */
  persistence: number;
  /** ω / (1 − α − β). */
  unconditionalVariance: number;
  level: number;
  forecast: VolatilityForecastPoint[];
}

const LOG_2PI = log(2 * Math.PI);

/**
 * GARCH(1,1) recursion. Pre-sample values follow the Fiorentini–Calzolari–
 * Panattoni / TSP benchmark convention h_0 = ε_0² = (1/T) Σ ε_t² computed with
 * the current μ, so h_1 = ω + (α + β)·s². Returns −log L (or NaN if some
 * h_t ≤ 0), optionally filling per-observation contributions and variances.
 */
function garchNegLogLik(
  y: readonly number[],
  p: readonly number[],
  dist: GarchDistribution,
  contributions?: number[],
  variances?: number[],
): number {
  const [mu, omega, alpha, beta] = p;
  const n = y.length;
  let s2 = 0;
  for (let t = 0; t < n; t++) s2 += (y[t] - mu) * (y[t] - mu);
  s2 /= n;
  let hPrev = s2;
  let e2Prev = s2;
  let total = 0;
  let tConst = 0;
  let nu = 0;
  if (dist === 'student-t') {
    nu = p[4];
    if (!(nu > 2)) return Number.NaN;
    tConst = studentTLogConstant(nu);
  }
  for (let t = 0; t < n; t++) {
    const h = omega + alpha * e2Prev + beta * hPrev;
    if (!(h > 0) || !isFiniteNumber(h)) return Number.NaN;
    const e = y[t] - mu;
    const e2 = e * e;
    const c =
      dist === 'normal'
        ? 0.5 * (LOG_2PI + log(h) + e2 / h)
        : -tConst + 0.5 * log(h) + ((nu + 1) / 2) * log1p(e2 / (h * (nu - 2)));
    total += c;
    if (contributions) contributions[t] = c;
    if (variances) variances[t] = h;
    hPrev = h;
    e2Prev = e2;
  }
  return total;
}

/**
 * Closed-form GARCH(1,1) variance forecasts h_{T+k} = σ̄² + (α+β)^{k−1}(h_{T+1} − σ̄²)
 * with central return intervals μ ± q·sqrt(h_{T+k}).
 * @example garchForecast({ mu: 0, omega: 0.1, alpha: 0.1, beta: 0.8 }, 1.5, 3, 0.95, 'normal')
 */
export function garchForecast(
  params: GarchParams,
  nextVariance: number,
  horizon: number,
  level: number,
  dist: GarchDistribution,
): VolatilityForecastPoint[] {
  const persistence = params.alpha + params.beta;
  const longRun = params.omega / (1 - persistence);
  const q = innovationQuantile(level, dist, params.nu);
  const out: VolatilityForecastPoint[] = [];
  let decay = 1;
  for (let k = 1; k <= horizon; k++) {
    const v = persistence < 1 ? longRun + decay * (nextVariance - longRun) : nextVariance + (k - 1) * params.omega;
    decay *= persistence;
    const sd = sqrt(v);
    out.push({ step: k, variance: v, volatility: sd, lower: params.mu - q * sd, upper: params.mu + q * sd });
  }
  return out;
}

/** The constrained parameterisation: ω = e^{θ₁}, α + β = logistic(θ₂), α/(α+β) = logistic(θ₃)[, ν ∈ (2.05, 300)]. */
function toNatural(z: readonly number[], dist: GarchDistribution): number[] {
  const persistence = logistic(z[2]);
  const share = logistic(z[3]);
  const out = [z[0], exp(z[1]), persistence * share, persistence * (1 - share)];
  if (dist === 'student-t') out.push(nuToNatural(z[4]));
  return out;
}

function toInternal(x: readonly number[], dist: GarchDistribution): number[] {
  const persistence = x[2] + x[3];
  const out = [x[0], log(x[1]), logit(persistence), logit(x[2] / persistence)];
  if (dist === 'student-t') out.push(nuToInternal(x[4]));
  return out;
}

/**
 * Starting points on the scaled returns: the sample mean and (α, β) pairs from low to
 * near-integrated persistence, each with the ω that matches the sample variance.
 */
function startingPoints(y: readonly number[], dist: GarchDistribution): number[][] {
  const m0 = mean(y);
  const v0 = variance(y);
  const starts: number[][] = [];
  for (const [a, b] of [
    [0.05, 0.9],
    [0.1, 0.85],
    [0.15, 0.8],
    [0.05, 0.94],
    [0.2, 0.7],
    [0.1, 0.6],
    [0.3, 0.3],
    [0.05, 0.3],
  ]) {
    const s = [m0, v0 * (1 - a - b), a, b];
    if (dist === 'student-t') s.push(NU_START);
    starts.push(s);
  }
  return starts;
}

/** Estimates in input units: μ·s, ω·s², α, β[, ν]. */
function paramsInInputUnits(natural: readonly number[], scale: number, dist: GarchDistribution): GarchParams {
  const [muS, omegaS, alpha, beta] = natural;
  const params: GarchParams = { mu: muS * scale, omega: omegaS * scale * scale, alpha, beta };
  if (dist === 'student-t') params.nu = natural[4];
  return params;
}

/** θ = J θ_scaled with J = diag(s, s², 1, 1[, 1]). */
function inputUnitsJacobian(k: number, scale: number): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (i !== j ? 0 : i === 0 ? scale : i === 1 ? scale * scale : 1)),
  );
}

function namedErrors(se: (number | null)[], dist: GarchDistribution): GarchStdErrors {
  const out: GarchStdErrors = { mu: se[0], omega: se[1], alpha: se[2], beta: se[3] };
  if (dist === 'student-t') out.nu = se[4];
  return out;
}

/**
 * Fits a constant-mean GARCH(1,1) by maximum likelihood:
 * y_t = μ + ε_t, ε_t = sqrt(h_t) z_t, h_t = ω + α ε²_{t−1} + β h_{t−1},
 * with ω > 0, α ≥ 0, β ≥ 0, α + β < 1 enforced by reparameterisation
 * (ω = e^{θ₁}, α + β = logistic(θ₂), α/(α+β) = logistic(θ₃)).
 * The data are internally rescaled to unit variance (an exact equivariance),
 * and estimates/standard errors are mapped back to the input units.
 * Throws on fewer than 10 observations or non-finite input; see `fitVolatility`
 * for the never-throwing façade.
 * @example
 *   const fit = fitGarch(returns, { horizon: 5 });
 *   fit.params.alpha; fit.forecast[0].volatility;
 */
export function fitGarch(returns: readonly number[], options: GarchOptions = {}): GarchResult {
  const { horizon, level } = resolveForecastOptions(options);
  const dist = options.distribution ?? 'normal';
  const data = scaleReturns(returns, 'GARCH');
  const { fit, states: variances } = fitScaled(data, {
    negLogLik: garchNegLogLik,
    dist,
    toNatural: (z) => toNatural(z, dist),
    toInternal: (x) => toInternal(x, dist),
    starts: startingPoints(data.y, dist),
    hessianScale: dist === 'student-t' ? [0.1, 1e-4, 0.01, 0.01, 1] : [0.1, 1e-4, 0.01, 0.01],
    maxIterations: options.maxIterations,
  });

  const { scale } = data;
  const n = returns.length;
  const params = paramsInInputUnits(fit.natural, scale, dist);
  const { alpha, beta } = params;
  const lastVariance = variances[n - 1] * scale * scale;
  const lastResidual = returns[n - 1] - params.mu;
  const nextVariance = params.omega + alpha * lastResidual * lastResidual + beta * lastVariance;
  const persistence = alpha + beta;
  return {
    model: 'garch',
    distribution: dist,
    params,
    ...estimationReport(fit, data, inputUnitsJacobian(fit.natural.length, scale), (se) => namedErrors(se, dist)),
    conditionalVariance: lastVariance,
    persistence,
    unconditionalVariance: persistence < 1 ? params.omega / (1 - persistence) : Number.POSITIVE_INFINITY,
    level,
    forecast: garchForecast(params, nextVariance, horizon, level, dist),
  };
}

/**
 * Gaussian GARCH(1,1) log-likelihood at given parameters (benchmark convention,
 * constant −n/2·log 2π included). Useful for checking published estimates.
 * @example garchLogLikelihood(returns, { mu: -0.00619, omega: 0.01076, alpha: 0.1531, beta: 0.806 })
 */
export function garchLogLikelihood(returns: readonly number[], params: GarchParams): number {
  const dist: GarchDistribution = params.nu === undefined ? 'normal' : 'student-t';
  const p = [params.mu, params.omega, params.alpha, params.beta];
  if (params.nu !== undefined) p.push(params.nu);
  return -garchNegLogLik(returns, p, dist);
}

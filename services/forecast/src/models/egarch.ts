import { logNormalCdf, normalQuantile } from './distributions';
import { fitMaximumLikelihood, mean, standardErrorsOf, transformCovariance, variance } from './mle';
import { resolveForecastOptions, type VolatilityForecastOptions, type VolatilityForecastPoint } from './types';

// Local aliases: global property lookups are slow inside Jest's VM sandbox and these
// functions run in the O(n) likelihood loops.
const { abs, exp, log, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

export interface EgarchOptions extends VolatilityForecastOptions {
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
}

export interface EgarchStdErrors {
  mu: number | null;
  omega: number | null;
  alpha: number | null;
  gamma: number | null;
  beta: number | null;
}

export interface EgarchResult {
  model: 'egarch';
  distribution: 'normal';
  params: EgarchParams;
  /** Hessian-based: sqrt(diag(H⁻¹)) of the numerical Hessian of −log L. */
  stdErrors: EgarchStdErrors;
  /** QML-robust sandwich standard errors. */
  robustStdErrors: EgarchStdErrors;
  /** Includes the constant −n/2·log(2π). */
  logLikelihood: number;
  aic: number;
  bic: number;
  converged: boolean;
  iterations: number;
  nObservations: number;
  /** σ²_T of the last in-sample observation. */
  conditionalVariance: number;
  level: number;
  /** Exact conditional expectations E_T[σ²_{T+k}] under Gaussian z (no simulation). */
  forecast: VolatilityForecastPoint[];
}

const LOG_2PI = log(2 * Math.PI);
/** E|z| for z ~ N(0,1). */
const ABS_MEAN = sqrt(2 / Math.PI);

/**
 * EGARCH(1,1) recursion (Nelson 1991):
 * log h_t = ω + α(|z_{t−1}| − E|z|) + γ z_{t−1} + β log h_{t−1}, z_t = (y_t − μ)/sqrt(h_t),
 * started at log h_1 = log s² (sample variance of the residuals at the current μ).
 */
function egarchNegLogLik(y: readonly number[], p: readonly number[], contributions?: number[], logVars?: number[]): number {
  const [mu, omega, alpha, gamma, beta] = p;
  const n = y.length;
  let s2 = 0;
  for (let t = 0; t < n; t++) s2 += (y[t] - mu) * (y[t] - mu);
  s2 /= n;
  if (!(s2 > 0)) return Number.NaN;
  let logH = log(s2);
  let total = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      const zPrev = (y[t - 1] - mu) / exp(0.5 * logH);
      logH = omega + alpha * (abs(zPrev) - ABS_MEAN) + gamma * zPrev + beta * logH;
      if (!(abs(logH) < 700)) return Number.NaN;
    }
    const e = y[t] - mu;
    const c = 0.5 * (LOG_2PI + logH + (e * e) / exp(logH));
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
): VolatilityForecastPoint[] {
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
 * Fits a constant-mean Gaussian EGARCH(1,1) by maximum likelihood
 * (parameters mu, omega, alpha, gamma, beta; |β| < 1 via β = tanh(θ)).
 * Data are rescaled to unit variance internally; estimates and standard
 * errors are mapped back (ω absorbs 2(1−β)·log s, handled by the delta method).
 * Throws on fewer than 10 observations or non-finite input.
 * @example fitEgarch(returns).params.gamma // leverage effect (negative: bad news raises volatility)
 */
export function fitEgarch(returns: readonly number[], options: EgarchOptions = {}): EgarchResult {
  const { horizon, level } = resolveForecastOptions(options);
  const n = returns.length;
  if (n < 10) throw new RangeError(`EGARCH needs at least 10 observations, got ${n}`);
  if (!returns.every(isFiniteNumber)) throw new RangeError('returns must be finite numbers');
  if (returns.every((r) => r === returns[0])) throw new RangeError('returns have zero variance (constant series)');
  const scale = sqrt(variance(returns));
  if (!(scale > 0) || !isFiniteNumber(scale)) throw new RangeError('returns have zero or non-finite variance');
  const y = returns.map((r) => r / scale);
  const m0 = mean(y);
  const starts: number[][] = [];
  for (const b of [0.97, 0.9, 0.7, 0.4]) {
    for (const a of [0.1, 0.25]) {
      for (const g of [0, -0.1]) starts.push([m0, 0, a, g, b]);
    }
  }
  const fit = fitMaximumLikelihood({
    negLogLik: (p) => egarchNegLogLik(y, p),
    contributions: (p) => {
      const c = new Array<number>(n).fill(Number.NaN);
      egarchNegLogLik(y, p, c);
      return c;
    },
    toNatural: (z) => [z[0], z[1], z[2], z[3], Math.tanh(z[4])],
    toInternal: (x) => [x[0], x[1], x[2], x[3], Math.atanh(Math.max(-1 + 1e-12, Math.min(1 - 1e-12, x[4])))],
    starts,
    hessianScale: [0.1, 0.01, 0.01, 0.01, 0.01],
    maxIterations: options.maxIterations,
    // |z_t| has kinks in μ, so central-difference gradients are noisy near the optimum.
    acceptableGradientTolerance: 1e-4,
  });
  const [muS, omegaS, alpha, gamma, beta] = fit.natural;
  const logScale2 = 2 * log(scale);
  const params: EgarchParams = { mu: muS * scale, omega: omegaS + (1 - beta) * logScale2, alpha, gamma, beta };
  // Jacobian of (μ, ω, α, γ, β) in input units w.r.t. the scaled-data parameters.
  const jac = [
    [scale, 0, 0, 0, 0],
    [0, 1, 0, 0, -logScale2],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 1, 0],
    [0, 0, 0, 0, 1],
  ];
  const toErrors = (cov: number[][] | null): EgarchStdErrors => {
    const se = standardErrorsOf(transformCovariance(cov, jac), 5);
    return { mu: se[0], omega: se[1], alpha: se[2], gamma: se[3], beta: se[4] };
  };
  const logVars = new Array<number>(n).fill(0);
  egarchNegLogLik(y, fit.natural, undefined, logVars);
  const lastLogVar = logVars[n - 1] + logScale2;
  const zLast = (returns[n - 1] - params.mu) / exp(0.5 * lastLogVar);
  const nextLogVar = params.omega + alpha * (abs(zLast) - ABS_MEAN) + gamma * zLast + beta * lastLogVar;
  const logLikelihood = -fit.negLogLik - n * log(scale);
  return {
    model: 'egarch',
    distribution: 'normal',
    params,
    stdErrors: toErrors(fit.covariance),
    robustStdErrors: toErrors(fit.robustCovariance),
    logLikelihood,
    aic: 10 - 2 * logLikelihood,
    bic: 5 * log(n) - 2 * logLikelihood,
    converged: fit.converged,
    iterations: fit.iterations,
    nObservations: n,
    conditionalVariance: exp(lastLogVar),
    level,
    forecast: egarchForecast(params, nextLogVar, horizon, level),
  };
}

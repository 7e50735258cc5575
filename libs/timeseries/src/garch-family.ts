import { logGamma, normalQuantile, studentTQuantile } from './distributions';
import type { Matrix } from './linear-algebra';
import { fitMaximumLikelihood, logistic, logit, standardErrorsOf, transformCovariance, variance, type MleFit, type MleProblem } from './mle';

/*
 * What GARCH(1,1) and EGARCH(1,1) estimation share: the checks on the returns and their rescaling
 * to unit variance, the Student-t degrees of freedom, the maximum-likelihood run with the filtered
 * variance states at the optimum, and the report of the fit in input units. Each model keeps its own
 * recursion, parameterisation, starting values and forecasts.
 */

const { log, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

/** Innovation distribution of a GARCH-type model. */
export type GarchDistribution = 'normal' | 'student-t';

/** The returns of a fit, and the same returns divided by their standard deviation `scale`. */
export interface ScaledReturns {
  returns: readonly number[];
  /** returns / scale: unit variance, so every start and Hessian step has the same meaning on any data. */
  y: number[];
  scale: number;
}

/**
 * Checks the returns of a GARCH-type fit and rescales them to unit variance (an exact
 * equivariance of both models; estimates are mapped back afterwards). Throws a RangeError on
 * fewer than 10 observations, non-finite values or zero variance, naming `model` in the message.
 * @example scaleReturns([0.1, -0.2, …], 'GARCH').y // unit-variance returns
 */
export function scaleReturns(returns: readonly number[], model: string): ScaledReturns {
  const n = returns.length;
  if (n < 10) throw new RangeError(`${model} needs at least 10 observations, got ${n}`);
  if (!returns.every(isFiniteNumber)) throw new RangeError('returns must be finite numbers');
  if (returns.every((r) => r === returns[0])) throw new RangeError('returns have zero variance (constant series)');
  const scale = sqrt(variance(returns));
  if (!(scale > 0) || !isFiniteNumber(scale)) throw new RangeError('returns have zero or non-finite variance');
  return { returns, y: returns.map((r) => r / scale), scale };
}

const NU_MIN = 2.05;
const NU_MAX = 300;

/** Degrees of freedom every Student-t fit starts from. */
export const NU_START = 8;

/** ν ∈ (2.05, 300) from its unconstrained optimiser value. */
export function nuToNatural(z: number): number {
  return NU_MIN + (NU_MAX - NU_MIN) * logistic(z);
}

/** Inverse of {@link nuToNatural}. */
export function nuToInternal(nu: number): number {
  return logit((nu - NU_MIN) / (NU_MAX - NU_MIN));
}

/** log of the normalising constant of the unit-variance Student-t density with ν degrees of freedom. */
export function studentTLogConstant(nu: number): number {
  return logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * log(Math.PI * (nu - 2));
}

/** Multiplier q such that μ ± q·σ is a central `level` interval for the return. */
export function innovationQuantile(level: number, dist: GarchDistribution, nu?: number): number {
  const p = (1 + level) / 2;
  if (dist === 'student-t' && nu !== undefined) return studentTQuantile(p, nu) * sqrt((nu - 2) / nu);
  return normalQuantile(p);
}

/**
 * A model's −log L over the scaled returns at natural parameters (NaN where invalid), optionally
 * filling the per-observation contributions and the filtered variance state of each observation.
 */
export type NegLogLikelihood = (
  y: readonly number[],
  p: readonly number[],
  dist: GarchDistribution,
  contributions?: number[],
  states?: number[],
) => number;

/** One GARCH-type model as the shared estimation sees it: the MLE problem, with the likelihood over the returns. */
export interface GarchTypeModel extends Omit<MleProblem, 'negLogLik' | 'contributions'> {
  negLogLik: NegLogLikelihood;
  dist: GarchDistribution;
}

/** The maximum-likelihood fit on the scaled returns and the filtered states at its optimum. */
export interface ScaledFit {
  fit: MleFit;
  /** What the model's recursion filters per observation at the MLE (h_t for GARCH, log h_t for EGARCH). */
  states: number[];
}

/**
 * Maximises the model's likelihood on the scaled returns (best start, BFGS, Hessian and sandwich
 * covariances: {@link fitMaximumLikelihood}) and filters the variance states at the optimum.
 * @example fitScaled(scaleReturns(returns, 'GARCH'), garchModel).fit.natural
 */
export function fitScaled({ y }: ScaledReturns, model: GarchTypeModel): ScaledFit {
  const { negLogLik, dist } = model;
  const n = y.length;
  const fit = fitMaximumLikelihood({
    negLogLik: (p) => negLogLik(y, p, dist),
    contributions: (p) => {
      const c = new Array<number>(n).fill(Number.NaN);
      negLogLik(y, p, dist, c);
      return c;
    },
    toNatural: model.toNatural,
    toInternal: model.toInternal,
    starts: model.starts,
    hessianScale: model.hessianScale,
    maxIterations: model.maxIterations,
    acceptableGradientTolerance: model.acceptableGradientTolerance,
  });
  const states = new Array<number>(n).fill(0);
  negLogLik(y, fit.natural, dist, undefined, states);
  return { fit, states };
}

/** The part of a GARCH-type result that reports the estimation itself. */
export interface EstimationReport<Errors> {
  /** Hessian-based: sqrt(diag(H⁻¹)), H = numerical Hessian of −log L at the MLE. */
  stdErrors: Errors;
  /** QML-robust (Bollerslev–Wooldridge sandwich H⁻¹ B H⁻¹, B = Σ s_t s_tᵀ). */
  robustStdErrors: Errors;
  /** Includes the constant −n/2·log(2π) (Gaussian) / the full Student-t density. */
  logLikelihood: number;
  aic: number;
  bic: number;
  converged: boolean;
  iterations: number;
  nObservations: number;
}

/**
 * Reports a fit on scaled returns in input units: both kinds of standard errors through the
 * Jacobian `toInputUnits` of the input-unit parameters w.r.t. the scaled ones (delta method),
 * named by `named`; log L with the −n·log(scale) of the rescaling; AIC and BIC.
 * @example estimationReport(fit, data, jacobian, (se) => ({ mu: se[0], … })).stdErrors.mu
 */
export function estimationReport<Errors>(
  fit: MleFit,
  { y, scale }: ScaledReturns,
  toInputUnits: Matrix,
  named: (se: (number | null)[]) => Errors,
): EstimationReport<Errors> {
  const k = toInputUnits.length;
  const n = y.length;
  const errors = (cov: Matrix | null): Errors => named(standardErrorsOf(transformCovariance(cov, toInputUnits), k));
  const logLikelihood = -fit.negLogLik - n * log(scale);
  return {
    stdErrors: errors(fit.covariance),
    robustStdErrors: errors(fit.robustCovariance),
    logLikelihood,
    aic: 2 * k - 2 * logLikelihood,
    bic: k * log(n) - 2 * logLikelihood,
    converged: fit.converged,
    iterations: fit.iterations,
    nObservations: n,
  };
}

import { invertMatrix, multiply, transpose, type Matrix } from './linear-algebra';
import { minimize, numericalHessian, numericalJacobian } from './optimizer';

/** Problem description for {@link fitMaximumLikelihood}. */
export interface MleProblem {
  /** Negative log-likelihood at natural parameters (NaN/Infinity when invalid). */
  negLogLik: (natural: readonly number[]) => number;
  /** Per-observation negative log-likelihood contributions (for the sandwich covariance). */
  contributions: (natural: readonly number[]) => number[];
  /** Unconstrained → natural parameter map (enforces the model constraints). */
  toNatural: (internal: readonly number[]) => number[];
  /** Natural → unconstrained parameter map. */
  toInternal: (natural: readonly number[]) => number[];
  /** Candidate starting points (natural parameters); the best one is used. */
  starts: readonly (readonly number[])[];
  /** Typical magnitude of each natural parameter, used as a floor for Hessian steps. */
  hessianScale: readonly number[];
  maxIterations?: number;
  /**
   * Relative gradient criterion accepted as convergence when BFGS can make no
   * further progress (default 1e-6; non-smooth likelihoods such as EGARCH's
   * |z| term need a looser value).
   */
  acceptableGradientTolerance?: number;
}

/** Result of {@link fitMaximumLikelihood}. */
export interface MleFit {
  natural: number[];
  negLogLik: number;
  converged: boolean;
  iterations: number;
  /** Inverse of the numerical Hessian of the negative log-likelihood (null if not positive definite). */
  covariance: Matrix | null;
  /** Sandwich (QML, Bollerslev–Wooldridge) covariance H⁻¹(Σ s_t s_tᵀ)H⁻¹, null if unavailable. */
  robustCovariance: Matrix | null;
}

/**
 * Maximum-likelihood driver shared by the GARCH-type models: picks the best
 * starting point, minimises in the unconstrained parameterisation, then
 * computes Hessian-based and sandwich covariances in the natural one.
 * @example fitMaximumLikelihood(problem).natural // MLE in natural parameters
 */
export function fitMaximumLikelihood(problem: MleProblem): MleFit {
  const objective = (z: readonly number[]): number => problem.negLogLik(problem.toNatural(z));
  let bestStart: number[] | null = null;
  let bestValue = Number.POSITIVE_INFINITY;
  for (const start of problem.starts) {
    const z = problem.toInternal(start);
    const v = objective(z);
    if (z.every(Number.isFinite) && Number.isFinite(v) && v < bestValue) {
      bestValue = v;
      bestStart = z;
    }
  }
  if (bestStart === null) throw new Error('no valid starting point for the likelihood');
  const opt = minimize(objective, bestStart, {
    maxIterations: problem.maxIterations ?? 500,
    gradientTolerance: 1e-9,
    acceptableGradientTolerance: problem.acceptableGradientTolerance ?? 1e-6,
  });
  const natural = problem.toNatural(opt.x);
  const value = problem.negLogLik(natural);
  const hessian = numericalHessian(problem.negLogLik, natural, { scale: problem.hessianScale });
  let covariance: Matrix | null = null;
  if (hessian.every((row) => row.every(Number.isFinite))) {
    const inv = invertMatrix(hessian);
    if (inv !== null && inv.every((row, i) => row[i] > 0)) covariance = inv;
  }
  let robustCovariance: Matrix | null = null;
  if (covariance !== null) {
    const jac = numericalJacobian(problem.contributions, natural, { scale: problem.hessianScale });
    if (jac.every((row) => row.every(Number.isFinite))) {
      const opg = multiply(transpose(jac), jac);
      const sandwich = multiply(multiply(covariance, opg), covariance);
      if (sandwich.every((row, i) => row[i] > 0 && row.every(Number.isFinite))) robustCovariance = sandwich;
    }
  }
  return {
    natural,
    negLogLik: value,
    converged: opt.converged && Number.isFinite(value),
    iterations: opt.iterations,
    covariance,
    robustCovariance,
  };
}

/** Covariance of g(θ) for a linear map with Jacobian `j`: J Σ Jᵀ. */
export function transformCovariance(cov: Matrix | null, j: Matrix): Matrix | null {
  if (cov === null) return null;
  return multiply(multiply(j, cov), transpose(j));
}

/** Square roots of the diagonal, or null entries where not available. */
export function standardErrorsOf(cov: Matrix | null, n: number): (number | null)[] {
  return Array.from({ length: n }, (_, i) => {
    const v = cov?.[i]?.[i];
    return v !== undefined && v > 0 && Number.isFinite(v) ? Math.sqrt(v) : null;
  });
}

/** Sample mean. */
export function mean(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Population variance (divisor n). */
export function variance(x: readonly number[]): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return s / x.length;
}

/** Logistic function 1/(1+e^{−x}). */
export function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Inverse logistic log(p/(1−p)), clamped away from 0 and 1. */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  return Math.log(q / (1 - q));
}

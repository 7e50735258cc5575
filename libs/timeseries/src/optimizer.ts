/**
 * Derivative-free-interface minimiser for small maximum-likelihood problems
 * (3–6 parameters), plus central-difference gradient / Hessian / Jacobian.
 *
 * Written by hand on purpose: the problem sizes are tiny, the objective
 * functions are cheap, and we need full control over tolerances to hit the
 * published GARCH/ARIMA benchmarks. No npm dependency is used.
 *
 * Strategy (`method: 'auto'`, the default):
 *  1. BFGS on the inverse Hessian with central-difference gradients and an
 *     Armijo backtracking line search (quadratic interpolation), restarting
 *     from the steepest-descent direction whenever the update breaks down.
 *  2. If BFGS does not meet the gradient tolerance, Nelder–Mead (adaptive
 *     coefficients, Gao & Han 2012) from the best point so far, then BFGS
 *     again from the Nelder–Mead result.
 *
 * Box bounds are handled by a smooth change of variables (logistic for
 * two-sided, exp for one-sided bounds), so an optimum exactly on a bound
 * is approached but never reached.
 *
 * Standard errors in this folder: Hessian-based sqrt(diag(H⁻¹)) with H the
 * `numericalHessian` of −log L at the MLE (all models); GARCH/EGARCH also
 * report QML-robust sandwich errors H⁻¹(Σ s_t s_tᵀ)H⁻¹ with per-observation
 * scores s_t from `numericalJacobian`.
 */

export type ObjectiveFunction = (x: readonly number[]) => number;

export interface MinimizeOptions {
  method?: 'auto' | 'bfgs' | 'nelder-mead';
  /** Optional lower bounds (use -Infinity for none). */
  lower?: readonly number[];
  /** Optional upper bounds (use Infinity for none). */
  upper?: readonly number[];
  /** Maximum BFGS iterations (default 500). */
  maxIterations?: number;
  /** Maximum objective evaluations overall (default 50 000). */
  maxEvaluations?: number;
  /**
   * Convergence when max_i |g_i|·max(|x_i|,1) ≤ gradientTolerance·max(|f|,1)
   * (default 1e-6; central differences resolve gradients to ~1e-9 relative).
   */
  gradientTolerance?: number;
  /**
   * In 'auto' mode, a BFGS run that stops (no further progress) with the
   * criterion below this value is accepted without the Nelder–Mead fallback
   * (default: max(gradientTolerance, 1e-6)).
   */
  acceptableGradientTolerance?: number;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  converged: boolean;
  /** BFGS iterations plus Nelder–Mead iterations. */
  iterations: number;
  evaluations: number;
  method: 'bfgs' | 'nelder-mead' | 'bfgs+nelder-mead';
  /** Scaled gradient criterion at the returned point. */
  gradientNorm: number;
  message: string;
}

interface Counter {
  evaluations: number;
  max: number;
}

/** Central-difference step for a coordinate (cube root of machine epsilon). */
function gradientStep(x: number): number {
  return 6.055454452393343e-6 * Math.max(Math.abs(x), 1);
}

/**
 * Central-difference gradient; falls back to a one-sided difference when one
 * side evaluates to a non-finite value.
 * @example numericalGradient(([a, b]) => a * a + 3 * b, [1, 0]) // ≈ [2, 3]
 */
export function numericalGradient(f: ObjectiveFunction, x: readonly number[], fx?: number): number[] {
  const n = x.length;
  const g = new Array<number>(n).fill(0);
  const work = [...x];
  for (let i = 0; i < n; i++) {
    const h = gradientStep(x[i]);
    work[i] = x[i] + h;
    const up = f(work);
    work[i] = x[i] - h;
    const down = f(work);
    work[i] = x[i];
    if (Number.isFinite(up) && Number.isFinite(down)) {
      g[i] = (up - down) / (2 * h);
    } else {
      const centre = fx ?? f(x);
      if (Number.isFinite(up)) g[i] = (up - centre) / h;
      else if (Number.isFinite(down)) g[i] = (centre - down) / h;
      else g[i] = Number.NaN;
    }
  }
  return g;
}

export interface HessianOptions {
  /** Step for coordinate i is relativeStep·max(|x_i|, scale_i). Default 5e-4 (Hessian), 1e-5 (Jacobian). */
  relativeStep?: number;
  /** Per-coordinate typical magnitude used as a floor for the step (default 1). */
  scale?: readonly number[];
  /** Hessian only: Richardson-extrapolate steps h and 2h (O(h⁴) error). Default true. */
  richardson?: boolean;
}

function centralHessian(f: ObjectiveFunction, x: readonly number[], h: readonly number[], f0: number): number[][] {
  const n = x.length;
  const work = [...x];
  const at = (i: number, di: number, j: number, dj: number): number => {
    work[i] += di;
    work[j] += dj;
    const v = f(work);
    work[i] = x[i];
    work[j] = x[j];
    return v;
  };
  const hess: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const up = at(i, h[i], i, 0);
    const down = at(i, -h[i], i, 0);
    hess[i][i] = (up - 2 * f0 + down) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      const pp = at(i, h[i], j, h[j]);
      const pm = at(i, h[i], j, -h[j]);
      const mp = at(i, -h[i], j, h[j]);
      const mm = at(i, -h[i], j, -h[j]);
      const v = (pp - pm - mp + mm) / (4 * h[i] * h[j]);
      hess[i][j] = v;
      hess[j][i] = v;
    }
  }
  return hess;
}

/**
 * Symmetric central-difference Hessian: H_ii = [f(x+h e_i) − 2f(x) + f(x−h e_i)]/h²,
 * H_ij from the four-point formula, Richardson-extrapolated over steps h and 2h
 * (so truncation error is O(h⁴) and larger, roundoff-safe steps can be used).
 * On the FCP GARCH benchmark this reproduces the analytic-Hessian standard
 * errors to ~6 significant digits.
 * @example numericalHessian(([a, b]) => a * a * b, [1, 2]) // ≈ [[4, 2], [2, 0]]
 */
export function numericalHessian(
  f: ObjectiveFunction,
  x: readonly number[],
  options: HessianOptions = {},
): number[][] {
  const rel = options.relativeStep ?? 5e-4;
  const h = x.map((xi, i) => rel * Math.max(Math.abs(xi), options.scale?.[i] ?? 1));
  const f0 = f(x);
  const fine = centralHessian(f, x, h, f0);
  if (options.richardson === false) return fine;
  const coarse = centralHessian(
    f,
    x,
    h.map((v) => 2 * v),
    f0,
  );
  return fine.map((row, i) => row.map((v, j) => (4 * v - coarse[i][j]) / 3));
}

/**
 * Central-difference Jacobian of a vector function (rows: outputs, cols: inputs),
 * used for outer-product-of-gradients (sandwich) covariances.
 * @example numericalJacobian(([a, b]) => [a * b, a + b], [2, 3]) // ≈ [[3, 2], [1, 1]]
 */
export function numericalJacobian(
  f: (x: readonly number[]) => number[],
  x: readonly number[],
  options: HessianOptions = {},
): number[][] {
  const rel = options.relativeStep ?? 1e-5;
  const n = x.length;
  const work = [...x];
  let jac: number[][] = [];
  for (let j = 0; j < n; j++) {
    const h = rel * Math.max(Math.abs(x[j]), options.scale?.[j] ?? 1);
    work[j] = x[j] + h;
    const up = f(work);
    work[j] = x[j] - h;
    const down = f(work);
    work[j] = x[j];
    if (j === 0) jac = up.map(() => new Array<number>(n).fill(0));
    for (let i = 0; i < up.length; i++) jac[i][j] = (up[i] - down[i]) / (2 * h);
  }
  return jac;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function gradientCriterion(g: readonly number[], x: readonly number[], fx: number): number {
  let m = 0;
  for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]) * Math.max(Math.abs(x[i]), 1));
  return m / Math.max(Math.abs(fx), 1);
}

interface InnerResult {
  x: number[];
  value: number;
  iterations: number;
  criterion: number;
  converged: boolean;
  message: string;
}

function bfgs(f: ObjectiveFunction, x0: readonly number[], maxIterations: number, gtol: number, counter: Counter): InnerResult {
  const n = x0.length;
  let x = [...x0];
  let fx = f(x);
  if (!Number.isFinite(fx)) {
    return { x, value: fx, iterations: 0, criterion: Number.POSITIVE_INFINITY, converged: false, message: 'non-finite objective at start' };
  }
  let g = numericalGradient(f, x, fx);
  if (!g.every(Number.isFinite)) {
    return { x, value: fx, iterations: 0, criterion: Number.POSITIVE_INFINITY, converged: false, message: 'non-finite gradient at start' };
  }
  let hInv: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let fresh = true;
  let iterations = 0;
  let stalled = 0;
  let message = 'maximum iterations reached';
  let criterion = gradientCriterion(g, x, fx);
  while (iterations < maxIterations && counter.evaluations < counter.max) {
    if (criterion <= gtol) {
      message = 'gradient tolerance reached';
      break;
    }
    iterations++;
    let d = hInv.map((row) => -dot(row, g));
    let slope = dot(g, d);
    if (!(slope < 0) || !d.every(Number.isFinite)) {
      hInv = hInv.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      fresh = true;
      d = g.map((gi) => -gi);
      slope = dot(g, d);
    }
    // Initial trial step: Newton step (1) unless H is the unscaled identity.
    let t = 1;
    if (fresh) {
      const gn = Math.sqrt(dot(g, g));
      const xn = Math.sqrt(dot(x, x));
      t = Math.min(1, (0.1 * Math.max(xn, 1)) / Math.max(gn, 1e-300));
    }
    let accepted = false;
    let xNew = x;
    let fNew = fx;
    for (let k = 0; k < 60; k++) {
      xNew = x.map((xi, i) => xi + t * d[i]);
      fNew = f(xNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      if (!Number.isFinite(fNew)) {
        t *= 0.1;
      } else {
        const denom = 2 * (fNew - fx - slope * t);
        const tq = denom > 0 ? (-slope * t * t) / denom : 0.5 * t;
        t = Math.min(0.5 * t, Math.max(0.1 * t, tq));
      }
      if (t * Math.sqrt(dot(d, d)) < 1e-16 * Math.max(1, Math.sqrt(dot(x, x)))) break;
    }
    if (!accepted) {
      if (!fresh) {
        // Quasi-Newton direction failed: restart from steepest descent.
        hInv = hInv.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
        fresh = true;
        continue;
      }
      message = 'line search could not decrease the objective';
      break;
    }
    const gNew = numericalGradient(f, xNew, fNew);
    if (!gNew.every(Number.isFinite)) {
      message = 'non-finite gradient';
      break;
    }
    const s = xNew.map((v, i) => v - x[i]);
    const y = gNew.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    const relDecrease = (fx - fNew) / Math.max(Math.abs(fx), 1);
    x = xNew;
    fx = fNew;
    g = gNew;
    criterion = gradientCriterion(g, x, fx);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (fresh) {
        const scale = sy / dot(y, y);
        hInv = hInv.map((row, i) => row.map((_, j) => (i === j ? scale : 0)));
        fresh = false;
      }
      const rho = 1 / sy;
      const hy = hInv.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          hInv[i][j] += (1 + rho * yhy) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
        }
      }
    }
    stalled = relDecrease < 1e-15 ? stalled + 1 : 0;
    if (stalled >= 3) {
      message = 'no further progress';
      break;
    }
  }
  if (criterion <= gtol) message = 'gradient tolerance reached';
  return { x, value: fx, iterations, criterion, converged: criterion <= gtol, message };
}

function nelderMead(f: ObjectiveFunction, x0: readonly number[], maxIterations: number, counter: Counter): InnerResult {
  const n = x0.length;
  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rhoC = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n;
  const safe = (p: number[]): number => {
    const v = f(p);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const simplex: number[][] = [[...x0]];
  for (let i = 0; i < n; i++) {
    const p = [...x0];
    p[i] = p[i] !== 0 ? p[i] * 1.05 : 0.00025;
    if (Math.abs(p[i] - x0[i]) < 1e-3) p[i] = x0[i] + 0.05;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && counter.evaluations < counter.max) {
    iterations++;
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sorted = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    for (let i = 0; i <= n; i++) simplex[i] = sorted[i];
    const best = values[0];
    const worst = values[n];
    let size = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) size = Math.max(size, Math.abs(simplex[i][j] - simplex[0][j]));
    }
    if (Number.isFinite(worst) && worst - best <= 1e-13 * (Math.abs(best) + 1e-10) && size <= 1e-9 * Math.max(1, Math.sqrt(dot(simplex[0], simplex[0])))) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const reflected = centroid.map((c, j) => c + alpha * (c - simplex[n][j]));
    const fr = safe(reflected);
    if (fr < values[0]) {
      const expanded = centroid.map((c, j) => c + gamma * (reflected[j] - c));
      const fe = safe(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
      continue;
    }
    if (fr < values[n - 1]) {
      simplex[n] = reflected;
      values[n] = fr;
      continue;
    }
    const outside = fr < values[n];
    const contracted = outside
      ? centroid.map((c, j) => c + rhoC * (reflected[j] - c))
      : centroid.map((c, j) => c + rhoC * (simplex[n][j] - c));
    const fc = safe(contracted);
    if (fc < (outside ? fr : values[n])) {
      simplex[n] = contracted;
      values[n] = fc;
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = simplex[i].map((v, j) => simplex[0][j] + sigma * (v - simplex[0][j]));
      values[i] = safe(simplex[i]);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[bestIndex]) bestIndex = i;
  const xBest = simplex[bestIndex];
  const fBest = values[bestIndex];
  const criterion = Number.isFinite(fBest) ? gradientCriterion(numericalGradient(f, xBest, fBest), xBest, fBest) : Number.POSITIVE_INFINITY;
  return {
    x: xBest,
    value: fBest,
    iterations,
    criterion,
    converged,
    message: converged ? 'simplex converged' : 'maximum iterations reached',
  };
}

interface BoundTransform {
  toInternal: (x: readonly number[]) => number[];
  toExternal: (z: readonly number[]) => number[];
}

function makeTransform(n: number, lower?: readonly number[], upper?: readonly number[]): BoundTransform {
  const lo = Array.from({ length: n }, (_, i) => lower?.[i] ?? Number.NEGATIVE_INFINITY);
  const hi = Array.from({ length: n }, (_, i) => upper?.[i] ?? Number.POSITIVE_INFINITY);
  const toExternal = (z: readonly number[]): number[] =>
    z.map((zi, i) => {
      const l = lo[i];
      const u = hi[i];
      if (Number.isFinite(l) && Number.isFinite(u)) return l + (u - l) / (1 + Math.exp(-zi));
      if (Number.isFinite(l)) return l + Math.exp(zi);
      if (Number.isFinite(u)) return u - Math.exp(zi);
      return zi;
    });
  const toInternal = (x: readonly number[]): number[] =>
    x.map((xi, i) => {
      const l = lo[i];
      const u = hi[i];
      if (Number.isFinite(l) && Number.isFinite(u)) {
        const span = u - l;
        const p = Math.min(Math.max((xi - l) / span, 1e-10), 1 - 1e-10);
        return Math.log(p / (1 - p));
      }
      if (Number.isFinite(l)) return Math.log(Math.max(xi - l, 1e-300));
      if (Number.isFinite(u)) return Math.log(Math.max(u - xi, 1e-300));
      return xi;
    });
  return { toInternal, toExternal };
}

/**
 * Minimises `f` starting from `x0`. Non-finite objective values are treated as
 * +∞ (the line search and simplex step away from them), so objectives may
 * signal invalid parameters by returning NaN or Infinity.
 * @example
 *   const r = minimize(([a, b]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2, [-1.2, 1]);
 *   r.x // ≈ [1, 1]
 */
export function minimize(f: ObjectiveFunction, x0: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const method = options.method ?? 'auto';
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-6;
  const counter: Counter = { evaluations: 0, max: options.maxEvaluations ?? 50_000 };
  const transform = makeTransform(n, options.lower, options.upper);
  const bounded = options.lower !== undefined || options.upper !== undefined;
  const g: ObjectiveFunction = (z) => {
    counter.evaluations++;
    const v = f(bounded ? transform.toExternal(z) : z);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const z0 = bounded ? transform.toInternal(x0) : [...x0];
  const finish = (r: InnerResult, used: MinimizeResult['method'], iterations: number): MinimizeResult => ({
    x: bounded ? transform.toExternal(r.x) : r.x,
    value: r.value,
    converged: r.converged && Number.isFinite(r.value),
    iterations,
    evaluations: counter.evaluations,
    method: used,
    gradientNorm: r.criterion,
    message: r.message,
  });

  if (method === 'nelder-mead') {
    const r = nelderMead(g, z0, maxIterations * 20, counter);
    return finish(r, 'nelder-mead', r.iterations);
  }
  const first = bfgs(g, z0, maxIterations, gtol, counter);
  const acceptable = Math.max(options.acceptableGradientTolerance ?? 1e-6, gtol);
  if (method === 'bfgs' || first.converged) return finish(first, 'bfgs', first.iterations);
  if (Number.isFinite(first.value) && first.criterion <= acceptable) {
    return finish({ ...first, converged: true }, 'bfgs', first.iterations);
  }

  const start = Number.isFinite(first.value) ? first.x : z0;
  const simplex = nelderMead(g, start, 400 * n, counter);
  const polish = Number.isFinite(simplex.value) ? bfgs(g, simplex.x, maxIterations, gtol, counter) : simplex;
  const candidates = [first, simplex, polish].filter((r) => Number.isFinite(r.value));
  if (candidates.length === 0) return finish(first, 'bfgs+nelder-mead', first.iterations + simplex.iterations);
  let best = candidates[0];
  for (const c of candidates) if (c.value < best.value || (c.value === best.value && c.converged)) best = c;
  const converged = best.converged || best.criterion <= acceptable;
  return finish({ ...best, converged }, 'bfgs+nelder-mead', first.iterations + simplex.iterations + polish.iterations);
}

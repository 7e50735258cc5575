import { readFileSync } from 'fs';
import { join } from 'path';
import { fitGarch, garchForecast, garchLogLikelihood } from './garch';
import { createRandom } from './random';

/** DEM/GBP daily % returns 1984-01-03..1991-12-31 (Bollerslev & Ghysels 1996), 1,974 values. */
function loadDem2Gbp(): number[] {
  const text = readFileSync(join(__dirname, '../test/fixtures/dem2gbp.csv'), 'utf8');
  return text.trim().split('\n').slice(1).map(Number);
}

const relErr = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

/**
 * Benchmark: Fiorentini, Calzolari & Panattoni (1996), as reported by McCullough
 * & Renfro (1998) and Brooks, Burke & Persand (2001). The long-digit values are
 * the TSP 4.4 reproduction of FCP (www.tspintl.com/code/bench/bgfcp.tsp) with
 * h_0 = e_0² = SSR(μ)/T; Hessian SEs as used by rugarch's benchmark test;
 * QML-robust (Bollerslev–Wooldridge) SEs from the same TSP run.
 */
const BENCHMARK = {
  params: { mu: -0.0061904083799, omega: 0.0107613978518, alpha: 0.15313406182, beta: 0.80597367031 },
  logLikelihood: -1106.60788104129,
  hessianSe: { mu: 0.00846212, omega: 0.00285271, alpha: 0.0265228, beta: 0.0335527 },
  robustSe: { mu: 0.009189354, omega: 0.006493186, alpha: 0.053531703, beta: 0.07246145 },
} as const;
const KEYS = ['mu', 'omega', 'alpha', 'beta'] as const;

describe('fitGarch on the FCP DEM/GBP benchmark', () => {
  const returns = loadDem2Gbp();
  const sut = fitGarch(returns);

  it('uses all 1,974 returns', () => {
    expect(returns).toHaveLength(1974);
    expect(sut.nObservations).toBe(1974);
  });

  it.each(KEYS)('reproduces the published estimate of %s to better than 1e-6 relative', (key) => {
    expect(relErr(sut.params[key], BENCHMARK.params[key])).toBeLessThan(1e-6);
  });

  it('reproduces the published log-likelihood −1106.608 (constant −n/2·log 2π included)', () => {
    expect(sut.converged).toBe(true);
    expect(Math.abs(sut.logLikelihood - BENCHMARK.logLikelihood)).toBeLessThan(1e-6);
  });

  it('evaluates the benchmark log-likelihood at the published parameters', () => {
    expect(garchLogLikelihood(returns, BENCHMARK.params)).toBeCloseTo(BENCHMARK.logLikelihood, 6);
  });

  it.each(KEYS)('reproduces the Hessian-based standard error of %s to 1e-4 relative', (key) => {
    expect(relErr(sut.stdErrors[key] ?? Number.NaN, BENCHMARK.hessianSe[key])).toBeLessThan(1e-4);
  });

  it.each(KEYS)('reproduces the QML-robust (sandwich) standard error of %s to 1e-4 relative', (key) => {
    expect(relErr(sut.robustStdErrors[key] ?? Number.NaN, BENCHMARK.robustSe[key])).toBeLessThan(1e-4);
  });

  it('reports information criteria consistent with the log-likelihood', () => {
    expect(sut.aic).toBeCloseTo(8 - 2 * sut.logLikelihood, 10);
    expect(sut.bic).toBeCloseTo(4 * Math.log(1974) - 2 * sut.logLikelihood, 10);
  });

  it('forecasts variance that rises monotonically toward ω/(1−α−β) from a below-average start', () => {
    const longRun = sut.unconditionalVariance;
    expect(sut.forecast).toHaveLength(10);
    const v = sut.forecast.map((f) => f.variance);
    expect(v[0]).toBeLessThan(longRun);
    for (let k = 1; k < v.length; k++) expect(v[k]).toBeGreaterThan(v[k - 1]);
    const last = returns[returns.length - 1] - sut.params.mu;
    const next = sut.params.omega + sut.params.alpha * last * last + sut.params.beta * sut.conditionalVariance;
    expect(v[0]).toBeCloseTo(next, 12);
    expect(v[1]).toBeCloseTo(longRun + sut.persistence * (next - longRun), 12);
  });

  it('gives 95% return intervals of μ ± 1.96σ by default', () => {
    const f = sut.forecast[0];
    expect(f.volatility).toBeCloseTo(Math.sqrt(f.variance), 14);
    expect(f.upper - sut.params.mu).toBeCloseTo(1.959963984540054 * f.volatility, 12);
    expect(sut.params.mu - f.lower).toBeCloseTo(1.959963984540054 * f.volatility, 12);
  });

  it('fits Student-t innovations with a better likelihood and finite degrees of freedom', () => {
    const t = fitGarch(returns, { distribution: 'student-t', level: 0.99, horizon: 1 });
    expect(t.converged).toBe(true);
    expect(t.logLikelihood).toBeGreaterThan(sut.logLikelihood + 50);
    expect(t.params.nu).toBeGreaterThan(3);
    expect(t.params.nu).toBeLessThan(6);
    expect(t.stdErrors.nu).not.toBeNull();
    // The unit-variance Student-t 99% quantile (ν ≈ 4.3) exceeds the normal one (2.5758).
    const tq = t.forecast[0];
    expect((tq.upper - tq.lower) / (2 * tq.volatility)).toBeGreaterThan(2.5758);
  });
});

describe('fitGarch on simulated data', () => {
  const truth = { mu: 0.02, omega: 0.05, alpha: 0.08, beta: 0.9 };

  function simulate(seed: number, n: number): number[] {
    const rng = createRandom(seed);
    let h = truth.omega / (1 - truth.alpha - truth.beta);
    const out: number[] = [];
    for (let i = 0; i < n + 500; i++) {
      const e = Math.sqrt(h) * rng.normal();
      if (i >= 500) out.push(truth.mu + e);
      h = truth.omega + truth.alpha * e * e + truth.beta * h;
    }
    return out;
  }

  const sut = fitGarch(simulate(11, 5000));

  it.each(KEYS)('recovers %s within 3 standard errors (n = 5,000, seed 11)', (key) => {
    expect(sut.converged).toBe(true);
    const se = sut.stdErrors[key] ?? Number.NaN;
    expect(Math.abs(sut.params[key] - truth[key]) / se).toBeLessThan(3);
  });

  it('is equivariant to rescaling the data (ω scales with s², μ with s)', () => {
    const r = simulate(5, 1500);
    const a = fitGarch(r);
    const b = fitGarch(r.map((v) => v * 0.01));
    expect(relErr(b.params.omega, a.params.omega * 1e-4)).toBeLessThan(1e-5);
    expect(relErr(b.params.alpha, a.params.alpha)).toBeLessThan(1e-5);
    expect(relErr(b.params.mu, a.params.mu * 0.01)).toBeLessThan(1e-4);
    expect(b.logLikelihood).toBeCloseTo(a.logLikelihood - 1500 * Math.log(0.01), 5);
  });

  it('rejects too-short or non-finite input', () => {
    expect(() => fitGarch([0.1, 0.2, 0.3])).toThrow(RangeError);
    expect(() => fitGarch([...simulate(1, 50), Number.NaN])).toThrow(RangeError);
    expect(() => fitGarch(new Array<number>(50).fill(0.1))).toThrow(/variance/);
  });
});

describe('garchForecast', () => {
  const sut = garchForecast;

  it('returns the requested number of steps and converges to the unconditional variance', () => {
    const params = { mu: 0, omega: 0.1, alpha: 0.1, beta: 0.8 };
    const f = sut(params, 3, 200, 0.9, 'normal');
    expect(f).toHaveLength(200);
    expect(f[0].variance).toBe(3);
    expect(f[199].variance).toBeCloseTo(1 + 2 * 0.9 ** 199, 12);
    expect(f[0].upper).toBeCloseTo(1.6448536269514722 * Math.sqrt(3), 12);
  });
});

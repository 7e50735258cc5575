import { readFileSync } from 'fs';
import { join } from 'path';
import { egarchForecast, fitEgarch, type EgarchParams } from './egarch';
import { studentTQuantile } from './distributions';
import { createRandom } from './random';

const ABS_MEAN = Math.sqrt(2 / Math.PI);

function simulateEgarch(p: EgarchParams, n: number, seed: number): number[] {
  const rng = createRandom(seed);
  let logH = p.omega / (1 - p.beta);
  const out: number[] = [];
  for (let i = 0; i < n + 500; i++) {
    const z = rng.normal();
    if (i >= 500) out.push(p.mu + Math.exp(0.5 * logH) * z);
    logH = p.omega + p.alpha * (Math.abs(z) - ABS_MEAN) + p.gamma * z + p.beta * logH;
  }
  return out;
}

describe('fitEgarch on simulated data', () => {
  const truth: EgarchParams = { mu: 0.05, omega: 0.02, alpha: 0.15, gamma: -0.08, beta: 0.95 };
  const sut = fitEgarch(simulateEgarch(truth, 6000, 3 * 7919), { horizon: 5 });

  it('converges', () => {
    expect(sut.converged).toBe(true);
    expect(sut.nObservations).toBe(6000);
  });

  it.each(['mu', 'omega', 'alpha', 'gamma', 'beta'] as const)(
    'recovers %s within 3 standard errors (n = 6,000, fixed seed)',
    (key) => {
      const se = sut.stdErrors[key] ?? Number.NaN;
      expect(se).toBeGreaterThan(0);
      expect(Math.abs(sut.params[key] - truth[key]) / se).toBeLessThan(3);
    },
  );

  it('detects the leverage effect (γ significantly negative)', () => {
    expect(sut.params.gamma / (sut.stdErrors.gamma ?? Number.NaN)).toBeLessThan(-2);
  });
});

describe('egarchForecast', () => {
  const params: EgarchParams = { mu: 0.01, omega: -0.05, alpha: 0.2, gamma: -0.1, beta: 0.9 };
  const nextLogVar = Math.log(1.8);
  const sut = egarchForecast(params, nextLogVar, 6, 0.95);

  it('uses the known one-step variance exactly', () => {
    expect(sut[0].variance).toBeCloseTo(1.8, 12);
  });

  it('matches a seeded Monte Carlo of E[σ²_{T+k}] (closed form is exact under Gaussian z)', () => {
    const rng = createRandom(99);
    const paths = 40_000;
    const sums = new Array<number>(6).fill(0);
    for (let i = 0; i < paths; i++) {
      let logH = nextLogVar;
      for (let k = 0; k < 6; k++) {
        sums[k] += Math.exp(logH);
        const z = rng.normal();
        logH = params.omega + params.alpha * (Math.abs(z) - ABS_MEAN) + params.gamma * z + params.beta * logH;
      }
    }
    sums.forEach((s, k) => expect(Math.abs(sut[k].variance / (s / paths) - 1)).toBeLessThan(0.01));
  });

  it('converges to the stationary E[σ²] for long horizons', () => {
    const long = egarchForecast(params, nextLogVar, 400, 0.95);
    expect(long[399].variance).toBeCloseTo(long[398].variance, 10);
    // The exact mean exceeds exp(E log σ²) by Jensen's inequality.
    expect(long[399].variance).toBeGreaterThan(Math.exp(params.omega / (1 - params.beta)));
  });
});

describe('fitEgarch on DEM/GBP', () => {
  const returns = readFileSync(join(__dirname, '../test/fixtures/dem2gbp.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map(Number);
  const sut = fitEgarch(returns);

  it('agrees with an independent R implementation of the same likelihood (make-egarch-r-fixture.R)', () => {
    const reference = JSON.parse(readFileSync(join(__dirname, '../test/fixtures/egarch-r-reference.json'), 'utf8')) as {
      estimates: Record<'mu' | 'omega' | 'alpha' | 'gamma' | 'beta', number>;
      se: Record<'mu' | 'omega' | 'alpha' | 'gamma' | 'beta', number>;
      logLik: number;
    };
    expect(sut.logLikelihood).toBeCloseTo(reference.logLik, 6);
    for (const key of ['mu', 'omega', 'alpha', 'gamma', 'beta'] as const) {
      // 5 significant digits of each estimate; standard errors (numerical Hessians on both sides) to 0.1 %.
      expect(Math.abs(sut.params[key] - reference.estimates[key])).toBeLessThan(1e-5 * Math.max(1, Math.abs(reference.estimates[key])));
      expect(Math.abs((sut.stdErrors[key] ?? Number.NaN) - reference.se[key]) / reference.se[key]).toBeLessThan(1e-3);
    }
  });

  it('converges with a stationary, persistent log-variance and finite forecasts', () => {
    expect(sut.converged).toBe(true);
    expect(sut.params.beta).toBeGreaterThan(0.8);
    expect(sut.params.beta).toBeLessThan(1);
    expect(sut.forecast.every((f) => Number.isFinite(f.variance) && f.lower < f.upper)).toBe(true);
    expect(Object.values(sut.stdErrors).every((s) => s !== null && s > 0)).toBe(true);
  });
});

/** Unit-variance Student-t draw with integer ν: N / sqrt(χ²_ν / ν), scaled by sqrt((ν − 2)/ν). */
function studentT(rng: ReturnType<typeof createRandom>, nu: number): number {
  let chi2 = 0;
  for (let i = 0; i < nu; i++) chi2 += rng.normal() ** 2;
  return (rng.normal() / Math.sqrt(chi2 / nu)) * Math.sqrt((nu - 2) / nu);
}

describe('fitEgarch with Student-t innovations', () => {
  const nu = 6;
  // E|z| of the unit-variance t(6): sqrt(ν−2)·Γ((ν−1)/2) / (sqrt(π)·Γ(ν/2)) = 2·(3√π/4) / (√π·2) = 0.75.
  const absMean = 0.75;
  const truth = { mu: 0.02, omega: 0.01, alpha: 0.12, gamma: -0.06, beta: 0.95, nu };
  const rng = createRandom(4242);
  let logH = truth.omega / (1 - truth.beta);
  const returns: number[] = [];
  for (let i = 0; i < 6500; i++) {
    const z = studentT(rng, nu);
    if (i >= 500) returns.push(truth.mu + Math.exp(0.5 * logH) * z);
    logH = truth.omega + truth.alpha * (Math.abs(z) - absMean) + truth.gamma * z + truth.beta * logH;
  }
  const sut = fitEgarch(returns, { distribution: 'student-t', horizon: 5 });

  it.each(['mu', 'omega', 'alpha', 'gamma', 'beta', 'nu'] as const)('recovers %s within 3 standard errors (n = 6,000, fixed seed)', (key) => {
    const se = sut.stdErrors[key] ?? Number.NaN;
    expect(se).toBeGreaterThan(0);
    expect(Math.abs((sut.params[key] ?? Number.NaN) - truth[key]) / se).toBeLessThan(3);
  });

  it('fits better than the Gaussian model on fat-tailed data, counting ν in the AIC', () => {
    const gaussian = fitEgarch(returns, { horizon: 5 });

    expect(sut.distribution).toBe('student-t');
    expect(sut.aic).toBeLessThan(gaussian.aic);
    expect(sut.aic).toBeCloseTo(12 - 2 * sut.logLikelihood, 8);
  });

  it('forecasts the log variance by its recursion, with t quantiles for the intervals', () => {
    const next = Math.log(sut.forecast[0].variance);
    const second = Math.exp(sut.params.omega + sut.params.beta * next);

    expect(sut.forecast[1].variance).toBeCloseTo(second, 12);
    expect(sut.forecast.every((f) => Number.isFinite(f.variance) && f.lower < f.upper)).toBe(true);
    const fittedNu = sut.params.nu ?? Number.NaN;
    const width = (sut.forecast[0].upper - sut.forecast[0].lower) / (2 * Math.sqrt(sut.forecast[0].variance));
    expect(width).toBeCloseTo(studentTQuantile(0.975, fittedNu) * Math.sqrt((fittedNu - 2) / fittedNu), 10);
  });
});

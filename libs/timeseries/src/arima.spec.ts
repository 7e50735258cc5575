import { readFileSync } from 'fs';
import { join } from 'path';
import { autoArima, difference, fitArima, ndiffs, type ArimaResult } from './arima';

const FIXTURES = join(__dirname, '../test/fixtures');
const loadSeries = (file: string): number[] =>
  readFileSync(join(FIXTURES, file), 'utf8').trim().split('\n').slice(1).map(Number);
const relErr = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

/** Output of make-r-fixtures.R: stats::arima(x, order, method = "ML") + predict(n.ahead = 5). */
interface ArimaReference {
  id: string;
  file: string;
  call: string;
  order: [number, number, number];
  coef: Record<string, number>;
  se: Record<string, number>;
  sigma2: number;
  loglik: number;
  aic: number;
  forecastMean: number[];
  forecastSe: number[];
}

/** Output of make-r-fixtures.R: forecast::auto.arima(x, ic = "aic", stepwise = FALSE, approximation = FALSE, ...). */
interface AutoArimaReference {
  file: string;
  order: [number, number, number];
  ndiffs: number;
  constant: boolean;
  coef: Record<string, number>;
  loglik: number;
  aic: number;
  forecastMean: number[];
}

const arimaRefs = JSON.parse(readFileSync(join(FIXTURES, 'arima-r-reference.json'), 'utf8')) as ArimaReference[];
const autoRefs = JSON.parse(readFileSync(join(FIXTURES, 'auto-arima-r-reference.json'), 'utf8')) as AutoArimaReference[];

/** Our coefficients under R's names (ar1…, ma1…, intercept, drift). */
function coefficientsByName(fit: ArimaResult): { coef: Record<string, number>; se: Record<string, number | null> } {
  const coef: Record<string, number> = {};
  const se: Record<string, number | null> = {};
  fit.ar.forEach((v, i) => {
    coef[`ar${i + 1}`] = v;
    se[`ar${i + 1}`] = fit.stdErrors.ar[i];
  });
  fit.ma.forEach((v, i) => {
    coef[`ma${i + 1}`] = v;
    se[`ma${i + 1}`] = fit.stdErrors.ma[i];
  });
  if (fit.intercept !== null) {
    coef.intercept = fit.intercept;
    se.intercept = fit.stdErrors.intercept;
  }
  if (fit.drift !== null) {
    coef.drift = fit.drift;
    se.drift = fit.stdErrors.drift;
  }
  return { coef, se };
}

describe('fitArima against R stats::arima(method = "ML")', () => {
  describe.each(arimaRefs.map((r) => [r.id, r] as const))('%s', (_id, ref) => {
    const [p, d, q] = ref.order;
    const hasConstant = 'intercept' in ref.coef || 'drift' in ref.coef;
    const sut = fitArima(loadSeries(ref.file), { p, d, q }, { includeConstant: hasConstant, horizon: 5 });
    const ours = coefficientsByName(sut);

    it('converges to the same coefficients (1e-3 relative)', () => {
      expect(sut.converged).toBe(true);
      expect(Object.keys(ours.coef).sort()).toEqual(Object.keys(ref.coef).sort());
      for (const [name, value] of Object.entries(ref.coef)) expect(relErr(ours.coef[name], value)).toBeLessThan(1e-3);
    });

    it('matches the log-likelihood, AIC and σ² (1e-6 / 1e-6 / 1e-5 relative)', () => {
      expect(relErr(sut.logLikelihood, ref.loglik)).toBeLessThan(1e-6);
      expect(relErr(sut.aic, ref.aic)).toBeLessThan(1e-6);
      expect(relErr(sut.sigma2, ref.sigma2)).toBeLessThan(1e-5);
    });

    it('matches the Hessian-based standard errors (2e-3 relative; R differentiates numerically)', () => {
      for (const [name, value] of Object.entries(ref.se)) expect(relErr(ours.se[name] ?? Number.NaN, value)).toBeLessThan(2e-3);
    });

    it('matches predict() means and standard errors for 5 steps (1e-4 relative)', () => {
      expect(sut.forecast).toHaveLength(5);
      sut.forecast.forEach((f, i) => {
        expect(relErr(f.mean, ref.forecastMean[i])).toBeLessThan(1e-4);
        expect(relErr(f.se, ref.forecastSe[i])).toBeLessThan(1e-4);
        expect(f.upper - f.mean).toBeCloseTo(1.959963984540054 * f.se, 10);
      });
    });
  });
});

describe('autoArima against R forecast::auto.arima(ic = "aic", stepwise = FALSE, approximation = FALSE)', () => {
  describe.each(autoRefs.map((r) => [r.file, r] as const))('%s', (_file, ref) => {
    const x = loadSeries(ref.file);
    const sut = autoArima(x, { horizon: 5 });

    it('chooses the same number of differences by the KPSS test', () => {
      expect(ndiffs(x)).toBe(ref.ndiffs);
    });

    it('selects the same order and constant', () => {
      expect([sut.order.p, sut.order.d, sut.order.q]).toEqual(ref.order);
      expect(sut.intercept !== null || sut.drift !== null).toBe(ref.constant);
    });

    it('reports the same AIC (±0.01) and coefficients (1e-3 relative)', () => {
      expect(Math.abs(sut.aic - ref.aic)).toBeLessThan(0.01);
      const ours = coefficientsByName(sut).coef;
      for (const [name, value] of Object.entries(ref.coef)) expect(relErr(ours[name], value)).toBeLessThan(1e-3);
    });

    it('forecasts the same means (1e-4 relative)', () => {
      sut.forecast.forEach((f, i) => expect(relErr(f.mean, ref.forecastMean[i])).toBeLessThan(1e-4));
    });

    it('lists every candidate of the 4×4 grid with and without a constant where allowed', () => {
      const perOrder = sut.order.d <= 1 ? 2 : 1;
      expect(sut.candidates).toHaveLength(16 * perOrder);
      expect(Math.min(...sut.candidates.filter((c) => !c.rejected).map((c) => c.aic))).toBeCloseTo(sut.aic, 10);
    });
  });
});

describe('fitArima behaviour', () => {
  const lh = loadSeries('lh.csv');

  it('fits white noise (0,0,0) as the sample mean with the ML variance', () => {
    const sut = fitArima(lh, { p: 0, d: 0, q: 0 });
    const mean = lh.reduce((s, v) => s + v, 0) / lh.length;
    expect(sut.intercept).toBeCloseTo(mean, 6);
    expect(sut.sigma2).toBeCloseTo(lh.reduce((s, v) => s + (v - mean) ** 2, 0) / lh.length, 6);
    expect(sut.forecast.every((f) => Math.abs(f.mean - mean) < 1e-6)).toBe(true);
  });

  it('returns innovations for the differenced series', () => {
    const sut = fitArima(lh, { p: 0, d: 1, q: 1 }, { horizon: 3 });
    expect(sut.residuals).toHaveLength(lh.length - 1);
    expect(sut.nObservations).toBe(lh.length - 1);
    expect(sut.intercept).toBeNull();
    expect(sut.drift).toBeNull();
  });

  it('widens integrated (d = 1) forecast intervals with the horizon', () => {
    const sut = fitArima(lh, { p: 1, d: 1, q: 0 }, { horizon: 8 });
    for (let k = 1; k < 8; k++) expect(sut.forecast[k].se).toBeGreaterThan(sut.forecast[k - 1].se);
  });

  it('rejects invalid orders, constants with d ≥ 2, non-finite values and too-short series', () => {
    expect(() => fitArima(lh, { p: -1, d: 0, q: 0 })).toThrow(RangeError);
    expect(() => fitArima(lh, { p: 1, d: 2, q: 0 }, { includeConstant: true })).toThrow(RangeError);
    expect(() => fitArima([...lh, Number.NaN], { p: 1, d: 0, q: 0 })).toThrow(RangeError);
    expect(() => fitArima([1, 2, 3], { p: 2, d: 0, q: 1 })).toThrow(RangeError);
  });

  it('difference() applies repeated first differences', () => {
    expect(difference([1, 4, 9, 16, 25], 2)).toEqual([2, 2, 2]);
  });
});

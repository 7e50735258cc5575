import { readFileSync } from 'fs';
import { join } from 'path';
import { createRandom } from './random';
import { fitVolatility, type VolatilityResult } from './volatility';

type GarchModule = typeof import('./garch');
const mockGarchBehaviour: { mode: 'real' | 'throw' | 'not-converged' } = { mode: 'real' };
jest.mock('./garch', () => {
  const actual = jest.requireActual<GarchModule>('./garch');
  return {
    ...actual,
    fitGarch: (...args: Parameters<GarchModule['fitGarch']>): ReturnType<GarchModule['fitGarch']> => {
      if (mockGarchBehaviour.mode === 'throw') throw new Error('simulated optimiser failure');
      const fit = actual.fitGarch(...args);
      return mockGarchBehaviour.mode === 'not-converged' ? { ...fit, converged: false } : fit;
    },
  };
});

const dem2gbp = readFileSync(join(__dirname, '../test/fixtures/dem2gbp.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map(Number);

/** Every number anywhere in the result is finite (standard errors may be null). */
function expectNoNaN(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => expectNoNaN(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    Object.entries(value).forEach(([k, v]) => expectNoNaN(v, `${path}.${k}`));
  }
}

function garchPrices(n: number, seed: number): number[] {
  const rng = createRandom(seed);
  let h = 1e-4;
  let price = 100;
  const prices = [price];
  for (let i = 0; i < n; i++) {
    const e = Math.sqrt(h) * rng.normal();
    price *= Math.exp(e);
    prices.push(price);
    h = 2e-6 + 0.1 * e * e + 0.88 * h;
  }
  return prices;
}

describe('fitVolatility', () => {
  const sut = fitVolatility;

  afterEach(() => {
    mockGarchBehaviour.mode = 'real';
  });

  describe('with well-behaved data', () => {
    it('fits the requested GARCH model without fallback', () => {
      const result = sut(dem2gbp, { horizon: 5 });
      expect(result.model).toBe('garch');
      expect(result.fallback).toBe(false);
      expect(result.reason).toBeNull();
      expect(result.forecast).toHaveLength(5);
      expectNoNaN(result);
    });

    it('picks the lower-AIC model in auto mode (EGARCH on DEM/GBP)', () => {
      const result = sut(dem2gbp, { model: 'auto', horizon: 2 });
      expect(result.model).toBe('egarch');
      expect(result.requestedModel).toBe('auto');
      expect(result.fallback).toBe(false);
    });

    it('takes log returns of prices when input is "prices"', () => {
      const result = sut(garchPrices(1500, 4), { input: 'prices', horizon: 3 });
      expect(result.model).toBe('garch');
      expect(result.nObservations).toBe(1500);
      expectNoNaN(result);
    });

    it('returns EWMA when EWMA is requested, without marking it as a fallback', () => {
      const result = sut(dem2gbp, { model: 'ewma' });
      expect(result.model).toBe('ewma');
      expect(result.fallback).toBe(false);
    });
  });

  describe('with degenerate input', () => {
    const cases: [string, unknown[], Parameters<typeof fitVolatility>[1], RegExp][] = [
      ['a constant price series', new Array<number>(200).fill(100), { input: 'prices' }, /all returns are zero/],
      ['constant non-zero returns', new Array<number>(200).fill(0.01), {}, /zero variance/],
      ['a NaN inside', [...dem2gbp.slice(0, 100), Number.NaN, ...dem2gbp.slice(100, 200)], {}, /non-finite.*index 100: NaN/],
      ['an Infinity inside', [0.1, Number.POSITIVE_INFINITY, ...dem2gbp.slice(0, 50)], {}, /index 1: Infinity/],
      ['5 points', [100, 101, 99, 102, 100], { input: 'prices' }, /only 4 return\(s\)/],
      ['a non-positive price', [100, 101, 0, 102, ...new Array<number>(20).fill(100)], { input: 'prices' }, /index 2/],
      ['a non-numeric entry', [0.1, '0.2', 0.3], {}, /index 1: string/],
    ];

    it.each(cases)('returns model "none" with a reason for %s', (_name, series, options, reason) => {
      const result: VolatilityResult = sut(series as number[], options);
      expect(result.model).toBe('none');
      expect(result.fallback).toBe(true);
      expect(result.reason).toMatch(reason);
      expect(result.forecast).toEqual([]);
      expectNoNaN(result);
    });

    it('rejects invalid options and unknown models with a reason instead of throwing', () => {
      expect(sut(dem2gbp, { horizon: -1 }).reason).toMatch(/invalid options: horizon/);
      expect(sut(dem2gbp, { model: 'arch' as 'garch' }).reason).toMatch(/unknown model 'arch'/);
      expect(sut(null as unknown as number[]).reason).toMatch(/array/);
    });

    it('falls back to EWMA below the minimum sample size for GARCH', () => {
      const result = sut(dem2gbp.slice(0, 50), { horizon: 3 });
      expect(result.model).toBe('ewma');
      expect(result.fallback).toBe(true);
      expect(result.reason).toMatch(/only 50 returns; GARCH needs at least 100 — using RiskMetrics EWMA/);
      expect(result.forecast).toHaveLength(3);
      expectNoNaN(result);
    });

    it.each([
      ['prices', garchPrices(600, 8).map((p, i) => (i === 300 ? 1e6 : p))],
      ['returns', dem2gbp.slice(0, 600).map((r, i) => (i === 300 ? 1e6 : r))],
    ] as const)('survives a single 1e6 outlier in %s with finite output and a warning', (input, series) => {
      const result = sut(series, { input, model: 'auto' });
      expect(['garch', 'egarch', 'ewma']).toContain(result.model);
      expect(result.warnings.join(' ')).toMatch(/extreme return/);
      expect(result.forecast.length).toBe(10);
      expectNoNaN(result);
    });
  });

  it('winsorizes extreme returns on request so one bad tick does not dominate the forecast', () => {
    const prices = garchPrices(600, 8).map((p, i) => (i === 300 ? 1e6 : p));
    const kept = sut(prices, { input: 'prices' });
    const clipped = sut(prices, { input: 'prices', outliers: 'winsorize' });
    expect(clipped.warnings.join(' ')).toMatch(/2 extreme return\(s\) .* winsorized/);
    expect(clipped.forecast[0].volatility).toBeLessThan(kept.forecast[0].volatility / 3);
    expectNoNaN(clipped);
  });

  describe('when the model fit is unusable', () => {
    it('falls back to EWMA with the reason when GARCH does not converge', () => {
      mockGarchBehaviour.mode = 'not-converged';
      const result = sut(dem2gbp, { horizon: 2 });
      expect(result.model).toBe('ewma');
      expect(result.fallback).toBe(true);
      expect(result.reason).toMatch(/GARCH estimation did not converge — using RiskMetrics EWMA/);
      expectNoNaN(result);
    });

    it('falls back to EWMA with the error message when estimation throws', () => {
      mockGarchBehaviour.mode = 'throw';
      const result = sut(dem2gbp);
      expect(result.model).toBe('ewma');
      expect(result.reason).toMatch(/GARCH estimation failed: simulated optimiser failure/);
    });

    it('treats (near-)integrated persistence as unusable', () => {
      const result = sut(dem2gbp, { maxPersistence: 0.9 });
      expect(result.model).toBe('ewma');
      expect(result.reason).toMatch(/persistence 0\.959\d+ ≥ 0\.9/);
    });
  });
});

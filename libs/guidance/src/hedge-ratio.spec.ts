import { createRandom } from '@pum/timeseries';
import { hedgeRatio, type PricePoint } from './hedge-ratio';

const DAY_MS = 86_400_000;
const START = Date.parse('2024-01-01T00:00:00Z');

/** A price series whose log returns are exactly `returns`, one point a day from 2024-01-01. */
function pricesFromReturns(returns: readonly number[], start = 100): PricePoint[] {
  const points: PricePoint[] = [{ at: new Date(START).toISOString(), price: start }];
  let price = start;
  returns.forEach((r, i) => {
    price *= Math.exp(r);
    points.push({ at: new Date(START + (i + 1) * DAY_MS).toISOString(), price });
  });
  return points;
}

const settings = { hedgeAssetId: 'eth', minObservations: 5, minAbsCorrelation: 0.3 };

describe('hedgeRatio', () => {
  it('fits the textbook regression of y = 2,4,5,4,5 on x = 1..5 (percent returns)', () => {
    const sut = hedgeRatio(pricesFromReturns([2, 4, 5, 4, 5].map((v) => v / 100)), pricesFromReturns([1, 2, 3, 4, 5].map((v) => v / 100)), settings);

    // Sxy = 6, Sxx = 10, SSR = 2.4, SST = 6: β = 0.6, R² = 0.6, se(β) = √(2.4 / 3 / 10).
    if (!sut.available) throw new Error(`expected a hedge ratio, got ${sut.reason}`);
    expect(sut.beta).toBeCloseTo(0.6, 10);
    expect(sut.alpha).toBeCloseTo(0.022, 10);
    expect(sut.rSquared).toBeCloseTo(0.6, 10);
    expect(sut.correlation).toBeCloseTo(Math.sqrt(0.6), 10);
    expect(sut.betaStandardError).toBeCloseTo(Math.sqrt(0.08), 10);
    // t(0.975, 3) = 3.182446.
    expect(sut.betaInterval95[1] - sut.beta).toBeCloseTo(3.182446 * Math.sqrt(0.08), 4);
    expect(sut.observations).toBe(5);
    expect(sut.inputs).toMatchObject({ hedgeAssetId: 'eth', alignedPoints: 6, from: '2024-01-01T00:00:00.000Z', to: '2024-01-06T00:00:00.000Z' });
  });

  it('recovers a known beta from a simulated series, within its standard error', () => {
    const rng = createRandom(7);
    const n = 2_000;
    const x = Array.from({ length: n }, () => 0.02 * rng.normal());
    const y = x.map((r) => 0.8 * r + 0.01 * rng.normal());

    const sut = hedgeRatio(pricesFromReturns(y), pricesFromReturns(x), settings);

    if (!sut.available) throw new Error(`expected a hedge ratio, got ${sut.reason}`);
    // se(β) ≈ σ_ε / (σ_x·√n) = 0.01 / (0.02·√2000) ≈ 0.0112, up to the sample's own σ_x and σ_ε.
    const expectedSe = 0.01 / (0.02 * Math.sqrt(n));
    expect(sut.betaStandardError).toBeGreaterThan(0.9 * expectedSe);
    expect(sut.betaStandardError).toBeLessThan(1.1 * expectedSe);
    expect(Math.abs(sut.beta - 0.8)).toBeLessThan(3 * sut.betaStandardError);
    expect(sut.betaInterval95[0]).toBeLessThan(0.8);
    expect(sut.betaInterval95[1]).toBeGreaterThan(0.8);
    // ρ² = β²σx² / (β²σx² + σε²) = 0.000256 / 0.000356.
    expect(sut.rSquared).toBeCloseTo(0.000256 / 0.000356, 1);
  });

  it('aligns the series on equal timestamps, whatever their order, and ignores the rest', () => {
    const hedge = pricesFromReturns([1, 2, 3, 4, 5].map((v) => v / 100));
    const asset = pricesFromReturns([2, 4, 5, 4, 5].map((v) => v / 100));
    const noise = [{ at: '2024-01-03T12:00:00Z', price: 1 }, { at: '2023-06-01T00:00:00Z', price: 999 }];

    const sut = hedgeRatio([...asset].reverse().concat(noise), hedge.concat([{ at: '2024-02-01T00:00:00Z', price: 5 }]), settings);

    if (!sut.available) throw new Error(`expected a hedge ratio, got ${sut.reason}`);
    expect(sut.beta).toBeCloseTo(0.6, 10);
    expect(sut.inputs.alignedPoints).toBe(6);
  });

  it('refuses with too_few_points when fewer aligned returns than the minimum', () => {
    const sut = hedgeRatio(pricesFromReturns([0.01, 0.02, 0.03]), pricesFromReturns([0.01, 0.02, 0.03]), settings);

    expect(sut).toMatchObject({ available: false, reason: 'too_few_points', observations: 3 });
  });

  it('refuses with correlation_below_floor when the assets move independently', () => {
    const rng = createRandom(11);
    const x = Array.from({ length: 500 }, () => 0.02 * rng.normal());
    const y = Array.from({ length: 500 }, () => 0.02 * rng.normal());

    const sut = hedgeRatio(pricesFromReturns(y), pricesFromReturns(x), settings);

    expect(sut).toMatchObject({ available: false, reason: 'correlation_below_floor', observations: 500 });
    if (sut.available) throw new Error('expected a refusal');
    expect(Math.abs(sut.correlation ?? 1)).toBeLessThan(0.3);
  });

  it('accepts a strongly negative correlation: |ρ| is compared with the floor', () => {
    const x = [1, -2, 3, -1, 2, -3].map((v) => v / 100);
    const sut = hedgeRatio(pricesFromReturns(x.map((r) => -1.5 * r)), pricesFromReturns(x), settings);

    expect(sut).toMatchObject({ available: true, observations: 6 });
    if (sut.available) expect(sut.beta).toBeCloseTo(-1.5, 10);
  });

  it('refuses with hedge_series_flat when the hedge never moves', () => {
    const sut = hedgeRatio(pricesFromReturns([1, 2, 3, 4, 5].map((v) => v / 100)), pricesFromReturns([0, 0, 0, 0, 0]), settings);

    expect(sut).toMatchObject({ available: false, reason: 'hedge_series_flat' });
  });
});

import { readFileSync } from 'fs';
import { join } from 'path';
import { adfTest, mackinnonCriticalValues, mackinnonPValue } from './adf';
import { createRandom } from './random';

const FIXTURES = join(__dirname, '../test/fixtures');
const loadSeries = (file: string): number[] =>
  readFileSync(join(FIXTURES, file), 'utf8').trim().split('\n').slice(1).map(Number);

interface UnitRootReference {
  file: string;
  adfLag0: number;
  adfLag2: number;
}
const references = JSON.parse(readFileSync(join(FIXTURES, 'unit-root-r-reference.json'), 'utf8')) as UnitRootReference[];

describe('adfTest', () => {
  const sut = adfTest;

  it.each(references.map((r) => [r.file, r] as const))(
    'matches urca::ur.df(type = "drift") with fixed lags on %s',
    (_file, ref) => {
      const x = loadSeries(ref.file);
      expect(sut(x, { lags: 0 }).statistic).toBeCloseTo(ref.adfLag0, 10);
      expect(sut(x, { lags: 2 }).statistic).toBeCloseTo(ref.adfLag2, 10);
    },
  );

  it('does not reject a unit root for a random walk', () => {
    const rng = createRandom(21);
    let level = 0;
    const walk = Array.from({ length: 400 }, () => (level += rng.normal()));
    const result = sut(walk);
    expect(result.stationary).toBe(false);
    expect(result.pValue).toBeGreaterThan(0.05);
    expect(result.lags).toBeGreaterThanOrEqual(0);
  });

  it('rejects a unit root for a stationary AR(1)', () => {
    const rng = createRandom(22);
    let x = 0;
    const series = Array.from({ length: 400 }, () => (x = 0.5 * x + rng.normal()));
    const result = sut(series);
    expect(result.stationary).toBe(true);
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.statistic).toBeLessThan(result.criticalValues['1%']);
  });

  it('chooses lags by AIC within the bound', () => {
    const rng = createRandom(23);
    const e = Array.from({ length: 300 }, () => rng.normal());
    // Differences follow an AR(2): the search should pick at least 2 lags.
    const d: number[] = [];
    e.forEach((v, t) => d.push(v + (t > 0 ? 0.6 * d[t - 1] : 0) - (t > 1 ? 0.3 * d[t - 2] : 0)));
    let level = 0;
    const series = d.map((v) => (level += v));
    const result = sut(series, { maxLag: 6 });
    expect(result.lags).toBeGreaterThanOrEqual(2);
    expect(result.lags).toBeLessThanOrEqual(6);
  });

  it('throws RangeError for too-short or constant series', () => {
    expect(() => sut([1, 2, 3])).toThrow(RangeError);
    expect(() => sut(new Array<number>(30).fill(4))).toThrow(RangeError);
  });
});

describe('MacKinnon p-values and critical values', () => {
  it('mackinnonPValue gives ≈ 1%, 5%, 10% at the asymptotic critical values', () => {
    const sut = mackinnonPValue;
    expect(sut(-3.43035)).toBeCloseTo(0.01, 2);
    expect(sut(-2.86154)).toBeCloseTo(0.05, 2);
    expect(sut(-2.56677)).toBeCloseTo(0.1, 2);
    expect(sut(5)).toBe(1);
    expect(sut(-30)).toBe(0);
  });

  it('mackinnonCriticalValues approach the asymptotic values and widen in small samples', () => {
    const sut = mackinnonCriticalValues;
    expect(sut(1e9)['5%']).toBeCloseTo(-2.86154, 5);
    expect(sut(50)['5%']).toBeLessThan(sut(500)['5%']);
  });
});

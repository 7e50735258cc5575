import { readFileSync } from 'fs';
import { join } from 'path';
import { kpssTest } from './kpss';

const FIXTURES = join(__dirname, '../test/fixtures');
const loadSeries = (file: string): number[] =>
  readFileSync(join(FIXTURES, file), 'utf8').trim().split('\n').slice(1).map(Number);

interface UnitRootReference {
  file: string;
  kpssLag: number;
  kpss: number;
  kpssDiff: number;
}
const references = JSON.parse(readFileSync(join(FIXTURES, 'unit-root-r-reference.json'), 'utf8')) as UnitRootReference[];

describe('kpssTest', () => {
  const sut = kpssTest;

  it.each(references.map((r) => [r.file, r] as const))(
    'matches urca::ur.kpss(type = "mu", use.lag = trunc(3√n/13)) on %s and its differences',
    (_file, ref) => {
      const x = loadSeries(ref.file);
      const level = sut(x);
      expect(level.lags).toBe(ref.kpssLag);
      expect(level.statistic).toBeCloseTo(ref.kpss, 10);
      const diff = x.slice(1).map((v, i) => v - x[i]);
      expect(sut(diff).statistic).toBeCloseTo(ref.kpssDiff, 10);
    },
  );

  it('interpolates p-values between the KPSS critical values and clamps outside them', () => {
    const lakeHuron = loadSeries('lakehuron.csv');
    const trending = sut(lakeHuron);
    expect(trending.statistic).toBeGreaterThan(0.739);
    expect(trending.pValue).toBe(0.01);
    expect(trending.stationary).toBe(false);
    const lh = sut(loadSeries('lh.csv')); // statistic 0.368: between 10% and 5%
    expect(lh.pValue).toBeCloseTo(0.1 - (0.05 * (0.367889110815209 - 0.347)) / (0.463 - 0.347), 10);
    expect(lh.stationary).toBe(true);
  });

  it('rejects invalid input', () => {
    expect(() => sut([1, 2])).toThrow(RangeError);
    expect(() => sut([1, 2, Number.NaN, 4])).toThrow(RangeError);
  });
});

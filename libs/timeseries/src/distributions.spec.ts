import {
  logGamma,
  logNormalCdf,
  normalCdf,
  normalQuantile,
  regularizedBeta,
  studentTCdf,
  studentTQuantile,
} from './distributions';

// Reference values from R 4.2.2 (qnorm, pnorm, qt, pt, lgamma, pbeta).
describe('normalQuantile', () => {
  const sut = normalQuantile;

  it.each([
    [0.975, 1.9599639845400536],
    [1e-10, -6.3613409024040557],
    [0.3, -0.52440051270804067],
    [0.5, 0],
  ])('matches R qnorm(%p) to machine precision', (p, expected) => {
    expect(Math.abs(sut(p) - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
  });

  it('returns ±Infinity at 0 and 1 and NaN outside [0, 1]', () => {
    expect(sut(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(sut(1)).toBe(Number.POSITIVE_INFINITY);
    expect(sut(1.5)).toBeNaN();
  });
});

describe('normalCdf', () => {
  const sut = normalCdf;

  it.each([
    [-5, 2.8665157187919391e-7],
    [1.5, 0.93319279873114191],
    [-12, 1.776482112077679e-33],
  ])('matches R pnorm(%p) to ~1e-14 relative', (x, expected) => {
    expect(Math.abs(sut(x) - expected) / expected).toBeLessThan(1e-13);
  });

  it('is the inverse of normalQuantile', () => {
    for (const p of [1e-6, 0.01, 0.2, 0.5, 0.77, 0.999]) expect(sut(normalQuantile(p))).toBeCloseTo(p, 14);
  });

  it('gives a finite log in the far lower tail', () => {
    expect(logNormalCdf(-40)).toBeCloseTo(-804.608442013754, 8);
  });
});

describe('Student-t and special functions', () => {
  it('studentTQuantile matches R qt for integer and fractional degrees of freedom', () => {
    const sut = studentTQuantile;
    expect(sut(0.975, 10)).toBeCloseTo(2.2281388519862739, 12);
    expect(sut(0.995, 4.33)).toBeCloseTo(4.3730804228259341, 11);
    expect(sut(0.025, 10)).toBeCloseTo(-2.2281388519862739, 12);
  });

  it('studentTCdf matches R pt', () => {
    expect(studentTCdf(-2.5, 3.7)).toBeCloseTo(0.035911011455913376, 13);
  });

  it('logGamma and regularizedBeta match R lgamma and pbeta', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.57236494292470008, 13);
    expect(logGamma(7.3)).toBeCloseTo(7.1478925230222492, 12);
    expect(regularizedBeta(0.3, 2.5, 1.7)).toBeCloseTo(0.10688143238579235, 13);
  });
});

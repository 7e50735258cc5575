import { polynomialRoots } from './polynomial-roots';

describe('polynomialRoots', () => {
  const sut = polynomialRoots;
  const moduli = (c: number[]): number[] => sut(c).map((z) => Math.hypot(z.re, z.im)).sort((a, b) => a - b);

  it('finds real roots of a quadratic', () => {
    const roots = sut([-2, 0, 1]).map((z) => z.re).sort((a, b) => a - b);
    expect(roots[0]).toBeCloseTo(-Math.SQRT2, 12);
    expect(roots[1]).toBeCloseTo(Math.SQRT2, 12);
  });

  it('finds complex roots (AR(2) lag polynomial with cycles)', () => {
    // 1 − z + 0.5 z² has roots 1 ± i, modulus √2.
    expect(moduli([1, -1, 0.5])).toEqual([expect.closeTo(Math.SQRT2, 12), expect.closeTo(Math.SQRT2, 12)]);
  });

  it('handles a cubic with a root near the unit circle', () => {
    // (1 − 0.99z)(1 − 0.5z)(1 + 0.2z)
    const c = [1, -(0.99 + 0.5 - 0.2), 0.99 * 0.5 - 0.99 * 0.2 - 0.5 * 0.2, 0.99 * 0.5 * 0.2];
    expect(moduli(c)).toEqual([expect.closeTo(1 / 0.99, 10), expect.closeTo(2, 10), expect.closeTo(5, 10)]);
  });

  it('drops trailing zero coefficients and returns no roots for constants', () => {
    expect(sut([3, 0, 0])).toEqual([]);
    expect(sut([2, 4, 0])).toEqual([{ re: -0.5, im: 0 }]);
  });
});

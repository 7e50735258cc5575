import { logReturns } from './log-returns';

describe('logReturns', () => {
  const sut = logReturns;

  it('computes ln(p_t / p_{t-1}) for each consecutive pair', () => {
    const r = sut([100, 110, 99]);
    expect(r).toHaveLength(2);
    expect(r[0]).toBeCloseTo(Math.log(1.1), 15);
    expect(r[1]).toBeCloseTo(Math.log(0.9), 15);
  });

  it('applies the optional scale (percent returns)', () => {
    expect(sut([1, Math.E], { scale: 100 })[0]).toBeCloseTo(100, 12);
  });

  it('returns an empty array for fewer than two prices', () => {
    expect(sut([])).toEqual([]);
    expect(sut([5])).toEqual([]);
  });

  it.each([
    [[1, 0, 2], 1],
    [[1, -3], 1],
    [[1, Number.NaN], 1],
    [[Number.POSITIVE_INFINITY, 1], 0],
  ])('rejects non-positive or non-finite prices %p naming index %p', (prices, index) => {
    expect(() => sut(prices)).toThrow(new RegExp(`index ${index}`));
  });
});

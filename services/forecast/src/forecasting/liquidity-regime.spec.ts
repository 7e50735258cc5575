import { liquidityRegime } from './liquidity-regime';

describe('liquidityRegime', () => {
  const sut = liquidityRegime;

  it('is stable when TVL and its forecast move less than 5 %', () => {
    expect(sut([100, 101, 99, 102], 3, 103)?.state).toBe('stable');
  });

  it('is stressed when a fifth of TVL left within the window', () => {
    const result = sut([100, 95, 90, 85, 79], 4, 80);

    expect(result?.state).toBe('stressed');
    expect(result?.windowChange).toBeCloseTo(-0.21, 10);
  });

  it('is stressed by a single one-bar fall of a tenth, even if the window recovered', () => {
    const result = sut([100, 100, 89, 100], 3, 100);

    expect(result?.state).toBe('stressed');
    expect(result?.worstBarChange).toBeCloseTo(-0.11, 10);
  });

  it('is contracting on a 5 % fall, or when the forecast expects one', () => {
    expect(sut([100, 98, 97, 95], 3, 95)?.state).toBe('contracting');
    expect(sut([100, 100, 100, 100], 3, 94)?.state).toBe('contracting');
  });

  it('is expanding on a 5 % rise, or when the forecast expects one', () => {
    expect(sut([100, 102, 104, 106], 3, 106)?.state).toBe('expanding');
    expect(sut([100, 100, 100, 100], 3, 106)?.state).toBe('expanding');
  });

  it('prefers contracting when history rose but the forecast falls', () => {
    expect(sut([100, 103, 106, 108], 3, 100)?.state).toBe('contracting');
  });

  it('has no regime without enough values or from zero TVL', () => {
    expect(sut([100, 100], 3, null)).toBeNull();
    expect(sut([0, 10, 20, 30], 3, null)).toBeNull();
  });
});

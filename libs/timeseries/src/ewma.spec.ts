import { ewmaVolatility } from './ewma';

describe('ewmaVolatility', () => {
  const sut = ewmaVolatility;
  const returns = [0.01, -0.02, 0.015, 0.0, -0.03];

  it('applies σ²_{t+1} = λσ²_t + (1−λ)r_t² from the sample mean square', () => {
    const lambda = 0.94;
    let v = returns.reduce((s, r) => s + r * r, 0) / returns.length;
    for (const r of returns) v = lambda * v + (1 - lambda) * r * r;
    const result = sut(returns, { horizon: 3 });
    expect(result.forecast[0].variance).toBeCloseTo(v, 15);
    expect(result.params.lambda).toBe(0.94);
  });

  it('produces a flat forecast with zero-mean 95% intervals', () => {
    const f = sut(returns, { horizon: 4 }).forecast;
    expect(f).toHaveLength(4);
    expect(new Set(f.map((p) => p.variance)).size).toBe(1);
    expect(f[2].upper).toBeCloseTo(1.959963984540054 * f[2].volatility, 14);
    expect(f[2].lower).toBeCloseTo(-f[2].upper, 14);
  });

  it('reports the last in-sample variance separately from the forecast', () => {
    const r = sut(returns);
    expect(r.forecast[0].variance).toBeCloseTo(0.94 * r.conditionalVariance + 0.06 * 0.03 ** 2, 15);
  });

  it('honours a custom decay and mean', () => {
    const r = sut([1, 1, 1, 3], { lambda: 0.5, mean: 1, horizon: 1 });
    // v1 = (0+0+0+4)/4 = 1; v2 = .5; v3 = .25; v4 = .125; v5 = .0625 + .5·4
    expect(r.forecast[0].variance).toBeCloseTo(2.0625, 14);
    expect(r.forecast[0].lower).toBeLessThan(1);
  });

  it('rejects invalid parameters and empty input', () => {
    expect(() => sut(returns, { lambda: 1 })).toThrow(RangeError);
    expect(() => sut([])).toThrow(RangeError);
    expect(() => sut(returns, { level: 1.2 })).toThrow(RangeError);
  });
});

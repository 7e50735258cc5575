import { lastPerBar, realisedPeriodVolatility } from './price-bars';

const HOUR = 3600;
const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * HOUR * 1000).toISOString();

describe('lastPerBar', () => {
  it('keeps the last price of each bar, stamped with the bar start, whatever order the ticks come in', () => {
    const sut = lastPerBar(
      [
        { observedAt: at(0.8), value: 3 },
        { observedAt: at(0.1), value: 2 },
        { observedAt: at(2.5), value: 4 },
      ],
      HOUR,
    );

    expect(sut).toEqual([
      { at: at(0), price: 3 },
      { at: at(2), price: 4 },
    ]);
  });

  it('drops prices that are not positive, so log returns stay finite', () => {
    expect(lastPerBar([{ observedAt: at(0), value: 0 }, { observedAt: at(1), value: 5 }], HOUR)).toEqual([{ at: at(1), price: 5 }]);
  });
});

describe('realisedPeriodVolatility', () => {
  it('is the sample standard deviation of the log returns between adjacent bars', () => {
    const prices = [100, 110, 99, 104.5, 100];
    const returns = prices.slice(1).map((p, i) => Math.log(p / prices[i]));
    const mean = returns.reduce((a, b) => a + b) / returns.length;
    const expected = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));

    const sut = realisedPeriodVolatility(prices.map((value, i) => ({ observedAt: at(i), value })), HOUR, 4);

    expect(sut).toBeCloseTo(expected, 12);
  });

  it('does not spread a gap of missing bars over one return', () => {
    const ticks = [100, 101, 102].map((value, i) => ({ observedAt: at(i), value }));
    const withGap = [...ticks, { observedAt: at(10), value: 200 }];

    expect(realisedPeriodVolatility(withGap, HOUR, 2)).toBeCloseTo(realisedPeriodVolatility(ticks, HOUR, 2) ?? NaN, 12);
  });

  it('is unknown with fewer returns than asked for', () => {
    const ticks = [100, 101, 102].map((value, i) => ({ observedAt: at(i), value }));

    expect(realisedPeriodVolatility(ticks, HOUR, 3)).toBeNull();
  });
});

import { summariseRisk } from './risk-summary';

describe('summariseRisk', () => {
  it('counts levels, buckets scores by ten (100 in the last bucket) and takes the highest level and score', () => {
    const sut = summariseRisk([
      { score: 9, level: 'low' },
      { score: 10, level: 'low' },
      { score: 55, level: 'high' },
      { score: 100, level: 'critical' },
      { score: 90, level: 'high' },
    ]);

    expect(sut.distribution).toEqual({ low: 2, medium: 0, high: 2, critical: 1 });
    expect(sut.histogram.map((b) => [b.from, b.to, b.count])).toEqual([
      [0, 9, 1], [10, 19, 1], [20, 29, 0], [30, 39, 0], [40, 49, 0], [50, 59, 1], [60, 69, 0], [70, 79, 0], [80, 89, 0], [90, 100, 2],
    ]);
    expect(sut.highest).toEqual({ level: 'critical', score: 100 });
    expect(sut.score).toEqual({ count: 5, mean: 52.8, median: 55 });
  });

  it('averages each component over the assessments that have it, the median of an even count halfway', () => {
    const sut = summariseRisk([
      { score: 40, level: 'medium', components: { technical: { score: 70 }, market: { score: 10 } } },
      { score: 60, level: 'high', components: { technical: { score: 20 } } },
      { score: 30, level: 'medium' },
    ]);

    expect(sut.components.technical).toEqual({ count: 2, mean: 45, median: 45 });
    expect(sut.components.market).toEqual({ count: 1, mean: 10, median: 10 });
    expect(sut.components.governance).toEqual({ count: 0, mean: null, median: null });
    expect(sut.score).toEqual({ count: 3, mean: 43.33, median: 40 });
  });

  it('answers nulls and zero counts for no assessments', () => {
    const sut = summariseRisk([]);

    expect(sut.highest).toEqual({ level: null, score: null });
    expect(sut.distribution).toEqual({ low: 0, medium: 0, high: 0, critical: 0 });
    expect(sut.histogram.every((b) => b.count === 0)).toBe(true);
  });
});

import { sentimentFigures, type ScoredItem } from './sentiment-figures';

const item = (hours: number, score: number, author = `a${hours}`, isReply = hours > 0): ScoredItem => ({
  channel: 'forum_post',
  author,
  threadId: 't1',
  isReply,
  score,
  createdAt: new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000),
});

describe('sentimentFigures', () => {
  it('averages scores per channel and counts engagement', () => {
    const sut = sentimentFigures([item(0, 0.5, 'x'), item(24, -0.1, 'y'), { ...item(48, 0.2, 'x'), channel: 'vote_reason' }], 24);

    expect(sut.score).toBeCloseTo(0.2, 6);
    expect(sut.byChannel).toEqual({ forum_post: { items: 2, mean: 0.2 }, vote_reason: { items: 1, mean: 0.2 } });
    expect(sut.engagement).toEqual({ posts: 3, uniqueAuthors: 2, repliesPerDay: 1 });
    expect(sut.asOf).toBe('2026-01-03T00:00:00.000Z');
  });

  it('trends down when opinion sours and up when it warms', () => {
    const souring = sentimentFigures([0, 12, 24, 36, 48, 60].map((h, i) => item(h, 0.6 - i * 0.25)), 24);
    const warming = sentimentFigures([0, 12, 24, 36, 48, 60].map((h, i) => item(h, -0.6 + i * 0.25)), 24);

    expect(souring.trend.slopePerDay).toBeLessThan(0);
    expect(souring.trend.ewma).toBeLessThan(0);
    expect(warming.trend.slopePerDay).toBeGreaterThan(0);
  });

  it('has no slope from texts at a single instant', () => {
    expect(sentimentFigures([item(0, 0.5), item(0, -0.5)], 24).trend.slopePerDay).toBe(0);
  });
});

import type { Sentiment, SentimentChannel } from '@pum/contracts';
import { linearRegression } from 'simple-statistics';

/** A scored text as the aggregation reads it. */
export interface ScoredItem {
  channel: SentimentChannel;
  author: string;
  threadId: string | null;
  isReply: boolean;
  score: number;
  createdAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * Sentiment figures of a subject from its scored texts: mean score, per channel, engagement and the
 * trend (EWMA with the given half-life over irregular times, and the least-squares slope of that EWMA
 * per day).
 *
 * @example sentimentFigures(items, 24).trend.slopePerDay // < 0 when opinion sours
 */
export function sentimentFigures(items: ScoredItem[], halfLifeHours: number): Pick<Sentiment, 'asOf' | 'score' | 'items' | 'byChannel' | 'engagement' | 'trend'> {
  const ordered = [...items].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  const byChannel: Sentiment['byChannel'] = {};
  for (const channel of new Set(ordered.map((item) => item.channel))) {
    const scores = ordered.filter((item) => item.channel === channel).map((item) => item.score);
    byChannel[channel] = { items: scores.length, mean: clamp(mean(scores)) };
  }
  const first = ordered[0]!.createdAt.getTime();
  const last = ordered.at(-1)!.createdAt.getTime();
  const days = Math.max((last - first) / DAY_MS, 1);
  const halfLifeMs = halfLifeHours * 3_600_000;
  const points: [number, number][] = [];
  let ewma = ordered[0]!.score;
  let previous = first;
  for (const item of ordered) {
    const alpha = 1 - 2 ** (-(item.createdAt.getTime() - previous) / halfLifeMs);
    // Texts close in time would get almost no weight from the decay alone; the running mean's 1/n is the floor.
    ewma = points.length === 0 ? item.score : ewma + Math.max(alpha, 1 / (points.length + 1)) * (item.score - ewma);
    previous = item.createdAt.getTime();
    points.push([(previous - first) / DAY_MS, ewma]);
  }
  const spansTime = points.some(([day]) => day !== points[0]![0]);
  return {
    asOf: new Date(last).toISOString(),
    score: clamp(mean(ordered.map((item) => item.score))),
    items: ordered.length,
    byChannel,
    engagement: {
      posts: ordered.length,
      uniqueAuthors: new Set(ordered.map((item) => item.author)).size,
      repliesPerDay: ordered.filter((item) => item.isReply).length / days,
    },
    trend: { ewma: clamp(ewma), slopePerDay: spansTime ? linearRegression(points).m : 0, halfLifeHours },
  };
}

function clamp(value: number): number {
  return Math.max(-1, Math.min(1, value));
}

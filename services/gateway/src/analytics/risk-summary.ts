import { riskComponentName, riskLevel, type RiskComponentName, type RiskLevel } from '@pum/contracts';

/** What the summary reads of one subject's current assessment. */
export interface CurrentAssessment {
  score: number;
  level: RiskLevel;
  /** Component scores, on versioned assessments only. */
  components?: Partial<Record<RiskComponentName, { score: number }>>;
}

/** Mean and median of some scores; null for none. */
export interface ScoreStats {
  count: number;
  mean: number | null;
  median: number | null;
}

/** Width of a score histogram bucket: 0–9, 10–19, …, 90–100 (the last one takes 100). */
export const HISTOGRAM_BUCKET = 10;

/**
 * The distribution of current assessments: the highest level and score, counts per level, a histogram
 * of scores in 10-point buckets and the mean and median of the overall and of each component's score.
 *
 * @example summariseRisk([{ score: 80, level: 'critical' }, { score: 20, level: 'low' }]).highest // { level: 'critical', score: 80 }
 */
export function summariseRisk(assessments: CurrentAssessment[]) {
  const levels = riskLevel.options;
  const distribution = Object.fromEntries(levels.map((level) => [level, 0])) as Record<RiskLevel, number>;
  for (const a of assessments) distribution[a.level] += 1;
  const buckets = 100 / HISTOGRAM_BUCKET;
  const histogram = Array.from({ length: buckets }, (_, i) => ({
    from: i * HISTOGRAM_BUCKET,
    to: i === buckets - 1 ? 100 : (i + 1) * HISTOGRAM_BUCKET - 1,
    count: 0,
  }));
  for (const a of assessments) histogram[Math.min(buckets - 1, Math.floor(a.score / HISTOGRAM_BUCKET))]!.count += 1;
  const highestLevel = levels.filter((level) => distribution[level] > 0).at(-1) ?? null;
  const scores = assessments.map((a) => a.score);
  const components = Object.fromEntries(
    riskComponentName.options.map((name) => [name, stats(assessments.flatMap((a) => (a.components?.[name] ? [a.components[name].score] : [])))]),
  ) as Record<RiskComponentName, ScoreStats>;
  return {
    highest: { level: highestLevel, score: scores.length > 0 ? Math.max(...scores) : null },
    distribution,
    histogram,
    score: stats(scores),
    components,
  };
}

export type RiskSummary = ReturnType<typeof summariseRisk>;

/** Rounded to two decimals, as served. */
const round = (value: number) => Math.round(value * 100) / 100;

function stats(values: number[]): ScoreStats {
  if (values.length === 0) return { count: 0, mean: null, median: null };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: values.length, mean: round(values.reduce((sum, v) => sum + v, 0) / values.length), median: round(median) };
}

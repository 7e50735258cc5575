/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a random incident scores above a
 * random benign row, ties counting half. `null` when one class is absent.
 *
 * @example rocAuc([0.9, 0.2, 0.6], [1, 0, 0]) // 1
 */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number | null {
  const pos = scores.filter((_, i) => labels[i] === 1);
  const neg = scores.filter((_, i) => labels[i] === 0);
  if (pos.length === 0 || neg.length === 0) return null;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

export interface AtThreshold {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** `null` when nothing was flagged. */
  precision: number | null;
  recall: number | null;
}

/** Precision and recall when every score at or above `threshold` is flagged as an incident. */
export function atThreshold(scores: readonly number[], labels: readonly number[], threshold: number): AtThreshold {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const flagged = s >= threshold;
    if (flagged && labels[i] === 1) tp++;
    else if (flagged) fp++;
    else if (labels[i] === 1) fn++;
  });
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
  };
}

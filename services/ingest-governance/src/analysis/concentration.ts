/** How concentrated voting power is among voters. */
export interface Concentration {
  voters: number;
  top10Share: number;
  gini: number;
  nakamoto: number;
}

/**
 * Top-10 share, Gini coefficient and Nakamoto coefficient of voting powers. Hand-written: three
 * sums over a sorted list, which simple-statistics (our stats dependency) does not offer.
 *
 * @example concentration([50, 30, 20]) // { voters: 3, top10Share: 1, gini: 0.2, nakamoto: 2 }
 */
export function concentration(powers: number[]): Concentration {
  return concentrationOfSorted(powers.filter((power) => power > 0).sort((a, b) => b - a));
}

/** `concentration` of positive powers already sorted in descending order (kept sorted by `analyseTimeline`). */
export function concentrationOfSorted(sorted: readonly number[]): Concentration {
  const total = sorted.reduce((sum, power) => sum + power, 0);
  if (total === 0) return { voters: sorted.length, top10Share: 0, gini: 0, nakamoto: 0 };
  const top10Share = sorted.slice(0, 10).reduce((sum, power) => sum + power, 0) / total;
  // Gini over the ascending order: G = Σ (2i − n − 1)·x_i / (n·Σx), i = 1..n.
  const n = sorted.length;
  const weighted = sorted.reduce((sum, power, index) => sum + (2 * (n - index) - n - 1) * power, 0);
  const gini = n > 1 ? Math.min(1, Math.max(0, weighted / (n * total))) : 0;
  let nakamoto = 0;
  for (let held = 0; held <= total / 2; nakamoto++) held += sorted[nakamoto] ?? 0;
  return { voters: n, top10Share: Math.min(1, top10Share), gini, nakamoto: Math.min(nakamoto, n) };
}

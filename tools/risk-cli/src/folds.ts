/**
 * Small seeded PRNG (mulberry32) for shuffling folds. Hand-written because the only seeded
 * generator in node_modules (random-js) is a transitive dependency of ml-random-forest, not ours.
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(items: number[], random: () => number): number[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Stratified k-fold: each class is shuffled with `seed` and dealt round-robin into `k` folds, so
 * every fold holds about the same share of incidents. Returns the test indices of each fold.
 *
 * @example stratifiedKFold([1, 0, 1, 0], 2, 7) // [[…], […]], each with one 1 and one 0
 */
export function stratifiedKFold(labels: readonly number[], k: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const cls of [1, 0]) {
    const members = labels.flatMap((y, i) => (y === cls ? [i] : []));
    for (const i of shuffled(members, random)) folds[next++ % k].push(i);
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** One fold per group (e.g. protocol): the test indices of each group, groups sorted by name. */
export function leaveOneGroupOut(groups: readonly string[]): { group: string; test: number[] }[] {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  return [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, test]) => ({ group, test }));
}

/** The last observation in one bar: `bucket` = ⌊epoch seconds / bar length⌋. */
export interface BarPoint {
  bucket: number;
  value: number;
}

/** A regular series of bars, oldest first. */
export interface Bars {
  /** Bucket of the first bar. */
  firstBucket: number;
  values: number[];
}

/**
 * Regular bars from the last observation of each non-empty bar (ascending buckets): an empty
 * bar repeats the previous bar's value (last observation carried forward, as a price or TVL
 * that was not re-quoted is unchanged). Keeps at most the newest `maxBars` bars.
 *
 * @example regularBars([{ bucket: 1, value: 10 }, { bucket: 3, value: 12 }], 10) // { firstBucket: 1, values: [10, 10, 12] }
 */
export function regularBars(points: readonly BarPoint[], maxBars: number): Bars {
  if (points.length === 0) return { firstBucket: 0, values: [] };
  const last = points[points.length - 1].bucket;
  const first = Math.max(points[0].bucket, last - maxBars + 1);
  const values: number[] = [];
  let i = 0;
  let current = points[0].value;
  for (let bucket = first; bucket <= last; bucket++) {
    while (i < points.length && points[i].bucket <= bucket) current = points[i++].value;
    values.push(current);
  }
  return { firstBucket: first, values };
}

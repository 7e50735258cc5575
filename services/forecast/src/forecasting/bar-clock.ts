/** Steps of a forecast that fall inside a time window. */
export interface StepRange {
  first: number;
  last: number;
}

/**
 * Maps forecast steps to time for a series of regular bars: step k forecasts the bar that starts
 * k bars after the last observed one.
 */
export class BarClock {
  constructor(
    /** Bucket (⌊epoch seconds / bar⌋) of the last observed bar. */
    readonly lastBucket: number,
    readonly barSeconds: number,
  ) {}

  /** Start of a bar, ISO. */
  bucketStart(bucket: number): string {
    return new Date(bucket * this.barSeconds * 1000).toISOString();
  }

  /** Start of the bar a step forecasts, ISO. */
  stepStart(step: number): string {
    return this.bucketStart(this.lastBucket + step);
  }

  /**
   * The steps whose bars overlap `[from, to]`, capped at `maxStep`; null when the window ends
   * before the first forecast bar or starts beyond `maxStep`.
   *
   * @example new BarClock(100, 86400).stepsIn(from, to, 90) // { first: 2, last: 5 }
   */
  stepsIn(from: Date, to: Date, maxStep: number): StepRange | null {
    const bucketOf = (date: Date): number => Math.floor(date.getTime() / 1000 / this.barSeconds);
    const first = Math.max(1, bucketOf(from) - this.lastBucket);
    const last = Math.min(maxStep, bucketOf(to) - this.lastBucket);
    return last < first ? null : { first, last };
  }
}

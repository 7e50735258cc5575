/**
 * At most `limit` acquisitions in any `windowMs` window (providers quote "N requests per second" and
 * count that way). Non-blocking on purpose: the endpoint pool asks "can this endpoint take a request
 * now, and if not, when?" so it can send the request to another endpoint instead of queueing behind a
 * saturated one. Hand-made because bottleneck (the usual choice) only queues jobs and has not been
 * released since 2019; this is a ring of the last `limit` timestamps.
 *
 * @example
 * const sut = new SlidingWindowRateLimiter(25);
 * if (sut.tryAcquire()) await send(); else await sleep(sut.msUntilAvailable());
 */
export class SlidingWindowRateLimiter {
  private readonly stamps: number[];
  private next = 0; // index of the oldest stamp, overwritten by the next acquisition

  constructor(
    readonly limit: number,
    readonly windowMs: number = 1000,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer, got ${limit}`);
    this.stamps = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY);
  }

  /** Milliseconds until an acquisition would succeed; 0 when one would now. */
  msUntilAvailable(): number {
    return Math.max(0, this.stamps[this.next] + this.windowMs - this.now());
  }

  /** Takes a slot if one is free now. */
  tryAcquire(): boolean {
    if (this.msUntilAvailable() > 0) return false;
    this.stamps[this.next] = this.now();
    this.next = (this.next + 1) % this.limit;
    return true;
  }
}

/**
 * Spaces one source's requests evenly to stay under its rate limit (N a minute), and holds all of
 * them back when the source said Retry-After. Hand-made: cockatiel has no rate limiter, and
 * bottleneck, the usual one, has not been released since 2019; this is a clock and a queue of one.
 *
 * @example
 * const sut = new RequestSpacer(30); // CoinGecko's public plan: 30 calls a minute
 * await sut.acquire(); await fetch(url);
 */
export class RequestSpacer {
  private readonly intervalMs: number;
  private nextFreeAt = 0;

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perMinute > 0)) throw new Error(`rate limit must be positive, got ${perMinute}`);
    this.intervalMs = 60_000 / perMinute;
  }

  /** Resolves when the caller may send its request (callers are served in order). */
  async acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = slot + this.intervalMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  /** No request leaves before `ms` from now (a 429's Retry-After applies to the whole source). */
  pauseFor(ms: number): void {
    this.nextFreeAt = Math.max(this.nextFreeAt, this.now() + ms);
  }
}

import { setTimeout as delay } from 'node:timers/promises';

/**
 * Spaces one source's requests evenly to stay under its rate limit (N a minute: a source that allows
 * 100 a minute also dislikes bursts), and holds all of them back when the source said Retry-After.
 * Hand-made: cockatiel has no rate limiter, and bottleneck, the usual one, has not been released since
 * 2019; this is one timestamp.
 *
 * @example
 * const sut = new RequestSpacer(30); // CoinGecko's public plan: 30 calls a minute
 * await sut.take(); await fetch(url);
 */
export class RequestSpacer {
  private readonly gapMs: number;
  private nextAt = 0;

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = (ms, signal) => delay(ms, undefined, { signal }),
  ) {
    if (!(perMinute > 0)) throw new Error(`rate limit must be positive, got ${perMinute}`);
    this.gapMs = 60_000 / perMinute;
  }

  /** Resolves when the caller may send its request (callers are served in order); rejects with an AbortError when `signal` aborts the wait. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.gapMs;
    if (at > now) await this.sleep(at - now, signal);
  }

  /** No request leaves before `ms` from now (a 429's Retry-After applies to the whole source). */
  holdFor(ms: number): void {
    this.nextAt = Math.max(this.nextAt, this.now() + ms);
  }
}

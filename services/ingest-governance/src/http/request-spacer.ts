import { setTimeout as delay } from 'node:timers/promises';

/**
 * Spaces requests to at most `perMinute`, evenly (a source that allows 100 a minute also dislikes
 * bursts), and lets a 429's Retry-After hold every caller back. Hand-made because cockatiel has no
 * rate limiter and bottleneck, the usual choice, has not been released since 2019; it is one timestamp.
 *
 * @example const sut = new RequestSpacer(90); await sut.take(); await fetch(url);
 */
export class RequestSpacer {
  private nextAt = 0;
  private readonly gapMs: number;

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = (ms, signal) => delay(ms, undefined, { signal }),
  ) {
    this.gapMs = 60_000 / perMinute;
  }

  /** Resolves when the caller may send its request; reserves that slot. Rejects (AbortError) when `signal` aborts the wait. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.gapMs;
    if (at > now) await this.sleep(at - now, signal);
  }

  /** No request before `ms` from now (the source said so with Retry-After). */
  holdFor(ms: number): void {
    this.nextAt = Math.max(this.nextAt, this.now() + ms);
  }
}

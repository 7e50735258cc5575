/** Exponential backoff bounds: the first retry waits up to `baseMs`, doubling each retry, never past `capMs`. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/**
 * "Full jitter" exponential backoff: a uniform delay in [0, min(cap, base * 2^(retry-1))), so many
 * clients retrying the same endpoint spread out instead of hammering it in lock-step. When the server
 * said how long to wait (Retry-After), wait at least that long.
 *
 * A dozen lines, so hand-made rather than a dependency (cockatiel's backoffs are iterator objects that do
 * not take a server-given minimum).
 *
 * @example await sleep(backoffDelayMs(2, { baseMs: 100, capMs: 5_000 }, error.retryAfterMs))
 */
export function backoffDelayMs(
  retry: number,
  { baseMs, capMs }: BackoffOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 30); // 2^30 already exceeds any sane cap
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** A source's HTTP request failed; `retryable` says whether trying again may help. */
export abstract class SourceHttpError extends Error {
  abstract readonly retryable: boolean;
  /** Short label for metrics: `status_429`, `timeout`, `network`, `malformed`, … */
  abstract readonly reason: string;
}

/** 429 or 5xx: the source is overloaded or failing; retried after the backoff (or Retry-After). */
export class SourceUnavailableError extends SourceHttpError {
  readonly retryable = true;
  readonly reason: string;

  constructor(
    readonly status: number,
    request: string,
    /** From the Retry-After header, when the source sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`${request} answered ${status}${retryAfterMs === undefined ? '' : ` (Retry-After ${retryAfterMs} ms)`}`);
    this.name = 'SourceUnavailableError';
    this.reason = `status_${status}`;
  }
}

/** No answer within the timeout, or the connection failed: retried. */
export class SourceTimeoutError extends SourceHttpError {
  readonly retryable = true;
  readonly reason: string;

  constructor(request: string, detail: string, kind: 'timeout' | 'network') {
    super(`${request}: ${detail}`);
    this.name = 'SourceTimeoutError';
    this.reason = kind;
  }
}

/** 4xx other than 429 (unknown id, bad key): asking again gives the same answer. Not retried. */
export class SourceRejectedError extends SourceHttpError {
  readonly retryable = false;
  readonly reason: string;

  constructor(
    readonly status: number,
    request: string,
    body: string,
  ) {
    super(`${request} answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'SourceRejectedError';
    this.reason = `status_${status}`;
  }
}

/** The answer is not JSON or not in the documented shape: skipped, never published. Not retried. */
export class MalformedAnswerError extends SourceHttpError {
  readonly retryable = false;
  readonly reason = 'malformed';

  constructor(request: string, problem: string) {
    super(`${request}: malformed answer: ${problem}`);
    this.name = 'MalformedAnswerError';
  }
}

/**
 * Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 *
 * @example retryAfterMs('2') // 2000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How a request to a third-party source failed: the `outcome` label services count it under. */
export type SourceFailureOutcome = 'unavailable' | 'rejected' | 'malformed' | 'timeout' | 'network';

/** A request to a third-party HTTP source failed; `retryable` says whether sending it again may help. */
export abstract class SourceHttpError extends Error {
  abstract readonly retryable: boolean;
  abstract readonly outcome: SourceFailureOutcome;

  constructor(
    /** The source's name in logs and metrics: `coingecko`, `snapshot`, … */
    readonly source: string,
    message: string,
    /** Finer metric label than `outcome`: `status_429`, `timeout`, `network`, `malformed`, … */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** 429, 408 or 5xx: the source is overloaded or failing. Retried after the backoff, never sooner than Retry-After. */
export class SourceUnavailableError extends SourceHttpError {
  readonly retryable = true;
  readonly outcome = 'unavailable';

  constructor(
    source: string,
    readonly status: number,
    url: string,
    /** From the Retry-After header (already cut to the client's cap), when the source sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(source, `${source} answered ${status} for ${url}${retryAfterMs === undefined ? '' : ` (Retry-After ${retryAfterMs} ms)`}`, `status_${status}`);
    this.name = 'SourceUnavailableError';
  }
}

/** Another 4xx (unknown id, bad key, deleted topic), or a GraphQL `errors` answer: asking again gives the same answer. Not retried. */
export class SourceRejectedError extends SourceHttpError {
  readonly retryable = false;
  readonly outcome = 'rejected';

  constructor(
    source: string,
    readonly status: number,
    url: string,
    detail: string,
  ) {
    super(source, `${source} rejected ${url} with ${status}: ${detail.slice(0, 300)}`, `status_${status}`);
    this.name = 'SourceRejectedError';
  }
}

/** No answer within the timeout, or the connection failed. Retried. */
export class SourceUnreachableError extends SourceHttpError {
  readonly retryable = true;
  readonly outcome: 'timeout' | 'network';

  constructor(source: string, url: string, kind: 'timeout' | 'network', detail: string) {
    super(source, `${source} gave no answer for ${url}: ${detail}`, kind);
    this.name = 'SourceUnreachableError';
    this.outcome = kind;
  }
}

/**
 * A 2xx whose body is not JSON or not in the documented shape. Not retried: the same request would
 * get the same body; the caller skips it (and asks again next round).
 */
export class MalformedSourceResponseError extends SourceHttpError {
  readonly retryable = false;
  readonly outcome = 'malformed';

  constructor(
    source: string,
    url: string,
    readonly problems: string[],
  ) {
    super(source, `${source} returned a malformed body for ${url}: ${problems.slice(0, 5).join('; ')}`, 'malformed');
    this.name = 'MalformedSourceResponseError';
  }
}

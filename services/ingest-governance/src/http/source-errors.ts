/** A governance source answered with a status worth retrying (429, 408, 5xx); `retryAfterMs` from Retry-After. */
export class SourceUnavailableError extends Error {
  constructor(
    readonly source: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    url: string,
  ) {
    super(`${source} answered ${status} for ${url}${retryAfterMs === undefined ? '' : ` (retry after ${retryAfterMs} ms)`}`);
    this.name = 'SourceUnavailableError';
  }
}

/** A governance source refused the request (4xx other than 408/429): retrying the same request cannot help. */
export class SourceRejectedError extends Error {
  constructor(
    readonly source: string,
    readonly status: number,
    url: string,
    detail: string,
  ) {
    super(`${source} rejected ${url} with ${status}: ${detail.slice(0, 300)}`);
    this.name = 'SourceRejectedError';
  }
}

/**
 * A governance source answered 2xx with a body that is not JSON or not the documented shape. Not
 * retried: the poll that made the request ends without moving its cursor, so nothing is lost and the
 * next poll asks again.
 */
export class MalformedSourceResponseError extends Error {
  constructor(
    readonly source: string,
    url: string,
    readonly problems: string[],
  ) {
    super(`${source} returned a malformed body for ${url}: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'MalformedSourceResponseError';
  }
}

/** Whether a failed request may succeed when sent again: unavailability and network failures. */
export function isRetryableSourceError(error: unknown): boolean {
  if (error instanceof SourceUnavailableError) return true;
  if (error instanceof SourceRejectedError || error instanceof MalformedSourceResponseError) return false;
  // fetch rejects with a TypeError on connection failures and a DOMException on timeouts.
  return error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
}

/** The metric label of a request outcome. */
export function sourceErrorOutcome(error: unknown): 'unavailable' | 'rejected' | 'malformed' | 'network' {
  if (error instanceof SourceUnavailableError) return 'unavailable';
  if (error instanceof SourceRejectedError) return 'rejected';
  if (error instanceof MalformedSourceResponseError) return 'malformed';
  return 'network';
}

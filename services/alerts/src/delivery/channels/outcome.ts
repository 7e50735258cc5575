import { retryAfterMs } from '@pum/platform';
import type { HttpAnswer } from '../pinned-http';

/** What one attempt came to; `retry` is retried with backoff (or after `retryAfterMs`) until attempts run out. */
export type AttemptOutcome =
  | { status: 'delivered'; httpStatus: number | null }
  | { status: 'retry'; httpStatus: number | null; error: string; retryAfterMs?: number }
  | { status: 'failed'; httpStatus: number | null; error: string }
  | { status: 'refused'; httpStatus: null; error: string };

/** A request to a channel's HTTP endpoint; `redacted` names it in errors without secrets (a bot token). */
export interface ChannelRequest {
  url: URL;
  redacted: string;
  headers: Record<string, string>;
  body: string;
}

const snippet = (body: string): string => body.replace(/\s+/g, ' ').trim().slice(0, 300);

/**
 * The common reading of an HTTP answer: 2xx delivered; 429 retried after Retry-After (or what the body
 * says, `bodyRetryAfterMs`); 408 and 5xx retried; any other status (4xx, a redirect) failed at once.
 *
 * @example httpOutcome({ status: 429, headers: { 'retry-after': '2' }, body: '' }) // { status: 'retry', retryAfterMs: 2000, … }
 */
export function httpOutcome(answer: HttpAnswer, bodyRetryAfterMs?: (body: string) => number | undefined): AttemptOutcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return { status: 'delivered', httpStatus: status };
  const error = `HTTP ${status}${answer.body ? `: ${snippet(answer.body)}` : ''}`;
  if (status === 429) {
    const header = retryAfterMs(Array.isArray(answer.headers['retry-after']) ? answer.headers['retry-after'][0] : answer.headers['retry-after']);
    return { status: 'retry', httpStatus: status, error, retryAfterMs: bodyRetryAfterMs?.(answer.body) ?? header };
  }
  if (status === 408 || status >= 500) return { status: 'retry', httpStatus: status, error };
  return { status: 'failed', httpStatus: status, error };
}

/** JSON or undefined. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

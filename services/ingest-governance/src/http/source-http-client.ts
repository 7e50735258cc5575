import type { JsonLogger } from '@pum/platform';
import { DelegateBackoff, ExponentialBackoff, handleWhen, retry, type IBackoff, type IRetryBackoffContext, type RetryPolicy } from 'cockatiel';
import type { z } from 'zod';
import type { IngestGovernanceConfig } from '../config';
import { RequestSpacer } from './request-spacer';
import { isRetryableSourceError, MalformedSourceResponseError, sourceErrorOutcome, SourceRejectedError, SourceUnavailableError } from './source-errors';
import type { SourceMetrics } from './source-metrics';

export interface SourceHttpOptions {
  /** Metric and log label: `snapshot`, `discourse`, `tally`. */
  source: string;
  ratePerMinute: number;
  timeoutMs: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Longest Retry-After honoured (`GOVERNANCE_HTTP_RETRY_AFTER_CAP_MS`). */
  retryAfterCapMs: number;
  /** Sent with every request (API keys). */
  headers?: Record<string, string>;
}

/**
 * The options of a source from the service config: its rate and headers, the shared timeout and retry keys.
 *
 * @example sourceHttpOptions(config, 'snapshot', config.SNAPSHOT_RATE_LIMIT_PER_MINUTE, { 'x-api-key': key })
 */
export function sourceHttpOptions(
  config: Pick<IngestGovernanceConfig, 'GOVERNANCE_HTTP_TIMEOUT_MS' | 'GOVERNANCE_HTTP_MAX_ATTEMPTS' | 'GOVERNANCE_HTTP_BACKOFF_BASE_MS' | 'GOVERNANCE_HTTP_BACKOFF_CAP_MS' | 'GOVERNANCE_HTTP_RETRY_AFTER_CAP_MS'>,
  source: string,
  ratePerMinute: number,
  headers: Record<string, string> = {},
): SourceHttpOptions {
  return {
    source,
    ratePerMinute,
    timeoutMs: config.GOVERNANCE_HTTP_TIMEOUT_MS,
    maxAttempts: config.GOVERNANCE_HTTP_MAX_ATTEMPTS,
    backoffBaseMs: config.GOVERNANCE_HTTP_BACKOFF_BASE_MS,
    backoffCapMs: config.GOVERNANCE_HTTP_BACKOFF_CAP_MS,
    retryAfterCapMs: config.GOVERNANCE_HTTP_RETRY_AFTER_CAP_MS,
    headers,
  };
}

/**
 * JSON over HTTP to one governance source: requests spaced to its rate limit, retried with jittered
 * exponential backoff (cockatiel) on 429/5xx/network failures — waiting at least what Retry-After says
 * (at most `retryAfterCapMs`), and holding back every other request of the source meanwhile — and every
 * answer validated with zod. Every wait is in the spacer (cockatiel's own delay is not abortable, so
 * its backoff is turned into a hold there) and ends at `close()`, as does a request in flight.
 */
export class SourceHttpClient {
  private readonly spacer: RequestSpacer;
  private readonly policy: RetryPolicy;
  private readonly closing = new AbortController();

  constructor(
    private readonly options: SourceHttpOptions,
    private readonly metrics: SourceMetrics,
    private readonly logger: JsonLogger,
  ) {
    this.spacer = new RequestSpacer(options.ratePerMinute);
    const exponential = new ExponentialBackoff({ initialDelay: options.backoffBaseMs, maxDelay: options.backoffCapMs });
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>>((context, previous) => {
      const next = previous ? previous.next(context) : exponential.next();
      const error = 'error' in context.result ? context.result.error : undefined;
      const serverSaid = error instanceof SourceUnavailableError ? (error.retryAfterMs ?? 0) : 0;
      this.spacer.holdFor(Math.max(next.duration, serverSaid));
      return { delay: 0, state: next };
    });
    this.policy = retry(handleWhen(isRetryableSourceError), { maxAttempts: options.maxAttempts - 1, backoff });
    this.policy.onRetry((reason) => this.logger.warn({ msg: 'governance source request failed, retrying', source: options.source, error: 'error' in reason ? reason.error.message : 'unknown' }));
  }

  /** Ends every wait and request in flight (they reject with an AbortError) and refuses new ones: for shutdown. */
  close(): void {
    this.closing.abort();
  }

  /** GET a JSON document and validate it. */
  async getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
    return this.request(url, { method: 'GET' }, schema);
  }

  /** POST a JSON body and validate the JSON answer. */
  async postJson<T>(url: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, schema);
  }

  private async request<T>(url: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
    return this.policy.execute(() => this.once(url, init, schema), this.closing.signal);
  }

  private async once<T>(url: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
    const { source } = this.options;
    await this.spacer.take(this.closing.signal);
    const timer = this.metrics.requestSeconds.startTimer({ source });
    try {
      const response = await fetch(url, {
        ...init,
        headers: { accept: 'application/json', ...this.options.headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.closing.signal]),
      });
      const text = await response.text();
      if (response.status === 429 || response.status === 408 || response.status >= 500) {
        const said = retryAfterMillis(response.headers.get('retry-after'));
        const retryAfterMs = said === undefined ? undefined : Math.min(said, this.options.retryAfterCapMs);
        if (retryAfterMs !== undefined) this.spacer.holdFor(retryAfterMs);
        throw new SourceUnavailableError(source, response.status, retryAfterMs, url);
      }
      if (!response.ok) throw new SourceRejectedError(source, response.status, url, text);
      const result = schema.safeParse(parseJson(source, url, text));
      if (!result.success) {
        throw new MalformedSourceResponseError(source, url, result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`));
      }
      this.metrics.requests.inc({ source, outcome: 'ok' });
      return result.data;
    } catch (error) {
      this.metrics.requests.inc({ source, outcome: sourceErrorOutcome(error) });
      throw error;
    } finally {
      timer();
    }
  }
}

function parseJson(source: string, url: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedSourceResponseError(source, url, [`body is not JSON: ${JSON.stringify(text.slice(0, 80))}`]);
  }
}

/** Retry-After as delta-seconds or an HTTP-date; undefined when absent or unreadable. */
function retryAfterMillis(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

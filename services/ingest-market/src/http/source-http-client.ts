import { Logger } from '@nestjs/common';
import { DelegateBackoff, handleWhen, retry, type IRetryBackoffContext, type RetryPolicy } from 'cockatiel';
import type { z } from 'zod';
import type { MarketMetrics } from '../market-metrics';
import {
  MalformedAnswerError,
  SourceHttpError,
  SourceRejectedError,
  SourceTimeoutError,
  SourceUnavailableError,
  retryAfterMs,
} from './http-errors';
import { RequestSpacer } from './request-spacer';

export interface SourceHttpOptions {
  /** Source name in logs and metrics. */
  source: string;
  headers?: Record<string, string>;
  perMinute: number;
  timeoutMs: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** First retry waits up to this long (full jitter), doubling each retry up to 60 s. */
  backoffMs: number;
}

/** A validated answer: what was asked, the parsed body, the body as sent, and when. */
export interface Answer<T> {
  /** Path and query, e.g. `/api/v3/simple/price?ids=aave&vs_currencies=usd` (never a key). */
  request: string;
  data: T;
  body: unknown;
  fetchedAt: string;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * GETs JSON from one market source within its rate limit: requests are spaced evenly; 429 and 5xx
 * answers and timeouts are retried (cockatiel) after exponential backoff with full jitter, or after
 * Retry-After when the source sent one (which also holds back the source's other requests). Every
 * answer is validated against its zod schema; one that is not JSON or not in shape is logged with
 * the reason, counted, and skipped — `get` then resolves undefined, so callers skip it too and the
 * poll goes on.
 *
 * @example
 * const sut = new SourceHttpClient({ source: 'coingecko', perMinute: 30, timeoutMs: 10_000, maxAttempts: 5, backoffMs: 1000 }, metrics);
 * const answer = await sut.get('https://api.coingecko.com/api/v3/simple/price?ids=aave&vs_currencies=usd', simplePrice);
 */
export class SourceHttpClient {
  private readonly logger = new Logger(SourceHttpClient.name);
  private readonly spacer: RequestSpacer;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly options: SourceHttpOptions,
    private readonly metrics: MarketMetrics,
    private readonly random: () => number = Math.random,
  ) {
    this.spacer = new RequestSpacer(options.perMinute);
    this.policy = retry(handleWhen((error) => error instanceof SourceHttpError && error.retryable), {
      maxAttempts: options.maxAttempts - 1,
      backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) => this.delayBefore(context)),
    });
    this.policy.onRetry(({ delay, ...reason }) => {
      const error = 'error' in reason ? reason.error : undefined;
      const label = error instanceof SourceHttpError ? error.reason : 'unknown';
      this.metrics.requests.inc({ source: options.source, outcome: 'retried' });
      this.metrics.retryWaitSeconds.inc({ source: options.source, reason: label }, delay / 1000);
      this.logger.warn({ msg: 'market source request failed; retrying', source: options.source, wait_ms: Math.round(delay), error: error instanceof Error ? error.message : String(error) });
    });
  }

  /** The validated answer, or undefined when the source gave none worth keeping (logged and counted). */
  async get<T>(url: string, schema: z.ZodType<T>): Promise<Answer<T> | undefined> {
    const request = describe(url);
    try {
      return await this.policy.execute(() => this.attempt(url, request, schema));
    } catch (error) {
      if (error instanceof MalformedAnswerError) {
        this.metrics.malformed.inc({ source: this.options.source });
        this.metrics.requests.inc({ source: this.options.source, outcome: 'malformed' });
        this.logger.warn({ msg: 'malformed answer skipped', source: this.options.source, request, reason: error.message });
        return undefined;
      }
      const outcome = error instanceof SourceRejectedError ? 'rejected' : 'failed';
      this.metrics.requests.inc({ source: this.options.source, outcome });
      this.logger.warn({ msg: 'market source request gave no answer; skipped this round', source: this.options.source, request, outcome, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }

  private async attempt<T>(url: string, request: string, schema: z.ZodType<T>): Promise<Answer<T>> {
    await this.spacer.acquire();
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers: { accept: 'application/json', ...this.options.headers }, signal: AbortSignal.timeout(this.options.timeoutMs) });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new SourceTimeoutError(request, timedOut ? `no answer within ${this.options.timeoutMs} ms` : errorText(error), timedOut ? 'timeout' : 'network');
    }
    if (response.status === 429 || response.status >= 500) {
      const wait = retryAfterMs(response.headers.get('retry-after'));
      if (wait !== undefined) this.spacer.pauseFor(wait);
      throw new SourceUnavailableError(response.status, request, wait);
    }
    if (!response.ok) throw new SourceRejectedError(response.status, request, text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MalformedAnswerError(request, `not JSON (${text.length} bytes starting ${JSON.stringify(text.slice(0, 40))})`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
      throw new MalformedAnswerError(request, problems.join('; '));
    }
    this.metrics.requests.inc({ source: this.options.source, outcome: 'ok' });
    this.metrics.requestSeconds.observe({ source: this.options.source }, (Date.now() - started) / 1000);
    return { request, data: parsed.data, body, fetchedAt: new Date().toISOString() };
  }

  /** Full-jitter exponential backoff, never shorter than the source's Retry-After. */
  private delayBefore(context: IRetryBackoffContext<unknown>): number {
    const error = 'error' in context.result ? context.result.error : undefined;
    const ceiling = Math.min(MAX_BACKOFF_MS, this.options.backoffMs * 2 ** (context.attempt - 1));
    const jitter = this.random() * ceiling;
    const asked = error instanceof SourceUnavailableError ? error.retryAfterMs : undefined;
    return asked === undefined ? jitter : Math.max(asked, jitter);
  }
}

function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

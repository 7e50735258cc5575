import { Logger, type LoggerService } from '@nestjs/common';
import { DelegateBackoff, ExponentialBackoff, fullJitterGenerator, handleWhen, retry, type IBackoff, type IRetryBackoffContext, type RetryPolicy } from 'cockatiel';
import type { z } from 'zod';
import { RequestSpacer } from './request-spacer';
import { retryAfterMs } from './retry-after';
import {
  MalformedSourceResponseError,
  SourceHttpError,
  SourceRejectedError,
  SourceUnavailableError,
  SourceUnreachableError,
  type SourceFailureOutcome,
} from './source-http-errors';

export interface SourceHttpOptions {
  /** The source's name in logs and metrics: `coingecko`, `snapshot`, … */
  source: string;
  ratePerMinute: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The first retry waits up to this long (full jitter), doubling each retry up to `backoffCapMs`. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Longest Retry-After honoured: a longer one is cut to it (a source still limiting then answers 429 again). */
  retryAfterCapMs: number;
  /** Sent with every request (API keys). */
  headers?: Record<string, string>;
}

/** A validated answer: what was asked, the parsed body, the body as sent, and when. */
export interface SourceAnswer<T> {
  /** Path and query, e.g. `/api/v3/simple/price?ids=aave&vs_currencies=usd` (never a host or a key). */
  request: string;
  data: T;
  body: unknown;
  fetchedAt: string;
}

/**
 * What the client reports about its requests. Each service implements it on its own prom-client
 * metrics, so the names and label values its dashboards scrape stay its own (ingest-market counts
 * requests by final outcome, ingest-governance by attempt).
 */
export interface SourceHttpMetrics {
  /** One HTTP attempt ended after `seconds`: `ok`, or how it failed. */
  attempted(source: string, outcome: 'ok' | SourceFailureOutcome, seconds: number): void;
  /** A failed attempt is sent again after `waitMs` (the backoff, or Retry-After when longer). */
  retrying(source: string, error: SourceHttpError, waitMs: number): void;
  /** A request ended without an answer: its failure is not retryable, or its attempts ran out. */
  failed(source: string, error: SourceHttpError): void;
}

export interface SourceRequestOptions {
  /** Ends the request and any wait before it (it rejects with the signal's reason, an AbortError by default). */
  signal?: AbortSignal;
}

/**
 * JSON over HTTP to one third-party source (CoinGecko, DeFiLlama, Snapshot, Discourse, Tally) within its
 * rate limit: requests are spaced evenly; 429, 408 and 5xx answers, timeouts and network failures are
 * retried (cockatiel) after exponential backoff with full jitter, never sooner than the source's
 * Retry-After (up to `retryAfterCapMs`), which also holds back the source's other requests. Every answer
 * is validated against its zod schema; one that is not JSON or not in shape is a
 * MalformedSourceResponseError naming the problem, never retried. Every wait is in the spacer
 * (cockatiel's own delay cannot be aborted, so its backoff becomes a hold there) and ends at `close()`
 * or when the caller's signal aborts, as does a request in flight.
 *
 * @example
 * const sut = new SourceHttpClient({ source: 'coingecko', ratePerMinute: 30, timeoutMs: 10_000, maxAttempts: 5, backoffBaseMs: 1000, backoffCapMs: 60_000, retryAfterCapMs: 120_000 }, metrics);
 * const { data } = await sut.get('https://api.coingecko.com/api/v3/simple/price?ids=aave&vs_currencies=usd', simplePrice);
 */
export class SourceHttpClient {
  private readonly spacer: RequestSpacer;
  private readonly policy: RetryPolicy;
  private readonly closing = new AbortController();

  constructor(
    private readonly options: SourceHttpOptions,
    private readonly metrics: SourceHttpMetrics,
    private readonly logger: Pick<LoggerService, 'warn'> = new Logger(SourceHttpClient.name),
  ) {
    this.spacer = new RequestSpacer(options.ratePerMinute);
    const exponential = new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: options.backoffBaseMs, maxDelay: options.backoffCapMs });
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>>((context, previous) => {
      const next = previous ? previous.next(context) : exponential.next();
      this.holdBeforeRetry('error' in context.result ? context.result.error : undefined, next.duration);
      return { delay: 0, state: next };
    });
    this.policy = retry(
      handleWhen((error) => error instanceof SourceHttpError && error.retryable),
      { maxAttempts: options.maxAttempts - 1, backoff },
    );
  }

  /** Ends every wait and request in flight (they reject with an AbortError) and refuses new ones: for shutdown. */
  close(): void {
    this.closing.abort();
  }

  /** GETs a JSON document and validates it; rejects with a SourceHttpError when the source gave no usable answer. */
  async get<T>(url: string, schema: z.ZodType<T>, options?: SourceRequestOptions): Promise<SourceAnswer<T>> {
    return this.request(url, { method: 'GET' }, schema, options);
  }

  /** POSTs a JSON body (a GraphQL query) and validates the JSON answer; rejects like `get`. */
  async post<T>(url: string, body: unknown, schema: z.ZodType<T>, options?: SourceRequestOptions): Promise<SourceAnswer<T>> {
    return this.request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, schema, options);
  }

  /**
   * Like `get`, but a source's failure resolves undefined after it is logged with the reason: for
   * pollers that skip a request without an answer and go on with the next one. An abort still rejects.
   */
  async getOrSkip<T>(url: string, schema: z.ZodType<T>, options?: SourceRequestOptions): Promise<SourceAnswer<T> | undefined> {
    try {
      return await this.get(url, schema, options);
    } catch (error) {
      if (!(error instanceof SourceHttpError)) throw error;
      const msg = error instanceof MalformedSourceResponseError ? 'malformed answer skipped' : 'source request gave no answer; skipped';
      this.logger.warn({ msg, source: this.options.source, request: describePath(url), outcome: error.outcome, reason: error.message });
      return undefined;
    }
  }

  private async request<T>(url: string, init: RequestInit, schema: z.ZodType<T>, options?: SourceRequestOptions): Promise<SourceAnswer<T>> {
    const signal = options?.signal ? AbortSignal.any([this.closing.signal, options.signal]) : this.closing.signal;
    try {
      return await this.policy.execute(() => this.attempt(url, init, schema, signal), signal);
    } catch (error) {
      if (error instanceof SourceHttpError) this.metrics.failed(this.options.source, error);
      throw error;
    }
  }

  /** One attempt after its slot, reported to the metrics with its duration. */
  private async attempt<T>(url: string, init: RequestInit, schema: z.ZodType<T>, signal: AbortSignal): Promise<SourceAnswer<T>> {
    await this.spacer.take(signal);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const answer = await this.exchange(url, init, schema, signal);
      this.metrics.attempted(this.options.source, 'ok', seconds());
      return answer;
    } catch (error) {
      if (error instanceof SourceHttpError) this.metrics.attempted(this.options.source, error.outcome, seconds());
      throw error;
    }
  }

  private async exchange<T>(url: string, init: RequestInit, schema: z.ZodType<T>, signal: AbortSignal): Promise<SourceAnswer<T>> {
    const { source, timeoutMs } = this.options;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        ...init,
        headers: { accept: 'application/json', ...this.options.headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]),
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw error; // closed, or the caller gave up: not the source's failure
      // By name: fetch's DOMException is not an `Error` of every realm (jest's sandbox, for one).
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new SourceUnreachableError(source, url, timedOut ? 'timeout' : 'network', timedOut ? `no answer within ${timeoutMs} ms` : errorText(error));
    }
    if (response.status === 429 || response.status === 408 || response.status >= 500) {
      const said = retryAfterMs(response.headers.get('retry-after'));
      const wait = said === undefined ? undefined : Math.min(said, this.options.retryAfterCapMs);
      if (wait !== undefined) this.spacer.holdFor(wait);
      throw new SourceUnavailableError(source, response.status, url, wait);
    }
    if (!response.ok) throw new SourceRejectedError(source, response.status, url, text);
    const body = parseJson(source, url, text);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new MalformedSourceResponseError(source, url, parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`));
    }
    return { request: describePath(url), data: parsed.data, body, fetchedAt: new Date().toISOString() };
  }

  /** Holds the source back for the backoff, or the Retry-After when longer; logs and counts the retry. */
  private holdBeforeRetry(error: unknown, backoffMs: number): void {
    const asked = error instanceof SourceUnavailableError ? (error.retryAfterMs ?? 0) : 0;
    const wait = Math.max(backoffMs, asked);
    this.spacer.holdFor(wait);
    if (error instanceof SourceHttpError) this.metrics.retrying(this.options.source, error, wait);
    this.logger.warn({ msg: 'source request failed; retrying', source: this.options.source, wait_ms: Math.round(wait), error: error instanceof Error ? error.message : String(error) });
  }
}

function parseJson(source: string, url: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedSourceResponseError(source, url, [`body is not JSON: ${JSON.stringify(text.slice(0, 80))} (${text.length} characters)`]);
  }
}

/** Path and query of a URL: what a raw record says was asked (no host, no credentials). */
function describePath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:9` (fetch puts the reason in `cause`). */
function errorText(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  if (typeof message !== 'string') return String(error);
  return typeof cause?.message === 'string' ? `${message}: ${cause.message}` : message;
}

import { MetricsService, type SourceFailureOutcome, type SourceHttpError, type SourceHttpMetrics } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';

/**
 * ingest-market's own metrics, on the service's registry (`/metrics`). As the sources' HTTP client's
 * metrics it counts requests by what became of them: `ok` attempts, `retried` attempts, and requests
 * that ended `rejected`, `malformed` or `failed` (gave up).
 */
@Injectable()
export class MarketMetrics implements SourceHttpMetrics {
  readonly requests: Counter<'source' | 'outcome'>;
  readonly requestSeconds: Histogram<'source'>;
  readonly retryWaitSeconds: Counter<'source' | 'reason'>;
  readonly retries: Counter<'source' | 'reason'>;
  readonly malformed: Counter<'source'>;
  readonly ticks: Counter<'source' | 'metric'>;
  readonly duplicates: Counter<'source'>;
  readonly skipped: Counter<'source' | 'reason'>;
  readonly backfills: Counter<'source' | 'outcome'>;
  readonly backfillPending: Gauge<'source'>;
  readonly pollErrors: Counter<'source'>;
  readonly lastPoll: Gauge<'source'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.requests = new Counter({ name: 'pum_market_http_requests_total', help: 'HTTP attempts to market sources by outcome: ok, retried (429/5xx/timeout), rejected (other 4xx), malformed, failed (gave up).', labelNames: ['source', 'outcome'], registers });
    this.requestSeconds = new Histogram({ name: 'pum_market_http_request_seconds', help: 'Latency of successful HTTP attempts to market sources.', labelNames: ['source'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.retryWaitSeconds = new Counter({ name: 'pum_market_retry_wait_seconds_total', help: 'Time spent waiting before retries, by reason (status_429 waits honour Retry-After).', labelNames: ['source', 'reason'], registers });
    // Counted apart from the wait: a full-jitter backoff may wait 0 ms, which the wait total cannot tell from no retry.
    this.retries = new Counter({ name: 'pum_market_http_retries_total', help: 'Requests retried, by the reason they failed (status_429, status_5xx, timeout, network, …).', labelNames: ['source', 'reason'], registers });
    this.malformed = new Counter({ name: 'pum_market_malformed_answers_total', help: 'Answers skipped because they were not JSON or not in the documented shape.', labelNames: ['source'], registers });
    this.ticks = new Counter({ name: 'pum_market_ticks_published_total', help: 'market.ticks.v1 messages published, by tick source and metric.', labelNames: ['source', 'metric'], registers });
    this.duplicates = new Counter({ name: 'pum_market_duplicate_ticks_total', help: 'Ticks dropped because their series already had them (restarts, overlapping polls).', labelNames: ['source'], registers });
    this.skipped = new Counter({ name: 'pum_market_skipped_values_total', help: 'Values a valid answer held that could not become ticks (no timestamp, negative, no USD quote), by reason.', labelNames: ['source', 'reason'], registers });
    this.backfills = new Counter({ name: 'pum_market_backfills_total', help: 'First-sight history backfills by outcome (done, failed).', labelNames: ['source', 'outcome'], registers });
    this.backfillPending = new Gauge({ name: 'pum_market_backfill_pending', help: 'Subjects seen but not yet backfilled.', labelNames: ['source'], registers });
    this.pollErrors = new Counter({ name: 'pum_market_poll_errors_total', help: 'Poll rounds that failed (the next round runs as scheduled).', labelNames: ['source'], registers });
    this.lastPoll = new Gauge({ name: 'pum_market_last_poll_timestamp_seconds', help: 'When a source last finished a poll round.', labelNames: ['source'], registers });
  }

  attempted(source: string, outcome: 'ok' | SourceFailureOutcome, seconds: number): void {
    if (outcome !== 'ok') return; // a failed attempt is counted as `retried`, or by how its request ended
    this.requests.inc({ source, outcome: 'ok' });
    this.requestSeconds.observe({ source }, seconds);
  }

  retrying(source: string, error: SourceHttpError, waitMs: number): void {
    this.requests.inc({ source, outcome: 'retried' });
    this.retries.inc({ source, reason: error.reason });
    this.retryWaitSeconds.inc({ source, reason: error.reason }, waitMs / 1000);
  }

  failed(source: string, error: SourceHttpError): void {
    if (error.outcome === 'malformed') this.malformed.inc({ source });
    this.requests.inc({ source, outcome: error.outcome === 'malformed' || error.outcome === 'rejected' ? error.outcome : 'failed' });
  }
}

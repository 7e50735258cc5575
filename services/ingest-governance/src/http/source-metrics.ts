import { MetricsService, type SourceFailureOutcome, type SourceHttpMetrics } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';

/**
 * Metrics of the governance sources, on the service's registry. As the sources' HTTP client's metrics
 * it counts every attempt by its outcome (ok, unavailable, rejected, malformed, network) and its duration.
 */
@Injectable()
export class SourceMetrics implements SourceHttpMetrics {
  readonly requests: Counter<'source' | 'outcome'>;
  readonly requestSeconds: Histogram<'source'>;
  readonly polls: Counter<'source' | 'outcome'>;
  readonly records: Counter<'source' | 'kind'>;
  readonly malformedRecords: Counter<'source' | 'kind'>;
  readonly lastSuccess: Gauge<'source'>;

  constructor(metrics: MetricsService) {
    this.requests = new Counter({
      name: 'pum_governance_requests_total',
      help: 'HTTP requests to governance sources, by source and outcome (ok, unavailable, rejected, malformed, network).',
      labelNames: ['source', 'outcome'],
      registers: [metrics.registry],
    });
    this.requestSeconds = new Histogram({
      name: 'pum_governance_request_seconds',
      help: 'Duration of one HTTP request to a governance source (retries are separate requests).',
      labelNames: ['source'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics.registry],
    });
    this.polls = new Counter({
      name: 'pum_governance_polls_total',
      help: 'Poll rounds per source, by outcome (ok, failed).',
      labelNames: ['source', 'outcome'],
      registers: [metrics.registry],
    });
    this.records = new Counter({
      name: 'pum_governance_records_total',
      help: 'New records read from governance sources, by source and kind (proposal, vote, topic, post).',
      labelNames: ['source', 'kind'],
      registers: [metrics.registry],
    });
    this.malformedRecords = new Counter({
      name: 'pum_governance_malformed_records_total',
      help: 'Records of a governance source skipped because they were not the documented shape (or, for a forum topic, could not be read), by source and kind.',
      labelNames: ['source', 'kind'],
      registers: [metrics.registry],
    });
    this.lastSuccess = new Gauge({
      name: 'pum_governance_last_poll_success_seconds',
      help: 'Unix time of the last poll round that succeeded, per source (alert when it falls behind).',
      labelNames: ['source'],
      registers: [metrics.registry],
    });
  }

  attempted(source: string, outcome: 'ok' | SourceFailureOutcome, seconds: number): void {
    this.requests.inc({ source, outcome: outcome === 'timeout' ? 'network' : outcome });
    this.requestSeconds.observe({ source }, seconds);
  }

  /** Retries are attempts, already counted by `attempted`. */
  retrying(): void {}

  /** The failed request's attempts are counted by `attempted`; the poll round's failure by `polls`. */
  failed(): void {}
}

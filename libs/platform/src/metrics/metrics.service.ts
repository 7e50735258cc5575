import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One prom-client registry per service, with the metrics every service shares.
 * Services add their own with `registry` (snake_case names, explicit buckets).
 */
export class MetricsService {
  readonly registry = new Registry();

  readonly consumed = new Counter({
    name: 'pum_messages_consumed_total',
    help: 'Messages consumed, by catalogue topic and outcome (handled, retried, dead_lettered, dependency_unavailable: a retry while Postgres or another dependency is unreachable).',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly published = new Counter({
    name: 'pum_messages_published_total',
    help: 'Messages published, by catalogue topic.',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly handleSeconds = new Histogram({
    name: 'pum_message_handle_seconds',
    help: 'Time from delivery to commit of one message, retries included.',
    labelNames: ['topic'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly ready = new Gauge({
    name: 'pum_ready',
    help: '1 when the last readiness check passed, 0 otherwise.',
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * prom-client's default gauges named like counters: `promtool check metrics` flags a non-counter with the `_total`
 * suffix. Their by-type siblings (`nodejs_active_handles{type}`, …) carry the same counts, so these are dropped.
 */
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Seconds buckets of the pipeline latencies: from a few milliseconds (one hop) to minutes (lag, retries). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * One prom-client registry per service, with the metrics every service shares — the names the dashboard
 * (deploy/grafana) and the alert rules (deploy/k8s/files/alert-rules.yaml) read, the same in every service.
 * Services add their own with `registry` (snake_case names, explicit buckets).
 */
export class MetricsService {
  readonly registry = new Registry();

  /** Per topic and outcome; `outcome="dead_lettered"` counts what went to `<topic>.dlq`. */
  readonly consumed = new Counter({
    name: 'pum_messages_consumed_total',
    help: 'Messages consumed, by catalogue topic and outcome (handled, retried, dead_lettered: sent to <topic>.dlq, dependency_unavailable: a retry while Postgres or another dependency is unreachable).',
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

  /**
   * The pipeline's per-stage latency: from the envelope's `producedAt` (the producing stage) to this service having
   * handled the message. Per consuming service (the `service` label) and topic, e.g. risk-engine on
   * protocol.events.v1 is the ingest → risk hop.
   */
  readonly latencySeconds = new Histogram({
    name: 'pum_message_latency_seconds',
    help: "Time from a message's producedAt to its handling by this service, by catalogue topic.",
    labelNames: ['topic'] as const,
    buckets: LATENCY_BUCKETS,
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
    for (const name of MISNAMED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
  }
}

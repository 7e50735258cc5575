import { MetricsService } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';

/** The alerts service's own metrics, on the service's registry. */
@Injectable()
export class AlertsMetrics {
  readonly alerts: Counter<'kind' | 'decision'>;
  readonly attempts: Counter<'channel' | 'status'>;
  readonly attemptSeconds: Histogram<'channel'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.alerts = new Counter({
      name: 'pum_alerts_total',
      help: 'Alerts stored, by kind (fired, withdrawn, digest) and decision (sent, throttled, quiet).',
      labelNames: ['kind', 'decision'],
      registers,
    });
    this.attempts = new Counter({
      name: 'pum_alert_delivery_attempts_total',
      help: 'Delivery attempts, by channel and status (delivered, retrying, failed, refused).',
      labelNames: ['channel', 'status'],
      registers,
    });
    this.attemptSeconds = new Histogram({
      name: 'pum_alert_delivery_attempt_seconds',
      help: 'Time of one delivery attempt, connect to answer.',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }
}

import { MetricsService } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';

/** The analytics service's own metrics, on the service's registry. */
@Injectable()
export class AnalyticsMetrics {
  readonly swaps: Counter<'status'>;
  readonly detections: Counter<'type' | 'status'>;
  readonly blockSeconds: Histogram;
  readonly walletUpdates: Counter<'kind'>;
  readonly rankings: Counter;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.swaps = new Counter({ name: 'pum_analytics_swaps_total', help: 'Swaps read from dex.swaps.v1, by status.', labelNames: ['status'], registers });
    this.detections = new Counter({
      name: 'pum_analytics_mev_detections_total',
      help: 'MEV detections published, by type (sandwich, arbitrage) and status (detected, withdrawn).',
      labelNames: ['type', 'status'],
      registers,
    });
    this.blockSeconds = new Histogram({
      name: 'pum_analytics_block_detection_seconds',
      help: 'Time to re-run the detectors on one block after a swap of it arrived, storage included.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.walletUpdates = new Counter({
      name: 'pum_analytics_smart_money_wallet_updates_total',
      help: 'Smart-money wallet books changed, by kind (swap, retraction rebuild, lead window decided).',
      labelNames: ['kind'],
      registers,
    });
    this.rankings = new Counter({ name: 'pum_analytics_smart_money_rankings_total', help: 'Rankings published to analytics.smart-money.v1.', registers });
  }
}

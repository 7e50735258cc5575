import { MetricsService } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';

/** The pollers' metrics, registered once and labelled by `chain_id`, so every network's poller shares them. */
@Injectable()
export class PollerMetrics {
  readonly head: Gauge<'chain_id'>;
  readonly ingested: Gauge<'chain_id'>;
  readonly logsPublished: Counter<'chain_id' | 'status'>;
  readonly reorgs: Counter<'chain_id'>;
  readonly pollErrors: Counter<'chain_id'>;
  readonly backfillRate: Gauge<'chain_id'>;
  readonly backfillEta: Gauge<'chain_id'>;
  readonly backfillRange: Gauge<'chain_id'>;
  readonly lag: Gauge<'chain_id'>;
  readonly status: Gauge<'chain_id' | 'status'>;
  readonly headAnnouncements: Counter<'chain_id'>;
  readonly headSubscriptionErrors: Counter<'chain_id'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.head = new Gauge({ name: 'pum_chain_head_block', help: 'Latest block the RPC reported.', labelNames: ['chain_id'], registers });
    this.ingested = new Gauge({ name: 'pum_chain_ingested_block', help: 'Last block fully ingested (checkpoint).', labelNames: ['chain_id'], registers });
    this.logsPublished = new Counter({ name: 'pum_chain_logs_published_total', help: 'Raw log messages published, by status.', labelNames: ['chain_id', 'status'], registers });
    this.reorgs = new Counter({ name: 'pum_chain_reorgs_total', help: 'Reorgs detected.', labelNames: ['chain_id'], registers });
    this.pollErrors = new Counter({ name: 'pum_chain_poll_errors_total', help: 'Failed poll rounds.', labelNames: ['chain_id'], registers });
    this.backfillRate = new Gauge({ name: 'pum_chain_backfill_blocks_per_second', help: 'Backfill speed (final blocks by range).', labelNames: ['chain_id'], registers });
    this.backfillEta = new Gauge({ name: 'pum_chain_backfill_eta_seconds', help: 'Estimated time until backfill reaches the finalized head.', labelNames: ['chain_id'], registers });
    this.backfillRange = new Gauge({ name: 'pum_chain_backfill_block_range', help: 'Current adaptive eth_getLogs block range.', labelNames: ['chain_id'], registers });
    this.lag = new Gauge({ name: 'pum_chain_lag_blocks', help: 'Blocks between the head and the last block ingested, after the last round.', labelNames: ['chain_id'], registers });
    this.status = new Gauge({ name: 'pum_chain_status', help: 'Ingestion status after the last round: 1 for the current one (ok, lagging, failing).', labelNames: ['chain_id', 'status'], registers });
    this.headAnnouncements = new Counter({ name: 'pum_chain_head_announcements_total', help: 'New heads announced by the newHeads subscription (each wakes the poller).', labelNames: ['chain_id'], registers });
    this.headSubscriptionErrors = new Counter({ name: 'pum_chain_head_subscription_errors_total', help: 'Errors of the newHeads subscription (it reconnects; polling goes on meanwhile).', labelNames: ['chain_id'], registers });
  }
}

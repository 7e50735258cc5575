import { TOPICS } from '@pum/contracts';
import { EventPublisher, MetricsService } from '@pum/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Counter } from 'prom-client';
import { LifecycleRepository } from './lifecycle.repository';

const BATCH = 200;
/**
 * Published rows are kept this long, then deleted: twice Kafka's default retention (7 days), so an
 * input the broker can still replay finds its stage message here and is not published again.
 */
export const OUTBOX_RETENTION_MS = 14 * 86_400_000;
/** Least time between two deletions of old rows. */
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Publishes the outbox to `upgrades.lifecycle.v1` in the order stages were reached, then marks it
 * published. Drains run one at a time; at start-up it publishes what a crash left behind. At most
 * hourly a drain also deletes rows published more than OUTBOX_RETENTION_MS ago.
 */
@Injectable()
export class LifecycleOutbox implements OnApplicationBootstrap {
  private draining: Promise<void> = Promise.resolve();
  private lastPruneAt = 0;
  private readonly stages: Counter<'stage'>;

  constructor(
    private readonly repository: LifecycleRepository,
    private readonly publisher: EventPublisher,
    metrics: MetricsService,
  ) {
    this.stages = new Counter({
      name: 'pum_upgrade_lifecycle_stages_total',
      help: 'Upgrade lifecycle stage messages published, by stage.',
      labelNames: ['stage'] as const,
      registers: [metrics.registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.flush();
  }

  /** Resolves once everything written so far is on the topic; rejects (to be retried) when it could not be. */
  flush(): Promise<void> {
    this.draining = this.draining.catch(() => undefined).then(() => this.drain());
    return this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.repository.unpublished(BATCH);
      if (rows.length === 0) {
        if (Date.now() - this.lastPruneAt >= PRUNE_EVERY_MS) await this.prune();
        return;
      }
      await this.publisher.publish(
        TOPICS.upgradesLifecycle,
        rows.map((row) => ({ key: row.partitionKey, id: row.messageId, occurredAt: row.payload.stageAt, payload: row.payload })),
      );
      await this.repository.markPublished(rows.map((row) => row.seq));
      for (const row of rows) this.stages.inc({ stage: row.payload.stage });
    }
  }

  /** Deletes rows published before `now − OUTBOX_RETENTION_MS`; returns how many. */
  async prune(now = new Date()): Promise<number> {
    this.lastPruneAt = now.getTime();
    return this.repository.prunePublished(new Date(now.getTime() - OUTBOX_RETENTION_MS));
  }
}

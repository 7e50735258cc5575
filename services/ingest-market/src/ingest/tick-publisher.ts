import { TOPICS, marketTickId, type MarketSource as TickSource, type MarketTick } from '@pum/contracts';
import { EventPublisher } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { MarketMetrics } from '../market-metrics';
import type { SourceBatch, TickDraft } from '../sources/market-source';
import { MarketStateRepository } from '../store/market-state.repository';

export const RAW_MAX_BYTES = Symbol('RAW_MAX_BYTES');

/** What one batch published. */
export interface Published {
  ticks: number;
  duplicates: number;
}

/**
 * Publishes a source batch: its new ticks to `market.ticks.v1` and, when there were any, the answer
 * they came from to `market.raw.v1`. A tick is new when it is later than the newest one its series
 * (`source:subjectType:subjectId:metric[@chainId]`) already published — cursors persisted in
 * Postgres after the broker acknowledged, so a restart republishes nothing. Within a batch the
 * last tick of an id wins (the last Sync of a block is the block's reserves).
 */
@Injectable()
export class TickPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly state: MarketStateRepository,
    private readonly metrics: MarketMetrics,
    @Inject(RAW_MAX_BYTES) private readonly rawMaxBytes: number,
  ) {}

  async publish(source: string, batch: SourceBatch): Promise<Published> {
    const byId = new Map<string, MarketTick>();
    for (const draft of batch.ticks) {
      const tick: MarketTick = { ...draft, tickId: marketTickId(draft), currency: 'usd' };
      byId.delete(tick.tickId);
      byId.set(tick.tickId, tick);
    }
    const ticks = [...byId.values()].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    const cursors = await this.state.seriesCursors([...new Set(ticks.map(seriesKey))]);
    const fresh = ticks.filter((tick) => Date.parse(tick.timestamp) > (cursors.get(seriesKey(tick)) ?? Number.NEGATIVE_INFINITY));
    const duplicates = batch.ticks.length - fresh.length;
    if (duplicates > 0) this.metrics.duplicates.inc({ source }, duplicates);
    if (fresh.length > 0) {
      if (batch.raw) await this.publishRaw(fresh[0].source, batch.raw);
      await this.publishTicks(fresh);
      const advanced = new Map<string, number>();
      for (const tick of fresh) advanced.set(seriesKey(tick), Math.max(advanced.get(seriesKey(tick)) ?? 0, Date.parse(tick.timestamp)));
      await this.state.advanceSeries(advanced);
    }
    await batch.afterPublish?.();
    return { ticks: fresh.length, duplicates };
  }

  private async publishTicks(ticks: MarketTick[]): Promise<void> {
    await this.publisher.publish(
      TOPICS.marketTicks,
      ticks.map((payload) => ({ key: `${payload.subject.type}:${payload.subject.id}`, id: payload.tickId, occurredAt: new Date(payload.timestamp).toISOString(), payload })),
    );
    for (const tick of ticks) this.metrics.ticks.inc({ source: tick.source, metric: tick.metric });
  }

  /**
   * The answer as sent; when that is too large for one Kafka message, the validated extract; when
   * that is too, its size and hash. The same answer always gets the same id.
   */
  private async publishRaw(source: TickSource, raw: NonNullable<SourceBatch['raw']>): Promise<void> {
    const text = JSON.stringify(raw.body);
    const digest = createHash('sha256').update(raw.request).update('\n').update(text).digest('hex');
    const fits = (candidate: unknown) => candidate !== undefined && Buffer.byteLength(JSON.stringify(candidate)) <= this.rawMaxBytes;
    const body = [raw.body, raw.data].find(fits) ?? { truncated: true, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
    await this.publisher.publish(TOPICS.marketRaw, [
      { key: source, id: `${source}:${digest}`, occurredAt: raw.fetchedAt, payload: { source, request: raw.request, fetchedAt: raw.fetchedAt, body } },
    ]);
  }
}

/** The series a tick extends: its id without the timestamp. */
export function seriesKey(tick: TickDraft): string {
  const chain = tick.chainId === null ? '' : `@${tick.chainId}`;
  return `${tick.source}:${tick.subject.type}:${tick.subject.id}:${tick.metric}${chain}`;
}

import { TOPICS, type AlertDelivery } from '@pum/contracts';
import { EventPublisher, JsonLogger } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AlertsMetrics } from '../alerts-metrics';
import { ChannelSender } from './channel-sender';
import type { AttemptOutcome } from './channels/outcome';
import { DELIVERY_SETTINGS, type DeliverySettings } from './delivery-settings';
import { OutboxRepository, type ClaimedDelivery } from './outbox.repository';
import { OutboxSignal } from './outbox-signal';

/**
 * Full-jitter exponential backoff: up to `base · 2^(attempt − 1)`, capped; a Retry-After the receiver
 * sent is honoured instead (capped too).
 *
 * @example retryDelayMs(3, { retryBaseMs: 1000, retryCapMs: 60000, retryAfterCapMs: 600000 }, undefined, () => 0.5) // 2000
 */
export function retryDelayMs(attempt: number, settings: Pick<DeliverySettings, 'retryBaseMs' | 'retryCapMs' | 'retryAfterCapMs'>, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, settings.retryAfterCapMs);
  return Math.floor(random() * Math.min(settings.retryCapMs, settings.retryBaseMs * 2 ** (attempt - 1)));
}

/**
 * Sends what the outbox holds: claims due deliveries (SKIP LOCKED, with a lease), sends up to
 * `concurrency` at once, records every attempt in Postgres and publishes it on alerts.deliveries.v1.
 * A retryable failure is due again after the backoff; after `maxAttempts` the delivery is failed.
 * The outbox is in Postgres, so what was queued before a crash is sent after the restart.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly sender: ChannelSender,
    private readonly publisher: EventPublisher,
    private readonly signal: OutboxSignal,
    private readonly metrics: AlertsMetrics,
    private readonly logger: JsonLogger,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.signal.notify();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const free = this.settings.concurrency - this.inFlight.size;
        const claimed = free > 0 ? await this.outbox.claim(free, this.settings.leaseMs) : [];
        for (const delivery of claimed) {
          const task: Promise<void> = this.attempt(delivery).finally(() => {
            this.inFlight.delete(task);
            this.signal.notify();
          });
          this.inFlight.add(task);
        }
        await this.publishAttempts();
        if (claimed.length === 0 || this.inFlight.size >= this.settings.concurrency) await this.signal.wait(this.settings.pollIntervalMs);
      } catch (error) {
        this.logger.warn({ msg: 'delivery round failed', error: error instanceof Error ? error.message : String(error) });
        await this.signal.wait(this.settings.pollIntervalMs);
      }
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const started = process.hrtime.bigint();
    let outcome: AttemptOutcome;
    try {
      outcome = await this.sender.send(delivery);
    } catch (error) {
      outcome = { status: 'retry', httpStatus: null, error: error instanceof Error ? error.message : String(error) };
    }
    const latencyMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    const attempt = this.attemptRecord(delivery, outcome, latencyMs);
    this.metrics.attempts.inc({ channel: delivery.channel.type, status: attempt.status });
    this.metrics.attemptSeconds.observe({ channel: delivery.channel.type }, latencyMs / 1000);
    const log = { msg: 'delivery attempt', delivery_id: delivery.deliveryId, alert_id: delivery.alertId, channel: delivery.channel.type, attempt: delivery.attempt, status: attempt.status, http_status: attempt.httpStatus, latency_ms: latencyMs, error: attempt.error };
    if (attempt.status === 'delivered') this.logger.log(log);
    else this.logger.warn(log);
    try {
      if (!(await this.outbox.record(delivery, attempt))) this.logger.warn({ msg: 'delivery attempt outlived its lease; not recorded', delivery_id: delivery.deliveryId, attempt: delivery.attempt });
    } catch (error) {
      // The lease runs out and the delivery is tried again: at least once, never lost.
      this.logger.error({ msg: 'delivery attempt not recorded', delivery_id: delivery.deliveryId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private attemptRecord(delivery: ClaimedDelivery, outcome: AttemptOutcome, latencyMs: number): AlertDelivery {
    const base = {
      deliveryId: delivery.deliveryId,
      alertId: delivery.alertId,
      alertKind: delivery.alertKind,
      ruleId: delivery.ruleId,
      ownerId: delivery.ownerId,
      channel: delivery.channel.type,
      attempt: delivery.attempt,
      httpStatus: outcome.httpStatus,
      latencyMs,
      attemptedAt: new Date().toISOString(),
    };
    switch (outcome.status) {
      case 'delivered':
        return { ...base, status: 'delivered', error: null, nextAttemptAt: null };
      case 'refused':
        return { ...base, status: 'refused', error: outcome.error, nextAttemptAt: null };
      case 'failed':
        return { ...base, status: 'failed', error: outcome.error, nextAttemptAt: null };
      case 'retry': {
        if (delivery.attempt >= this.settings.maxAttempts) return { ...base, status: 'failed', error: `${outcome.error} (gave up after ${delivery.attempt} attempts)`, nextAttemptAt: null };
        const wait = retryDelayMs(delivery.attempt, this.settings, outcome.retryAfterMs);
        return { ...base, status: 'retrying', error: outcome.error, nextAttemptAt: new Date(Date.now() + wait).toISOString() };
      }
    }
  }

  /** Publishes recorded attempts that are not on alerts.deliveries.v1 yet. */
  private async publishAttempts(): Promise<void> {
    await this.outbox.publishAttempts(500, (attempts) =>
      this.publisher.publish(
        TOPICS.alertDeliveries,
        attempts.map((attempt) => ({ key: attempt.alertId, id: `${attempt.deliveryId}#${attempt.attempt}`, occurredAt: attempt.attemptedAt, payload: attempt })),
      ),
    );
  }
}

import { TOPICS, alertMessageId } from '@pum/contracts';
import { EventPublisher, JsonLogger } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/delivery-settings';
import { OutboxSignal } from '../delivery/outbox-signal';
import { AlertsRepository } from './alerts.repository';

/** Most alert messages one round publishes (of each kind). */
const BATCH = 500;

/**
 * Puts stored alerts, withdrawals and digests on alerts.v1 in batches, keyed by owner, from the
 * alerts tables (what a crash left unpublished goes out after the restart). Woken by each fire.
 */
@Injectable()
export class AlertPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly signal = new OutboxSignal();
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: JsonLogger,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  notify(): void {
    this.signal.notify();
  }

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.signal.notify();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const published = await this.alerts.publishPending(BATCH, (items) =>
          this.publisher.publish(
            TOPICS.alerts,
            items.map((item) => ({ key: item.payload.ownerId, id: alertMessageId(item.payload), occurredAt: item.payload.firedAt, payload: item.payload })),
          ),
        );
        if (published < BATCH) await this.signal.wait(this.settings.pollIntervalMs);
      } catch (error) {
        this.logger.warn({ msg: 'publishing alerts failed; retrying', error: error instanceof Error ? error.message : String(error) });
        await this.signal.wait(this.settings.pollIntervalMs);
      }
    }
  }
}

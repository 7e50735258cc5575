import type { AlertPayload } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AlertsMetrics } from '../alerts-metrics';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/delivery-settings';
import { OutboxSignal } from '../delivery/outbox-signal';
import { digestId } from '../evaluation/alert-id';
import { RulesRepository } from '../rules/rules.repository';
import { AlertsRepository } from './alerts.repository';
import { AlertPublisher } from './alert-publisher';

type Digest = Extract<AlertPayload, { kind: 'digest' }>;

/** Most alerts one digest lists; more make another digest. */
const DIGEST_LIMIT = 100;

/**
 * Summarises a rule's throttled alerts in one digest once its throttle window has passed since the
 * oldest of them; the digest goes on alerts.v1 and to the rule's channels. Every replica runs it: the
 * rule's row lock and the digest id (insert-or-nothing) make one of them win.
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly rules: RulesRepository,
    private readonly alertsOut: AlertPublisher,
    private readonly outbox: OutboxSignal,
    private readonly metrics: AlertsMetrics,
    private readonly logger: JsonLogger,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.logger.warn({ msg: 'digest round failed', error: String(error) }))
        .finally(() => (this.running = undefined));
    }, this.settings.pollIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round: every rule whose throttled alerts are due gets its digest. */
  async tick(): Promise<void> {
    for (const ruleId of await this.alerts.rulesAwaitingDigest()) {
      const rule = await this.rules.live(ruleId);
      if (!rule?.throttle) continue;
      const throttle = rule.throttle;
      const digest = await this.alerts.transaction(async (tx) => {
        await tx.lockRule(ruleId);
        const due = await tx.dueForDigest(ruleId, throttle.windowSeconds, DIGEST_LIMIT);
        if (due.length === 0) return null;
        const times = due.map((alert) => alert.firedAt).sort();
        const payload: Digest = {
          kind: 'digest',
          alertId: digestId(ruleId, due[0]!.alertId),
          ruleId,
          ownerId: rule.ownerId,
          ruleName: rule.name,
          title: `${due.length} more alert${due.length === 1 ? '' : 's'} of "${rule.name}" held back by its throttle (${throttle.maxAlerts} per ${throttle.windowSeconds} s)`,
          firedAt: times[times.length - 1]!,
          count: due.length,
          windowStart: times[0]!,
          windowEnd: times[times.length - 1]!,
          alerts: due.map((alert) => ({ alertId: alert.alertId, title: alert.title, link: alert.link, firedAt: alert.firedAt })),
        };
        if (!(await tx.insertDigest(payload))) return null;
        await tx.enqueue(payload, rule.channels);
        return payload;
      });
      if (digest) {
        this.metrics.alerts.inc({ kind: 'digest', decision: 'sent' });
        this.logger.log({ msg: 'digest fired', rule_id: ruleId, alert_id: digest.alertId, count: digest.count });
        this.outbox.notify();
      }
    }
    this.alertsOut.notify();
  }
}

import { TOPICS, type AlertRulePayload } from '@pum/contracts';
import { EventPublisher, JsonLogger, type OutboundMessage } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AlertRulesRepository, type AlertRuleRow } from './alert-rules.repository';

export const RULE_REPUBLISH_INTERVAL_MS = Symbol('RULE_REPUBLISH_INTERVAL_MS');

/** Most rules one round of the re-publisher sends. */
const BATCH = 200;

/**
 * The alerts.rules.v1 message of a stored rule's latest version (a deletion for a deleted rule), keyed by rule id.
 *
 * @example ruleMessage(row).id // 'r-1@2026-01-01T00:00:00.000Z' (':deleted' appended for a deletion)
 */
export function ruleMessage(row: AlertRuleRow): OutboundMessage<'alerts.rules.v1'> {
  const updatedAt = row.updatedAt.toISOString();
  const payload: AlertRulePayload = row.deletedAt
    ? { ruleId: row.ruleId, ownerId: row.ownerId, deleted: true, updatedAt }
    : { ...row.rule, ruleId: row.ruleId, ownerId: row.ownerId, updatedAt };
  return { key: row.ruleId, id: `${row.ruleId}@${updatedAt}${row.deletedAt ? ':deleted' : ''}`, occurredAt: updatedAt, payload };
}

/**
 * Puts rule versions on alerts.rules.v1 after their database write: at once for each write (`publish`), and at
 * start and every interval for every version not published yet — a publish that failed, or a gateway that stopped
 * between the write and the publish — so the topic always catches up with the table (at least once; the alerts
 * service keeps the newest `updatedAt`).
 */
@Injectable()
export class AlertRulePublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly rules: AlertRulesRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: JsonLogger,
    @Inject(RULE_REPUBLISH_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** Publishes the rule's latest version if it is not on the topic yet; false when that failed (the next round retries). */
  async publish(ruleId: string): Promise<boolean> {
    try {
      await this.rules.publishPending((rows) => this.send(rows), { ruleId, limit: 1 });
      return true;
    } catch (error) {
      this.logger.warn({ msg: 'publishing an alert rule failed; the re-publisher retries', rule_id: ruleId, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** Publishes every version not on the topic yet; resolves with how many. */
  async publishAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.rules.publishPending((rows) => this.send(rows), { limit: BATCH });
      total += published;
      if (published < BATCH || this.stopped) return total;
    }
  }

  private send(rows: AlertRuleRow[]): Promise<void> {
    return this.publisher.publish(TOPICS.alertRules, rows.map(ruleMessage));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.publishAll().then(
        (published) => {
          if (published > 0) this.logger.log({ msg: 'alert rules re-published', count: published });
        },
        (error: unknown) => this.logger.warn({ msg: 're-publishing alert rules failed; retrying', error: error instanceof Error ? error.message : String(error) }),
      );
      void this.round.then(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}

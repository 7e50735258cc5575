import { TOPICS, type MessageOf } from '@pum/contracts';
import { EventPublisher } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { RULES_VERSION, isChange, scoreEvent } from './rules/upgrade-rules';
import { UpgradeHistoryRepository } from './upgrade-history.repository';

/** DI token: how far back (seconds) earlier upgrades of a contract count as rapid. */
export const RAPID_WINDOW_SECONDS = Symbol('RAPID_WINDOW_SECONDS');

/** Assesses each protocol event and publishes the assessment, keyed by the event's contract. */
@Injectable()
export class RiskService {
  constructor(
    private readonly history: UpgradeHistoryRepository,
    private readonly publisher: EventPublisher,
    @Inject(RAPID_WINDOW_SECONDS) private readonly windowSeconds: number,
  ) {}

  async assess(message: MessageOf<'protocol.events.v1'>): Promise<void> {
    const event = message.payload;
    const at = Math.floor(new Date(message.occurredAt).getTime() / 1000);
    const change = isChange(event);
    if (event.status === 'retracted') await this.history.forget(event.chainId, event.contract, event.eventId);
    else if (change) await this.history.record(event.chainId, event.contract, event.eventId, at);
    const recentUpgrades = change ? await this.history.countBefore(event.chainId, event.contract, event.eventId, at, this.windowSeconds) : 0;
    const result = scoreEvent(event, { recentUpgrades, windowSeconds: this.windowSeconds });
    if (!result) return; // a kind the rules do not score (docs/risk-rules.md)
    const assessmentId = `${event.eventId}:${RULES_VERSION}`;
    await this.publisher.publish(TOPICS.riskAssessments, [
      {
        key: `${event.chainId}:${event.contract}`,
        id: `${assessmentId}:${event.status}@${event.blockHash}`,
        occurredAt: message.occurredAt,
        payload: {
          assessmentId,
          subjectType: 'upgrade',
          subjectId: event.eventId,
          chainId: event.chainId,
          contract: event.contract,
          protocolId: event.protocolId,
          modelVersion: RULES_VERSION,
          subjectStatus: event.status,
          ...result,
        },
      },
    ]);
  }
}

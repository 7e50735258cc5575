import { TOPICS, type MessageOf } from '@pum/contracts';
import { EventPublisher } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { RULES_VERSION, scoreUpgrade } from './rules/upgrade-rules';
import { UpgradeHistoryRepository } from './upgrade-history.repository';

export const SOURCE = 'risk-engine';

/** Assesses each protocol event and publishes the assessment, keyed by the event's contract. */
@Injectable()
export class RiskService {
  constructor(
    private readonly history: UpgradeHistoryRepository,
    private readonly publisher: EventPublisher,
    @Inject('RAPID_WINDOW_SECONDS') private readonly windowSeconds: number,
  ) {}

  async assess(message: MessageOf<'protocol.events.v1'>): Promise<void> {
    const event = message.payload;
    switch (event.kind) {
      case 'upgraded': {
        const at = Math.floor(new Date(message.occurredAt).getTime() / 1000);
        const isChange = event.previousImplementation !== null;
        if (event.status === 'retracted') {
          await this.history.forget(event.chainId, event.contract, event.eventId);
        } else if (isChange) {
          await this.history.record(event.chainId, event.contract, event.eventId, at);
        }
        const recentUpgrades = isChange
          ? await this.history.countBefore(event.chainId, event.contract, event.eventId, at, this.windowSeconds)
          : 0;
        const result = scoreUpgrade(event, { recentUpgrades, windowSeconds: this.windowSeconds });
        const assessmentId = `${event.eventId}:${RULES_VERSION}`;
        await this.publisher.publish(TOPICS.riskAssessments, [
          {
            key: `${event.chainId}:${event.contract}`,
            value: {
              version: 1,
              type: 'risk.assessment',
              id: `${assessmentId}:${event.status}`,
              occurredAt: message.occurredAt,
              producedAt: new Date().toISOString(),
              source: SOURCE,
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
          },
        ]);
        return;
      }
      default: {
        const unhandled: never = event.kind;
        throw new Error(`no rules for protocol event kind ${String(unhandled)}`);
      }
    }
  }
}

import { sentimentMessageId, TOPICS, type SentimentSubject } from '@pum/contracts';
import { EventPublisher } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { sentimentFigures } from './sentiment-figures';
import type { SentimentItemEntity } from './sentiment-item.entity';
import { SentimentRepository } from './sentiment.repository';
import type { SentimentText } from './sentiment-text';
import { SCORER, scoreText } from './text-scorer';

/** Injection token of the sentiment settings. */
export const SENTIMENT_SETTINGS = Symbol('SENTIMENT_SETTINGS');

/** How sentiment is figured (SENTIMENT_*). */
export interface SentimentSettings {
  /** Half-life of the trend's moving average. */
  halfLifeHours: number;
  /** A protocol's figures cover its texts of this many days up to the newest. */
  protocolWindowDays: number;
}

/**
 * Scores new texts and publishes the sentiment of every proposal and protocol they touch to
 * `sentiment.v1`. Figures are computed from the stored texts plus the new ones and published before
 * the new ones are stored: a crash in between re-scores them on the next read, with the same ids. A
 * protocol's figures cover the `SENTIMENT_PROTOCOL_WINDOW_DAYS` up to its newest text, so one update
 * reads a bounded number of rows however long the protocol has been followed.
 */
@Injectable()
export class SentimentService {
  constructor(
    private readonly store: SentimentRepository,
    private readonly publisher: EventPublisher,
    @Inject(SENTIMENT_SETTINGS) private readonly settings: SentimentSettings,
  ) {}

  /** Records texts (already stored ones are ignored); returns how many were new. */
  async record(texts: SentimentText[]): Promise<number> {
    const unseen = await this.store.unseen(texts.map((text) => text.itemId));
    const fresh = [...new Map(texts.filter((text) => unseen.has(text.itemId)).map((text) => [text.itemId, text])).values()];
    if (fresh.length === 0) return 0;
    const rows: SentimentItemEntity[] = fresh.map(({ text, ...item }) => ({ ...item, score: scoreText(text) }));
    const subjects: { subject: SentimentSubject; protocolId: string; stored: () => Promise<SentimentItemEntity[]>; mine: SentimentItemEntity[] }[] = [];
    for (const protocolId of new Set(rows.map((row) => row.protocolId))) {
      const mine = rows.filter((row) => row.protocolId === protocolId);
      const since = new Date(Math.max(...mine.map((row) => row.createdAt.getTime())) - this.settings.protocolWindowDays * 86_400_000);
      subjects.push({ subject: { type: 'protocol', id: protocolId }, protocolId, stored: () => this.store.ofProtocol(protocolId, since), mine: mine.filter((row) => row.createdAt >= since) });
    }
    for (const proposalKey of new Set(rows.flatMap((row) => (row.proposalKey ? [row.proposalKey] : [])))) {
      const mine = rows.filter((row) => row.proposalKey === proposalKey);
      subjects.push({ subject: { type: 'proposal', id: proposalKey }, protocolId: mine[0]!.protocolId, stored: () => this.store.ofProposal(proposalKey), mine });
    }
    const messages = await Promise.all(
      subjects.map(async ({ subject, protocolId, stored, mine }) => {
        const payload = { subject, protocolId, scorer: SCORER, ...sentimentFigures([...(await stored()), ...mine], this.settings.halfLifeHours) };
        return { key: protocolId, id: sentimentMessageId(payload), occurredAt: payload.asOf, payload };
      }),
    );
    await this.publisher.publish(TOPICS.sentiment, messages);
    await this.store.save(rows);
    return rows.length;
  }
}

import { JsonLogger } from '@pum/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { PollLoop } from '../http/poll-loop';
import { SourceMetrics } from '../http/source-metrics';
import { GovernanceRepository } from '../store/governance.repository';
import { SENTIMENT_SOURCES, type SentimentSource } from './sentiment-text';
import { SentimentService } from './sentiment.service';

/** Injection token of the social feed poller's settings. */
export const SOCIAL_FEED_SETTINGS = Symbol('SOCIAL_FEED_SETTINGS');

/** What the social feed poller is configured with (SOCIAL_POLL_INTERVAL_MS). */
export interface SocialFeedSettings {
  pollIntervalMs: number;
}

/** Polls every registered SentimentSource (social feeds) and records what is new; a cursor per source. */
@Injectable()
export class SocialFeedPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loops: PollLoop[];

  constructor(
    @Inject(SENTIMENT_SOURCES) sources: SentimentSource[],
    @Inject(SOCIAL_FEED_SETTINGS) settings: SocialFeedSettings,
    private readonly store: GovernanceRepository,
    private readonly sentiment: SentimentService,
    metrics: SourceMetrics,
    logger: JsonLogger,
  ) {
    this.loops = sources.map((source) => new PollLoop(`social:${source.name}`, settings.pollIntervalMs, () => this.poll(source), metrics, logger));
  }

  onApplicationBootstrap(): void {
    this.loops.forEach((loop) => loop.start());
  }

  /** Before the platform disconnects the publisher and Postgres. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  private async poll(source: SentimentSource): Promise<void> {
    const cursor = await this.store.cursor('social', source.name);
    const texts = await source.fetchSince(cursor ? new Date(cursor) : undefined);
    if (texts.length === 0) return;
    await this.sentiment.record(texts);
    const newest = texts.reduce((latest, text) => (text.createdAt > latest ? text.createdAt : latest), texts[0]!.createdAt);
    await this.store.saveCursor({ source: 'social', scope: source.name, cursor: newest.toISOString() });
  }
}

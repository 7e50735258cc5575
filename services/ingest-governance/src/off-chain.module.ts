import { readProtocolRegistryFile } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { ProposalPublisher } from './analysis/proposal-publisher';
import type { IngestGovernanceConfig } from './config';
import { DISCOURSE_SETTINGS, DiscoursePoller, type DiscourseSettings } from './discourse/discourse-poller';
import { sourceHttpOptions } from './http/source-http-options';
import { SourceMetrics } from './http/source-metrics';
import { CreateSentimentItems1763900000002 } from './migrations/1763900000002-create-sentiment-items';
import { AddProposalScoresFinal1763900200001 } from './migrations/1763900200001-add-proposal-scores-final';
import { GovernanceRegistry } from './registry/governance-registry';
import { SentimentItemEntity } from './sentiment/sentiment-item.entity';
import { SentimentRepository } from './sentiment/sentiment.repository';
import { SENTIMENT_SOURCES, type SentimentSource } from './sentiment/sentiment-text';
import { SENTIMENT_SETTINGS, SentimentService, type SentimentSettings } from './sentiment/sentiment.service';
import { SOCIAL_FEED_SETTINGS, SocialFeedPoller, type SocialFeedSettings } from './sentiment/social-feed-poller';
import { SNAPSHOT_SETTINGS, SnapshotPoller, type SnapshotSettings } from './snapshot/snapshot-poller';
import { TALLY_SETTINGS, TallyPoller, type TallySettings } from './tally/tally-poller';

/** Tables of the off-chain half beyond the shared store; the app module registers them. */
export const offChainEntities = [SentimentItemEntity];
export const offChainMigrations = [CreateSentimentItems1763900000002, AddProposalScoresFinal1763900200001];

/** What a deployment (or a test) plugs in beyond configuration. */
export interface OffChainExtras {
  /** Social feeds for sentiment (none by default). */
  sentimentSources?: SentimentSource[];
}

/**
 * The off-chain half of governance ingestion: Snapshot, Discourse and (optional) Tally pollers,
 * proposal analysis and sentiment.
 */
@Module({})
export class OffChainModule {
  static register(config: IngestGovernanceConfig, extras: OffChainExtras = {}): DynamicModule {
    return {
      module: OffChainModule,
      providers: [
        { provide: GovernanceRegistry, useFactory: async () => new GovernanceRegistry(await readProtocolRegistryFile(config.PROTOCOL_REGISTRY_FILE)) },
        { provide: SENTIMENT_SOURCES, useValue: extras.sentimentSources ?? [] },
        { provide: SNAPSHOT_SETTINGS, useValue: snapshotSettings(config) },
        { provide: DISCOURSE_SETTINGS, useValue: discourseSettings(config) },
        { provide: TALLY_SETTINGS, useValue: tallySettings(config) },
        { provide: SOCIAL_FEED_SETTINGS, useValue: { pollIntervalMs: config.SOCIAL_POLL_INTERVAL_MS } satisfies SocialFeedSettings },
        { provide: SENTIMENT_SETTINGS, useValue: { halfLifeHours: config.SENTIMENT_HALF_LIFE_HOURS, protocolWindowDays: config.SENTIMENT_PROTOCOL_WINDOW_DAYS } satisfies SentimentSettings },
        SourceMetrics,
        ProposalPublisher,
        SentimentRepository,
        SentimentService,
        SnapshotPoller,
        DiscoursePoller,
        TallyPoller,
        SocialFeedPoller,
      ],
      exports: [ProposalPublisher],
    };
  }
}

function snapshotSettings(config: IngestGovernanceConfig): SnapshotSettings {
  const headers: Record<string, string> = config.SNAPSHOT_API_KEY ? { 'x-api-key': config.SNAPSHOT_API_KEY } : {};
  return {
    http: sourceHttpOptions(config, 'snapshot', config.SNAPSHOT_RATE_LIMIT_PER_MINUTE, headers),
    hubUrl: config.SNAPSHOT_HUB_URL,
    pageSize: config.SNAPSHOT_PAGE_SIZE,
    pollIntervalMs: config.SNAPSHOT_POLL_INTERVAL_MS,
    backfillDays: config.SNAPSHOT_BACKFILL_DAYS,
    cursorLagSeconds: config.SNAPSHOT_CURSOR_LAG_SECONDS,
    appUrl: config.SNAPSHOT_APP_URL,
  };
}

function discourseSettings(config: IngestGovernanceConfig): DiscourseSettings {
  return {
    http: sourceHttpOptions(config, 'discourse', config.DISCOURSE_RATE_LIMIT_PER_MINUTE),
    pollIntervalMs: config.DISCOURSE_POLL_INTERVAL_MS,
    maxPages: config.DISCOURSE_MAX_PAGES,
  };
}

function tallySettings(config: IngestGovernanceConfig): TallySettings {
  const headers: Record<string, string> = config.TALLY_API_KEY ? { 'Api-Key': config.TALLY_API_KEY } : {};
  return {
    enabled: config.TALLY_ENABLED,
    http: sourceHttpOptions(config, 'tally', config.TALLY_RATE_LIMIT_PER_MINUTE, headers),
    apiUrl: config.TALLY_API_URL,
    pollIntervalMs: config.TALLY_POLL_INTERVAL_MS,
    appUrl: config.TALLY_APP_URL,
  };
}

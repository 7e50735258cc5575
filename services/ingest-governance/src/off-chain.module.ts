import { readProtocolRegistryFile } from '@pum/platform';
import { Module, type DynamicModule } from '@nestjs/common';
import { ProposalPublisher } from './analysis/proposal-publisher';
import type { IngestGovernanceConfig } from './config';
import { DiscoursePoller } from './discourse/discourse-poller';
import { SourceMetrics } from './http/source-metrics';
import { CreateSentimentItems1763900000002 } from './migrations/1763900000002-create-sentiment-items';
import { AddProposalScoresFinal1763900200001 } from './migrations/1763900200001-add-proposal-scores-final';
import { GovernanceRegistry } from './registry/governance-registry';
import { SentimentItemEntity } from './sentiment/sentiment-item.entity';
import { SentimentRepository } from './sentiment/sentiment.repository';
import { SENTIMENT_SOURCES, type SentimentSource } from './sentiment/sentiment-text';
import { SentimentService } from './sentiment/sentiment.service';
import { SocialFeedPoller } from './sentiment/social-feed-poller';
import { SnapshotPoller } from './snapshot/snapshot-poller';
import { TallyPoller } from './tally/tally-poller';

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

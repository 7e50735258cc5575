import { proposalKey } from '@pum/contracts';
import { EventPublisher, JsonLogger, MalformedSourceResponseError, SourceHttpClient, SourceRejectedError, type SourceHttpOptions } from '@pum/platform';
import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { reportRejected } from '../http/per-item';
import { eachIsolated, PollLoop } from '../http/poll-loop';
import { publishRawRecords } from '../http/raw-records';
import { SourceMetrics } from '../http/source-metrics';
import { GovernanceRegistry } from '../registry/governance-registry';
import { SentimentRepository } from '../sentiment/sentiment.repository';
import { SentimentService } from '../sentiment/sentiment.service';
import { GovernanceRepository } from '../store/governance.repository';
import { DiscourseClient } from './discourse-client';
import type { DiscoursePost, DiscourseTopicSummary } from './discourse-schemas';
import { normaliseTitle, proposalLinks } from './proposal-links';

/** Injection token of the Discourse poller's settings. */
export const DISCOURSE_SETTINGS = Symbol('DISCOURSE_SETTINGS');

/** What the Discourse poller is configured with (DISCOURSE_*, the shared GOVERNANCE_HTTP_* keys). */
export interface DiscourseSettings {
  http: SourceHttpOptions;
  pollIntervalMs: number;
  /** Safety cap on `/latest.json` pages per poll. */
  maxPages: number;
}

/**
 * Follows each registry protocol's Discourse forum: topics with activity after the forum's cursor
 * (newest `last_posted_at` handled, in Postgres) are read whole, their new posts published raw and
 * scored for sentiment. A topic is linked to a proposal by the first proposal link in its posts that
 * names a stored proposal, else by a stored proposal of the protocol with the same normalised title.
 */
@Injectable()
export class DiscoursePoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly client: DiscourseClient;
  private readonly loop: PollLoop;
  private readonly http: SourceHttpClient;
  private readonly maxPages: number;

  constructor(
    @Inject(DISCOURSE_SETTINGS) settings: DiscourseSettings,
    private readonly registry: GovernanceRegistry,
    private readonly store: GovernanceRepository,
    private readonly sentimentStore: SentimentRepository,
    private readonly publisher: EventPublisher,
    private readonly sentiment: SentimentService,
    private readonly metrics: SourceMetrics,
    private readonly logger: JsonLogger,
  ) {
    this.http = new SourceHttpClient(settings.http, metrics, logger);
    this.maxPages = settings.maxPages;
    this.client = new DiscourseClient(this.http, this.maxPages);
    this.loop = new PollLoop('discourse', settings.pollIntervalMs, () => this.pollAll(), metrics, logger);
  }

  onApplicationBootstrap(): void {
    if (this.registry.forums.length > 0) this.loop.start();
  }

  /** Before the platform disconnects the publisher and Postgres: ends any wait on the source, then the round in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    this.http.close();
    await this.loop.stop();
  }

  /** One round over every forum; a failing forum is reported and the others still read. */
  async pollAll(): Promise<void> {
    await eachIsolated(this.registry.forums, (forum) => `forum ${forum.forumUrl}`, (forum) => this.pollForum(forum.protocolId, forum.forumUrl));
  }

  private async pollForum(protocolId: string, forumUrl: string): Promise<void> {
    const saved = await this.store.cursor('discourse', forumUrl);
    const since = saved ? new Date(saved) : undefined;
    const active = new Map<number, { topic: DiscourseTopicSummary; request: string }>();
    let capped = false;
    for await (const page of this.client.latestTopics(forumUrl, since)) {
      reportRejected(this.logger, this.metrics, 'discourse', 'topic', page.request, page.rejected);
      capped ||= page.capped;
      for (const topic of page.topics) {
        if (topic.last_posted_at && (!since || new Date(topic.last_posted_at) > since)) active.set(topic.id, { topic, request: page.request });
      }
    }
    // Topics active after the cursor may lie beyond the page cap: keep the cursor (the topics read are
    // not published twice: their posts are stored) so none is skipped. A first read has no cursor to keep.
    const keepCursor = capped && since !== undefined;
    if (keepCursor) this.logger.warn({ msg: 'forum has more active topics than DISCOURSE_MAX_PAGES pages; cursor kept, raise the cap', forum: forumUrl, cursor: saved, pages: this.maxPages });
    // Oldest activity first, so the cursor can follow each topic read.
    const ordered = [...active.values()].sort((a, b) => Date.parse(a.topic.last_posted_at!) - Date.parse(b.topic.last_posted_at!));
    for (const { topic, request } of ordered) {
      await this.readTopicOrSkip(protocolId, forumUrl, topic, request);
      if (!keepCursor) await this.store.saveCursor({ source: 'discourse', scope: forumUrl, cursor: topic.last_posted_at! });
    }
  }

  /**
   * Reads a topic; one the forum refuses (404, 403: deleted or private) or answers malformed is
   * logged, counted and skipped, so the cursor moves past it and newer topics are still read. An
   * outage (5xx, 429, network) is thrown: the round fails and the next one retries from the cursor.
   */
  private async readTopicOrSkip(protocolId: string, forumUrl: string, summary: DiscourseTopicSummary, request: string): Promise<void> {
    try {
      await this.readTopic(protocolId, forumUrl, summary, request);
    } catch (error) {
      if (!(error instanceof SourceRejectedError || error instanceof MalformedSourceResponseError)) throw error;
      reportRejected(this.logger, this.metrics, 'discourse', 'topic', `/t/${summary.id}.json`, [{ raw: summary, reason: error.message }]);
    }
  }

  private async readTopic(protocolId: string, forumUrl: string, summary: DiscourseTopicSummary, request: string): Promise<void> {
    const { title, posts, rejected } = await this.client.topicWithPosts(forumUrl, summary.id);
    reportRejected(this.logger, this.metrics, 'discourse', 'post', `/t/${summary.id}.json`, rejected);
    const itemId = (post: DiscoursePost) => `discourse:${forumUrl}:post:${post.id}`;
    const unseen = await this.sentimentStore.unseen(posts.map(itemId));
    const fresh = posts.filter((post) => unseen.has(itemId(post)));
    if (fresh.length === 0) return;
    const linked = await this.linkedProposal(protocolId, title, posts);
    await publishRawRecords(
      this.publisher,
      [
        { source: 'discourse', kind: 'topic', externalId: String(summary.id), scope: forumUrl, protocolId, request, body: { ...summary, proposalKey: linked }, version: String(summary.posts_count), occurredAt: new Date(summary.created_at) },
        ...fresh.map((post) => ({ source: 'discourse' as const, kind: 'post' as const, externalId: String(post.id), scope: forumUrl, protocolId, request: `/t/${summary.id}.json`, body: post, version: post.created_at, occurredAt: new Date(post.created_at) })),
      ],
    );
    await this.sentiment.record(
      fresh.map((post) => ({
        itemId: itemId(post),
        protocolId,
        proposalKey: linked,
        channel: 'forum_post' as const,
        author: post.username,
        threadId: `${forumUrl}/t/${summary.id}`,
        isReply: post.post_number > 1,
        text: post.cooked,
        createdAt: new Date(post.created_at),
      })),
    );
    this.metrics.records.inc({ source: 'discourse', kind: 'post' }, fresh.length);
    this.logger.log({ msg: 'forum topic read', forum: forumUrl, topic_id: summary.id, new_posts: fresh.length, proposal_key: linked });
  }

  /** The proposal a topic discusses: a link in its posts to a stored proposal, else a title match. */
  private async linkedProposal(protocolId: string, title: string, posts: DiscoursePost[]): Promise<string | null> {
    for (const link of posts.flatMap((post) => proposalLinks(post.cooked))) {
      const proposal = link.source === 'snapshot' ? (await this.store.proposals([proposalKey({ source: 'snapshot', space: link.space, id: link.id })]))[0] : await this.store.proposalByExternalId('tally', link.id);
      if (proposal) return proposal.proposalKey;
    }
    const wanted = normaliseTitle(title);
    const match = (await this.store.proposalsOfProtocol(protocolId)).find((proposal) => normaliseTitle(proposal.title) === wanted);
    return match?.proposalKey ?? null;
  }
}

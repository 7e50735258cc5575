import { governanceProposalMessageId, type GovernanceProposal } from '@pum/contracts';
import { EventPublisher, JsonLogger, SourceHttpClient, type SourceHttpOptions } from '@pum/platform';
import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { ProposalPublisher } from '../analysis/proposal-publisher';
import { reportRejected } from '../http/per-item';
import { eachIsolated, PollLoop } from '../http/poll-loop';
import { publishRawRecords, type RawRecord } from '../http/raw-records';
import { SourceMetrics } from '../http/source-metrics';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { GovernanceRegistry } from '../registry/governance-registry';
import type { SentimentText } from '../sentiment/sentiment-text';
import { SentimentService } from '../sentiment/sentiment.service';
import { GovernanceRepository, type CursorUpdate } from '../store/governance.repository';
import { SnapshotClient } from './snapshot-client';
import { normaliseSnapshotProposal, normaliseSnapshotVote } from './snapshot-normaliser';
import type { SnapshotProposal, SnapshotVote } from './snapshot-schemas';

/** Injection token of the Snapshot poller's settings. */
export const SNAPSHOT_SETTINGS = Symbol('SNAPSHOT_SETTINGS');

/** What the Snapshot poller is configured with (SNAPSHOT_*, the shared GOVERNANCE_HTTP_* keys). */
export interface SnapshotSettings {
  http: SourceHttpOptions;
  hubUrl: string;
  pageSize: number;
  pollIntervalMs: number;
  /** How far back a space is read the first time (no cursor yet). */
  backfillDays: number;
  /** How far behind the newest `created` read the cursor stays. */
  cursorLagSeconds: number;
  /** Base URL of proposal links. */
  appUrl: string;
}

/**
 * Follows every registry space on the Snapshot hub: new proposals and votes by a `created` cursor per
 * space (kept in Postgres); open proposals, and closed ones until the hub's `scores_state` is "final",
 * refreshed by id. Each page is published (raw, then the
 * analysed proposals and sentiment) before its records and cursor are stored in one transaction, so a
 * restart re-reads at most the page in flight — and skips what is stored, publishing nothing twice.
 * Proposals whose oSnap / SafeSnap transactions upgrade contracts start upgrade lifecycles (LifecycleService).
 * The cursor stays `SNAPSHOT_CURSOR_LAG_SECONDS` behind the newest `created` read: records the hub
 * indexes after newer ones are still read next time (the stored ids filter the rest).
 */
@Injectable()
export class SnapshotPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly client: SnapshotClient;
  private readonly loop: PollLoop;
  private readonly http: SourceHttpClient;

  constructor(
    @Inject(SNAPSHOT_SETTINGS) private readonly settings: SnapshotSettings,
    private readonly registry: GovernanceRegistry,
    private readonly store: GovernanceRepository,
    private readonly publisher: EventPublisher,
    private readonly proposals: ProposalPublisher,
    private readonly sentiment: SentimentService,
    private readonly lifecycle: LifecycleService,
    private readonly metrics: SourceMetrics,
    private readonly logger: JsonLogger,
  ) {
    this.http = new SourceHttpClient(settings.http, metrics, logger);
    this.client = new SnapshotClient(this.http, settings.hubUrl, settings.pageSize);
    this.loop = new PollLoop('snapshot', settings.pollIntervalMs, () => this.pollAll(), metrics, logger);
  }

  onApplicationBootstrap(): void {
    if (this.registry.snapshotSpaces.length > 0) this.loop.start();
  }

  /** Before the platform disconnects the publisher and Postgres: ends any wait on the source, then the round in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    this.http.close();
    await this.loop.stop();
  }

  /** One round over every space; a failing space is reported and the others still polled. */
  async pollAll(): Promise<void> {
    await eachIsolated(this.registry.snapshotSpaces, (space) => `snapshot space ${space}`, (space) => this.pollSpace(space));
  }

  private async pollSpace(space: string): Promise<void> {
    const protocolId = this.registry.protocolOfSpace(space);
    await this.readNewProposals(space, protocolId);
    await this.refreshOpenProposals(space);
    await this.readNewVotes(space, protocolId);
  }

  private async readNewProposals(space: string, protocolId: string | null): Promise<void> {
    const scope = `proposals:${space}`;
    const since = await this.cursorOf(scope);
    for await (const page of this.client.proposalPages(space, since)) {
      reportRejected(this.logger, this.metrics, 'snapshot', 'proposal', page.request, page.rejected);
      const normalised = page.items.map((item) => this.normalise(item, protocolId));
      const known = new Set((await this.store.proposals(normalised.map((p) => p.proposalKey))).map((p) => p.proposalKey));
      const fresh = page.items.filter((_, index) => !known.has(normalised[index]!.proposalKey));
      const freshProposals = normalised.filter((p) => !known.has(p.proposalKey));
      await publishRawRecords(this.publisher, fresh.map((item) => this.rawProposal(item, protocolId, page.request)));
      await this.followPlannedUpgrades(await this.proposals.publishProposals(freshProposals));
      if (protocolId) await this.sentiment.record(freshProposals.filter((p) => p.body.trim() !== '').map((p) => bodyText(p, protocolId)));
      await this.store.saveProposals(freshProposals, this.cursorAfter(scope, since, page.newestCreated), scoresPendingKeys(fresh, freshProposals));
      this.metrics.records.inc({ source: 'snapshot', kind: 'proposal' }, fresh.length);
    }
  }

  /**
   * Re-reads the proposals whose outcome can still change — open ones, and closed ones until the hub
   * reports their scores final — and republishes those whose version changed (state, votes, scores,
   * total, quorum, …: whatever `governanceProposalMessageId` digests).
   */
  private async refreshOpenProposals(space: string): Promise<void> {
    const open = await this.store.openProposals('snapshot', [space]);
    if (open.length === 0) return;
    const stored = new Map(open.map((p) => [p.id, p]));
    const page = await this.client.proposalsById([...stored.keys()]);
    reportRejected(this.logger, this.metrics, 'snapshot', 'proposal', page.request, page.rejected);
    const current = page.items.filter((item) => stored.has(item.id));
    const normalised = current.map((item) => this.normalise(item, stored.get(item.id)!.protocolId));
    const changed = normalised.map((proposal) => governanceProposalMessageId(proposal) !== governanceProposalMessageId({ ...stored.get(proposal.id)!, analysis: null }));
    const pending = scoresPendingKeys(current, normalised);
    // Changed versions are published; a closed proposal whose scores became final is stored so it stops being refreshed.
    const toSave = normalised.filter((proposal, index) => changed[index] || (proposal.state === 'closed' && !pending.has(proposal.proposalKey)));
    if (toSave.length === 0) return;
    const publish = normalised.filter((_, index) => changed[index]);
    await publishRawRecords(this.publisher, current.filter((_, index) => changed[index]).map((item) => this.rawProposal(item, stored.get(item.id)!.protocolId, page.request)));
    await this.followPlannedUpgrades(await this.proposals.publishProposals(publish));
    await this.store.saveProposals(toSave, undefined, pending);
  }

  private async readNewVotes(space: string, protocolId: string | null): Promise<void> {
    const scope = `votes:${space}`;
    const since = await this.cursorOf(scope);
    for await (const page of this.client.votePages(space, since)) {
      reportRejected(this.logger, this.metrics, 'snapshot', 'vote', page.request, page.rejected);
      const unseen = await this.store.unseenVoteIds(page.items.map((vote) => vote.id));
      const fresh = page.items.filter((vote) => unseen.has(vote.id));
      const votes = fresh.map((vote) => normaliseSnapshotVote(space, vote));
      await publishRawRecords(this.publisher, fresh.map((vote) => rawVote(space, vote, protocolId, page.request)));
      await this.proposals.publish(votes.map((vote) => vote.proposalKey), votes);
      if (protocolId) await this.sentiment.record(votes.filter((vote) => vote.reason.trim() !== '').map((vote) => reasonText(vote, protocolId)));
      await this.store.saveVotes(votes, this.cursorAfter(scope, since, page.newestCreated));
      this.metrics.records.inc({ source: 'snapshot', kind: 'vote' }, fresh.length);
      if (fresh.length > 0) this.logger.log({ msg: 'snapshot votes read', space, new_votes: fresh.length, request: page.request });
    }
  }

  private async cursorOf(scope: string): Promise<number> {
    const saved = await this.store.cursor('snapshot', scope);
    return saved === undefined ? Math.floor(Date.now() / 1000) - this.settings.backfillDays * 86_400 : Number(saved);
  }

  /**
   * The cursor after a page: its newest `created` (refused records included) minus
   * `SNAPSHOT_CURSOR_LAG_SECONDS` (see the class comment), never behind the cursor it read from; none
   * for an empty page.
   */
  private cursorAfter(scope: string, since: number, newestCreated: number | undefined): CursorUpdate | undefined {
    if (newestCreated === undefined) return undefined;
    return { source: 'snapshot', scope, cursor: String(Math.max(since, newestCreated - this.settings.cursorLagSeconds)) };
  }

  /** Upgrades planned by the published versions move their lifecycles (before the versions are stored: a crash replays them). */
  private async followPlannedUpgrades(versions: GovernanceProposal[]): Promise<void> {
    for (const version of versions) await this.lifecycle.snapshotProposalSeen(version);
  }

  private normalise(item: SnapshotProposal, protocolId: string | null): GovernanceProposal {
    return normaliseSnapshotProposal(item, { protocolId, appUrl: this.settings.appUrl });
  }

  private rawProposal(item: SnapshotProposal, protocolId: string | null, request: string): RawRecord {
    return { source: 'snapshot', kind: 'proposal', externalId: item.id, scope: item.space.id, protocolId, request, body: item, version: `${item.state}:${item.votes}:${digest(item)}`, occurredAt: new Date(item.created * 1000) };
  }
}


/** Keys of the closed proposals whose scores the hub may still recompute (`scores_state: "pending"`). */
function scoresPendingKeys(items: SnapshotProposal[], normalised: GovernanceProposal[]): Set<string> {
  return new Set(normalised.filter((_, index) => items[index]!.state === 'closed' && items[index]!.scores_state === 'pending').map((proposal) => proposal.proposalKey));
}

/** A short digest of a hub record, so any change to it is a new raw version. */
function digest(item: unknown): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('hex').slice(0, 12);
}

function rawVote(space: string, vote: SnapshotVote, protocolId: string | null, request: string): RawRecord {
  return { source: 'snapshot', kind: 'vote', externalId: vote.id, scope: space, protocolId, request, body: vote, version: String(vote.created), occurredAt: new Date(vote.created * 1000) };
}

function bodyText(proposal: GovernanceProposal, protocolId: string): SentimentText {
  return { itemId: `snapshot:proposal:${proposal.id}`, protocolId, proposalKey: proposal.proposalKey, channel: 'proposal_body', author: proposal.author ?? 'unknown', threadId: proposal.proposalKey, isReply: false, text: `${proposal.title}\n${proposal.body}`, createdAt: new Date(proposal.createdAt) };
}

function reasonText(vote: { voteId: string; proposalKey: string; voter: string; reason: string; createdAt: Date }, protocolId: string): SentimentText {
  return { itemId: `snapshot:vote:${vote.voteId}`, protocolId, proposalKey: vote.proposalKey, channel: 'vote_reason', author: vote.voter, threadId: vote.proposalKey, isReply: true, text: vote.reason, createdAt: vote.createdAt };
}

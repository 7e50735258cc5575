import { governanceProposalMessageId, TOPICS, type GovernanceProposal } from '@pum/contracts';
import { EventPublisher, JsonLogger } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { GovernanceRepository } from '../store/governance.repository';
import type { StoredVote } from '../store/governance.repository';
import { analyseTimeline, analyseVotes } from './voting-analysis';

/** Most versions of one proposal published per call (one per new vote instant). */
const MAX_VERSIONS = 200;

/**
 * Publishes proposals to `governance.proposals.v1` with their voting analysis, recomputed from every
 * stored vote. Any source's poller (Snapshot, Tally, Governors) stores the proposal and its votes, then
 * calls `publish` with the keys that changed.
 */
@Injectable()
export class ProposalPublisher {
  constructor(
    private readonly store: GovernanceRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * Analyses and publishes the stored proposals with these keys (unknown keys are skipped). With
   * `newVotes` (not stored yet: the caller stores them after this resolves, so a crash republishes
   * rather than loses), one version is published per instant a new vote was cast — the analysis as of
   * that vote — up to MAX_VERSIONS per proposal and call (the newest; a backfill does not flood).
   */
  async publish(keys: Iterable<string>, newVotes: StoredVote[] = []): Promise<GovernanceProposal[]> {
    return this.publishProposals(await this.store.proposals([...new Set(keys)]), newVotes);
  }

  /** `publish` for proposal versions the caller has not stored yet (it stores them after this resolves). */
  async publishProposals(proposals: GovernanceProposal[], newVotes: StoredVote[] = []): Promise<GovernanceProposal[]> {
    const versions = (
      await Promise.all(
        proposals.map(async (proposal) => {
          const fresh = newVotes.filter((vote) => vote.proposalKey === proposal.proposalKey);
          const freshIds = new Set(fresh.map((vote) => vote.voteId));
          const votes = [...(await this.store.votes(proposal.proposalKey)).filter((vote) => !freshIds.has(vote.voteId)), ...fresh].sort(
            (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.voteId < b.voteId ? -1 : 1),
          );
          if (votes.length === 0 && proposal.source !== 'snapshot') return [{ ...proposal, analysis: null }];
          const instants = [...new Set(fresh.map((vote) => vote.createdAt.getTime()))].sort((a, b) => a - b).slice(-MAX_VERSIONS);
          if (instants.length === 0) return [{ ...proposal, analysis: analyseVotes(proposal, votes) }];
          const analyses = analyseTimeline(proposal, votes, instants.map((at) => new Date(at)));
          return analyses.map((analysis) => ({ ...proposal, analysis }));
        }),
      )
    ).flat();
    await this.publisher.publish(
      TOPICS.governanceProposals,
      versions.map((payload) => ({ key: payload.proposalKey, id: governanceProposalMessageId(payload), occurredAt: payload.analysis?.asOf ?? payload.createdAt, payload })),
    );
    if (versions.length > 0) this.logger.log({ msg: 'proposals published', versions: versions.length, proposals: proposals.length });
    return versions;
  }
}

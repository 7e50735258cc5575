import { TOPICS, type MessageOf, type ProposalState, type Sentiment } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { GovernanceRepository, type ProposalFilter } from './governance.repository';
import { proposalSummaryView, proposalView, type ProposalSummaryView, type ProposalView } from './governance.views';

/** States of a proposal still to be decided or carried out: not closed, defeated, executed, canceled or expired. */
export const ACTIVE_STATES = ['pending', 'active', 'succeeded', 'queued'] as const satisfies readonly ProposalState[];

/** Keeps proposals and sentiment and pushes each new version or figure to the `governance` channel. */
@Injectable()
export class GovernanceService {
  constructor(
    private readonly repository: GovernanceRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  async applyProposal(message: MessageOf<'governance.proposals.v1'>): Promise<void> {
    if (await this.repository.applyProposal(message)) this.realtime.push(TOPICS.governanceProposals, message);
  }

  async applySentiment(message: MessageOf<'sentiment.v1'>): Promise<void> {
    if (await this.repository.applySentiment(message)) this.realtime.push(TOPICS.sentiment, message);
  }

  async list(filter: Omit<ProposalFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<Page<ProposalSummaryView>> {
    const rows = await this.repository.findProposals({ ...filter, limit: limit + 1, before: cursor ? decodeCursor(cursor) : undefined });
    return toPage(rows, limit, (row) => ({ at: row.createdAt, key: row.proposalKey }), proposalSummaryView);
  }

  /** A protocol's active proposals, newest created first. */
  async active(protocolId: string, limit: number): Promise<ProposalSummaryView[]> {
    return (await this.repository.findProposals({ protocolId, states: [...ACTIVE_STATES], limit })).map(proposalSummaryView);
  }

  /** Active proposals per protocol (all, or the given ones). */
  async countActiveByProtocol(protocolIds?: string[]): Promise<Map<string, number>> {
    return this.repository.countByProtocol([...ACTIVE_STATES], protocolIds);
  }

  /** The latest sentiment figure about the protocol itself (not one of its proposals), or null. */
  async protocolSentiment(protocolId: string): Promise<Sentiment | null> {
    return (await this.repository.sentimentOf('protocol', protocolId))?.payload ?? null;
  }

  async get(proposalKey: string): Promise<ProposalView> {
    const row = await this.repository.findProposal(proposalKey);
    if (!row) throw new NotFoundException(`no proposal with key ${proposalKey}`);
    const [versions, sentiment] = await Promise.all([this.repository.versionsOf(proposalKey), this.repository.sentimentOf('proposal', proposalKey)]);
    return proposalView(row, versions, sentiment);
  }
}

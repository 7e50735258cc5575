import { TOPICS, type MessageOf } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { GovernanceRepository, type ProposalFilter } from './governance.repository';
import { proposalSummaryView, proposalView, type ProposalSummaryView, type ProposalView } from './governance.views';

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

  async get(proposalKey: string): Promise<ProposalView> {
    const row = await this.repository.findProposal(proposalKey);
    if (!row) throw new NotFoundException(`no proposal with key ${proposalKey}`);
    const [versions, sentiment] = await Promise.all([this.repository.versionsOf(proposalKey), this.repository.sentimentOf('proposal', proposalKey)]);
    return proposalView(row, versions, sentiment);
  }
}

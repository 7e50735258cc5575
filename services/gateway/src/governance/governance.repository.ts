import type { MessageOf, ProposalState } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { PagePosition } from '../http/page-cursor';
import { ProposalEntity, ProposalVersionEntity, SentimentEntity } from './proposal.entity';
import { countByProtocol } from '../database/count-by-protocol.repository';

export interface ProposalFilter {
  protocolId?: string;
  source?: string;
  /** Any of these states. */
  states?: string[];
  /** Exclusive upper bound of the (createdAt, proposalKey) ordering: the page cursor. */
  before?: PagePosition;
  limit: number;
}

/** SQL of the governance read model: proposals, their versions, sentiment. */
@Injectable()
export class GovernanceRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ProposalEntity) private readonly proposals: Repository<ProposalEntity>,
    @InjectRepository(ProposalVersionEntity) private readonly versions: Repository<ProposalVersionEntity>,
    @InjectRepository(SentimentEntity) private readonly sentiment: Repository<SentimentEntity>,
  ) {}

  /**
   * Records a proposal version and makes it the proposal's latest unless a newer message (by
   * producedAt; one proposal's messages arrive in order on its key) is there. False for a replay.
   */
  async applyProposal(message: MessageOf<'governance.proposals.v1'>): Promise<boolean> {
    const proposal = message.payload;
    const producedAt = new Date(message.producedAt);
    return this.dataSource.transaction(async (manager) => {
      const recorded = await manager
        .createQueryBuilder()
        .insert()
        .into(ProposalVersionEntity)
        .values({
          messageId: message.id,
          proposalKey: proposal.proposalKey,
          state: proposal.state,
          votes: proposal.votes,
          scoresTotal: proposal.scoresTotal,
          passProbability: proposal.analysis?.passProbability ?? null,
          asOf: new Date(proposal.analysis?.asOf ?? proposal.createdAt),
          producedAt,
        })
        .orIgnore()
        .returning(['messageId'])
        .execute();
      if (recorded.raw.length === 0) return false;
      const latest: QueryDeepPartialEntity<ProposalEntity> = {
        proposalKey: proposal.proposalKey,
        source: proposal.source,
        protocolId: proposal.protocolId,
        state: proposal.state,
        createdAt: new Date(proposal.createdAt),
        payload: proposal as QueryDeepPartialEntity<ProposalEntity['payload']>,
        producedAt,
        messageId: message.id,
      };
      await manager
        .createQueryBuilder()
        .insert()
        .into(ProposalEntity)
        .values(latest)
        .orUpdate(['source', 'protocol_id', 'state', 'created_at', 'payload', 'produced_at', 'message_id'], ['proposal_key'], {
          overwriteCondition: { where: 'proposals.produced_at <= EXCLUDED.produced_at' },
        })
        .execute();
      return true;
    });
  }

  /**
   * Keeps the newest sentiment figure of a subject: later newest text, or as late with more texts.
   * False when the figure is not newer than the stored one (a replay or an older figure).
   */
  async applySentiment(message: MessageOf<'sentiment.v1'>): Promise<boolean> {
    const figure = message.payload;
    const row: QueryDeepPartialEntity<SentimentEntity> = {
      subjectType: figure.subject.type,
      subjectId: figure.subject.id,
      protocolId: figure.protocolId,
      asOf: new Date(figure.asOf),
      items: figure.items,
      payload: figure as QueryDeepPartialEntity<SentimentEntity['payload']>,
      producedAt: new Date(message.producedAt),
      messageId: message.id,
    };
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(SentimentEntity)
      .values(row)
      .orUpdate(['protocol_id', 'as_of', 'items', 'payload', 'produced_at', 'message_id'], ['subject_type', 'subject_id'], {
        overwriteCondition: { where: '(sentiment.as_of, sentiment.items) < (EXCLUDED.as_of, EXCLUDED.items)' },
      })
      .returning(['messageId'])
      .execute();
    return result.raw.length > 0;
  }

  async findProposal(proposalKey: string): Promise<ProposalEntity | null> {
    return this.proposals.findOneBy({ proposalKey });
  }

  async findProposals(filter: ProposalFilter): Promise<ProposalEntity[]> {
    const query = this.proposals.createQueryBuilder('p').orderBy('p.createdAt', 'DESC').addOrderBy('p.proposalKey', 'DESC').limit(filter.limit);
    if (filter.protocolId !== undefined) query.andWhere('p.protocol_id = :protocolId', { protocolId: filter.protocolId });
    if (filter.source !== undefined) query.andWhere('p.source = :source', { source: filter.source });
    if (filter.states !== undefined) query.andWhere('p.state IN (:...states)', { states: filter.states });
    if (filter.before) query.andWhere('(p.created_at, p.proposal_key) < (:beforeAt, :beforeKey)', { beforeAt: filter.before.at, beforeKey: filter.before.key });
    return query.getMany();
  }

  /** Proposals in one of the given states per protocol (all, or the given ones). */
  async countByProtocol(states: ProposalState[], protocolIds?: string[]): Promise<Map<string, number>> {
    return countByProtocol(this.proposals, 'state', states, protocolIds);
  }

  /** Every version of a proposal in the order produced. */
  async versionsOf(proposalKey: string): Promise<ProposalVersionEntity[]> {
    return this.versions.find({ where: { proposalKey }, order: { producedAt: 'ASC', seq: 'ASC' } });
  }

  async sentimentOf(subjectType: 'proposal' | 'protocol', subjectId: string): Promise<SentimentEntity | null> {
    return this.sentiment.findOneBy({ subjectType, subjectId });
  }
}

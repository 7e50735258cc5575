import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan, LessThanOrEqual } from 'typeorm';
import { GovernorProposalEntity } from './governor-proposal.entity';
import { GovernorVoteEntity } from './governor-vote.entity';

export interface ProposalKey {
  chainId: number;
  governor: string;
  proposalId: string;
}

/** States a proposal can still leave; the others are final. */
export const OPEN_STATES = ['pending', 'active', 'succeeded', 'queued'];

/** Governor proposals and votes. */
@Injectable()
export class GovernorProposalRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a proposal's creation (again after a reorg re-included it); keeps the state read so far. */
  async saveCreated(row: Omit<GovernorProposalEntity, 'retracted' | 'state' | 'forVotes' | 'againstVotes' | 'abstainVotes' | 'quorum' | 'eta' | 'startAt' | 'endAt' | 'checkedBlock' | 'checkedAt'>): Promise<void> {
    await this.db
      .getRepository(GovernorProposalEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...row, retracted: false, state: 'pending', forVotes: '0', againstVotes: '0', abstainVotes: '0', quorum: null, eta: null, startAt: null, endAt: null, checkedBlock: '0', checkedAt: null })
      .orUpdate(['created_event_id', 'created_block_hash', 'created_at', 'retracted'], ['chain_id', 'governor', 'proposal_id'])
      .execute();
  }

  /**
   * Runs `read` with the proposal's row locked (SELECT … FOR UPDATE) and stores the row it returns in
   * the same transaction, so reads of one proposal (an event's and a re-check's) take turns: what one
   * read announces is never followed by an older read's announcement, and if announcing fails nothing
   * is stored, so the next read sees the change again. `read` gets null for an unknown proposal.
   */
  async serialisedRead(key: ProposalKey, read: (row: GovernorProposalEntity | null) => Promise<GovernorProposalEntity | null>): Promise<void> {
    await this.db.transaction(async (manager) => {
      const proposals = manager.getRepository(GovernorProposalEntity);
      const next = await read(await proposals.findOne({ where: { ...key }, lock: { mode: 'pessimistic_write' } }));
      if (!next) return;
      const { state, forVotes, againstVotes, abstainVotes, quorum, eta, startAt, endAt, checkedBlock, checkedAt } = next;
      await proposals.update({ ...key }, { state, forVotes, againstVotes, abstainVotes, quorum, eta, startAt, endAt, checkedBlock, checkedAt });
    });
  }

  /** Records that a proposal was read at `block` and found unchanged. */
  async markChecked({ chainId, governor, proposalId }: ProposalKey, block: bigint): Promise<void> {
    await this.db
      .getRepository(GovernorProposalEntity)
      .update({ chainId, governor, proposalId, checkedBlock: LessThanOrEqual(block.toString()) }, { checkedBlock: block.toString(), checkedAt: new Date() });
  }

  /** Marks a proposal retracted if its creation was this (reorged) block's. */
  async retract(key: ProposalKey, blockHash: string): Promise<void> {
    await this.db.getRepository(GovernorProposalEntity).update({ ...key, createdBlockHash: blockHash }, { retracted: true });
  }

  /** Open proposals of a chain not yet read at `head`, least recently read first. */
  async due(chainId: number, head: bigint, limit: number): Promise<ProposalKey[]> {
    const rows = await this.db.getRepository(GovernorProposalEntity).find({
      select: { chainId: true, governor: true, proposalId: true },
      where: { chainId, retracted: false, state: In(OPEN_STATES), checkedBlock: LessThan(head.toString()) },
      order: { checkedAt: { direction: 'ASC', nulls: 'FIRST' } },
      take: limit,
    });
    return rows.map(({ chainId: id, governor, proposalId }) => ({ chainId: id, governor, proposalId }));
  }

  async saveVote(vote: GovernorVoteEntity): Promise<void> {
    await this.db.getRepository(GovernorVoteEntity).upsert(vote, { conflictPaths: ['eventId'] });
  }

  async deleteVote(eventId: string, blockHash: string): Promise<void> {
    await this.db.getRepository(GovernorVoteEntity).delete({ eventId, blockHash });
  }

  /** A proposal's votes in the order they were cast. */
  async votes({ chainId, governor, proposalId }: ProposalKey): Promise<GovernorVoteEntity[]> {
    return this.db.getRepository(GovernorVoteEntity).find({ where: { chainId, governor, proposalId }, order: { castAt: 'ASC', eventId: 'ASC' } });
  }
}

import type { GovernanceProposal } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ProposalEntity } from './proposal.entity';
import { SourceCursorEntity } from './source-cursor.entity';
import { VoteEntity } from './vote.entity';

/** A vote as the analysis reads it: weights per 0-based choice. */
export interface StoredVote {
  proposalKey: string;
  voteId: string;
  voter: string;
  votingPower: number;
  choice: number[];
  reason: string;
  createdAt: Date;
}

/** Where a source has read up to, saved with what was read in the same transaction. */
export interface CursorUpdate {
  source: string;
  scope: string;
  cursor: string;
}

/**
 * Every table of the service's governance state: source cursors, proposals and votes. Writes that
 * move a cursor happen in one transaction with the records read, so a crash either keeps both or
 * neither (and the records were published before: a replay finds them stored and skips them).
 */
@Injectable()
export class GovernanceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async cursor(source: string, scope: string): Promise<string | undefined> {
    const row = await this.db.getRepository(SourceCursorEntity).findOneBy({ source, scope });
    return row?.cursor;
  }

  async saveCursor(update: CursorUpdate): Promise<void> {
    await this.writeCursor(this.db.manager, update);
  }

  /** Of these vote ids, the ones not stored yet. */
  async unseenVoteIds(voteIds: string[]): Promise<Set<string>> {
    if (voteIds.length === 0) return new Set();
    const seen = await this.db.getRepository(VoteEntity).find({ select: { voteId: true }, where: { voteId: In(voteIds) } });
    const known = new Set(seen.map((row) => row.voteId));
    return new Set(voteIds.filter((id) => !known.has(id)));
  }

  /** Stores votes (existing ones are left alone) and moves the cursor, atomically. */
  async saveVotes(votes: StoredVote[], cursor?: CursorUpdate): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (votes.length > 0) await tx.getRepository(VoteEntity).createQueryBuilder().insert().values(votes).orIgnore().execute();
      if (cursor) await this.writeCursor(tx, cursor);
    });
  }

  /**
   * Stores the latest version of each proposal and moves the cursor, atomically. Proposals whose key
   * is in `scoresPending` are kept refreshing after they close (see `openProposals`).
   */
  async saveProposals(proposals: GovernanceProposal[], cursor?: CursorUpdate, scoresPending: ReadonlySet<string> = new Set()): Promise<void> {
    const now = new Date();
    await this.db.transaction(async (tx) => {
      if (proposals.length > 0) {
        await tx.getRepository(ProposalEntity).upsert(
          proposals.map((proposal) => ({
            proposalKey: proposal.proposalKey,
            source: proposal.source,
            space: proposal.space,
            externalId: proposal.id,
            protocolId: proposal.protocolId,
            state: proposal.state,
            endAt: new Date(proposal.end),
            proposal: { ...proposal, analysis: null },
            scoresFinal: !scoresPending.has(proposal.proposalKey),
            updatedAt: now,
          })),
          { conflictPaths: ['proposalKey'] },
        );
      }
      if (cursor) await this.writeCursor(tx, cursor);
    });
  }

  async proposals(keys: string[]): Promise<GovernanceProposal[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.getRepository(ProposalEntity).findBy({ proposalKey: In(keys) });
    return rows.map((row) => row.proposal);
  }

  /** Proposals of a protocol (any source), for linking forum topics by title. */
  async proposalsOfProtocol(protocolId: string): Promise<GovernanceProposal[]> {
    const rows = await this.db.getRepository(ProposalEntity).findBy({ protocolId });
    return rows.map((row) => row.proposal);
  }

  /** A proposal by its id at the source (Tally ids and on-chain ids are unique per source there). */
  async proposalByExternalId(source: GovernanceProposal['source'], externalId: string): Promise<GovernanceProposal | undefined> {
    const row = await this.db.getRepository(ProposalEntity).findOneBy({ source, externalId });
    return row?.proposal;
  }

  /**
   * Proposals of a source whose outcome is not final yet, so their state and scores need refreshing:
   * pending or active ones, and closed ones whose scores the source may still recompute.
   */
  async openProposals(source: GovernanceProposal['source'], spaces: string[]): Promise<GovernanceProposal[]> {
    if (spaces.length === 0) return [];
    const rows = await this.db.getRepository(ProposalEntity).findBy([
      { source, space: In(spaces), state: In(['pending', 'active']) },
      { source, space: In(spaces), scoresFinal: false },
    ]);
    return rows.map((row) => row.proposal);
  }

  /** Every vote of a proposal in the order it was cast. */
  async votes(proposalKey: string): Promise<StoredVote[]> {
    const rows = await this.db.getRepository(VoteEntity).find({ where: { proposalKey }, order: { createdAt: 'ASC', voteId: 'ASC' } });
    return rows.map((row) => ({ ...row, votingPower: Number(row.votingPower) }));
  }

  private async writeCursor(manager: EntityManager, update: CursorUpdate): Promise<void> {
    await manager.getRepository(SourceCursorEntity).upsert({ ...update, updatedAt: new Date() }, { conflictPaths: ['source', 'scope'] });
  }
}

import type { ChainLog } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { CheckpointEntity } from './checkpoint.entity';
import { RecentBlockEntity } from './recent-block.entity';

export interface BlockRef {
  number: bigint;
  hash: string;
}

export interface RecentBlock extends BlockRef {
  parentHash: string;
  confirmed: boolean;
  logs: ChainLog[];
}

/**
 * Ingestion state per chain: the checkpoint (last block fully published) and the unfinalized window.
 * Each change is one transaction, so the checkpoint and the window never disagree.
 */
@Injectable()
export class ChainStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async tip(chainId: number): Promise<BlockRef | undefined> {
    const row = await this.db.getRepository(CheckpointEntity).findOneBy({ chainId });
    return row ? { number: BigInt(row.blockNumber), hash: row.blockHash } : undefined;
  }

  /** Moves the checkpoint over finalized blocks (no window rows: they can no longer reorg). */
  async advanceFinalized(chainId: number, block: BlockRef): Promise<void> {
    await this.saveCheckpoint(this.db, chainId, block);
  }

  /** Records an unfinalized block and its published logs, and makes it the checkpoint. */
  async recordBlock(chainId: number, block: RecentBlock): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.getRepository(RecentBlockEntity).upsert(
        {
          chainId,
          blockNumber: block.number.toString(),
          blockHash: block.hash,
          parentHash: block.parentHash,
          confirmed: block.confirmed,
          logs: block.logs,
        },
        { conflictPaths: ['chainId', 'blockNumber'] },
      );
      await this.saveCheckpoint(tx, chainId, block);
    });
  }

  /** Window blocks, newest first. */
  async recentBlocks(chainId: number): Promise<RecentBlock[]> {
    const rows = await this.db.getRepository(RecentBlockEntity).find({ where: { chainId }, order: { blockNumber: 'DESC' } });
    return rows.map(toRecentBlock);
  }

  async markConfirmed(chainId: number, blockNumber: bigint): Promise<void> {
    await this.db.getRepository(RecentBlockEntity).update({ chainId, blockNumber: blockNumber.toString() }, { confirmed: true });
  }

  /** Drops the window above `ancestor` and moves the checkpoint back to it (or clears it). */
  async rewindTo(chainId: number, ancestor: BlockRef | undefined): Promise<void> {
    await this.db.transaction(async (tx) => {
      const window = tx.getRepository(RecentBlockEntity);
      if (ancestor) {
        await window.delete({ chainId, blockNumber: MoreThan(ancestor.number.toString()) });
        await this.saveCheckpoint(tx, chainId, ancestor);
      } else {
        await window.delete({ chainId });
        await tx.getRepository(CheckpointEntity).delete({ chainId });
      }
    });
  }

  /** Forgets window blocks below `belowNumber` (final now) — never the checkpoint. */
  async prune(chainId: number, belowNumber: bigint): Promise<void> {
    await this.db.getRepository(RecentBlockEntity).delete({ chainId, blockNumber: LessThan(belowNumber.toString()) });
  }

  private async saveCheckpoint(db: Pick<DataSource, 'getRepository'>, chainId: number, block: BlockRef): Promise<void> {
    await db
      .getRepository(CheckpointEntity)
      .upsert({ chainId, blockNumber: block.number.toString(), blockHash: block.hash, updatedAt: new Date() }, { conflictPaths: ['chainId'] });
  }
}

function toRecentBlock(row: RecentBlockEntity): RecentBlock {
  return { number: BigInt(row.blockNumber), hash: row.blockHash, parentHash: row.parentHash, confirmed: row.confirmed, logs: row.logs };
}

import type { DexSwap, MevDetection } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** The swaps of recent blocks, the detections published from them and the last token prices. */
@Injectable()
export class MevRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /**
   * Runs `work` in a transaction holding the block's lock, so two messages of one block (from two partitions or two
   * replicas) re-run its detection one after the other.
   */
  async inBlock<T>(chainId: number, blockHash: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${chainId}:${blockHash}`]);
      return work(tx);
    });
  }

  /** Stores a swap's latest word on its branch; a retraction stands (a late `confirmed` never revives it). */
  async saveSwap(tx: EntityManager, swap: DexSwap): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.schema}.swaps (swap_id, block_hash, chain_id, block_number, retracted, swap) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (swap_id, block_hash) DO UPDATE SET retracted = swaps.retracted OR excluded.retracted, swap = excluded.swap`,
      [swap.swapId, swap.blockHash, swap.chainId, swap.blockNumber, swap.status === 'retracted', JSON.stringify(swap)],
    );
  }

  /** The block's swaps that still stand. */
  async standingSwaps(tx: EntityManager, chainId: number, blockHash: string): Promise<DexSwap[]> {
    const rows = (await tx.query(`SELECT swap FROM ${this.schema}.swaps WHERE chain_id = $1 AND block_hash = $2 AND NOT retracted`, [chainId, blockHash])) as { swap: DexSwap }[];
    return rows.map((row) => row.swap);
  }

  async detections(tx: EntityManager, chainId: number, blockHash: string): Promise<MevDetection[]> {
    const rows = (await tx.query(`SELECT detection FROM ${this.schema}.mev_detections WHERE chain_id = $1 AND block_hash = $2`, [chainId, blockHash])) as { detection: MevDetection }[];
    return rows.map((row) => row.detection);
  }

  async saveDetection(tx: EntityManager, detection: MevDetection): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.schema}.mev_detections (detection_id, chain_id, block_hash, status, detection) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (detection_id) DO UPDATE SET status = excluded.status, detection = excluded.detection`,
      [detection.detectionId, detection.chainId, detection.blockHash, detection.status, JSON.stringify(detection)],
    );
  }

  async savePrice(chainId: number, token: string, priceUsd: number, at: string): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.token_prices (chain_id, token, price_usd, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chain_id, token) DO UPDATE SET price_usd = excluded.price_usd, at = excluded.at WHERE token_prices.at <= excluded.at`,
      [chainId, token, priceUsd, at],
    );
  }

  async price(tx: EntityManager, chainId: number, token: string): Promise<number | undefined> {
    const rows = (await tx.query(`SELECT price_usd FROM ${this.schema}.token_prices WHERE chain_id = $1 AND token = $2`, [chainId, token])) as { price_usd: number }[];
    return rows[0]?.price_usd;
  }
}

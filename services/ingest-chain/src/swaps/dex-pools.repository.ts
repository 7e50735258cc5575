import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { quotedSchema } from '@pum/platform';
import { DataSource } from 'typeorm';

/** A pool's tokens and their decimals (null when a token does not answer `decimals()`). */
export interface DexPool {
  token0: `0x${string}`;
  token1: `0x${string}`;
  decimals0: number | null;
  decimals1: number | null;
}

/** The pools whose tokens were read, and the senders of swap transactions. */
@Injectable()
export class DexPoolsRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  async pool(chainId: number, pool: string): Promise<DexPool | undefined> {
    const rows = (await this.db.query(`SELECT token0, token1, decimals0, decimals1 FROM ${this.schema}.dex_pools WHERE chain_id = $1 AND pool = $2`, [chainId, pool])) as DexPool[];
    return rows[0];
  }

  async savePool(chainId: number, pool: string, tokens: DexPool): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.dex_pools (chain_id, pool, token0, token1, decimals0, decimals1) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (chain_id, pool) DO NOTHING`,
      [chainId, pool, tokens.token0, tokens.token1, tokens.decimals0, tokens.decimals1],
    );
  }

  async txFrom(chainId: number, txHash: string): Promise<`0x${string}` | undefined> {
    const rows = (await this.db.query(`SELECT tx_from FROM ${this.schema}.swap_transactions WHERE chain_id = $1 AND tx_hash = $2`, [chainId, txHash])) as { tx_from: `0x${string}` }[];
    return rows[0]?.tx_from;
  }

  async saveTxFrom(chainId: number, txHash: string, from: string, blockNumber: string): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.swap_transactions (chain_id, tx_hash, tx_from, block_number) VALUES ($1, $2, $3, $4) ON CONFLICT (chain_id, tx_hash) DO NOTHING`,
      [chainId, txHash, from, blockNumber],
    );
  }
}

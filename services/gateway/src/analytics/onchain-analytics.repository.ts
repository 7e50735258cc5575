import type { MessageOf, MevDetection, SmartMoneyRanking, SmartMoneyWallet } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PagePosition } from '../http/page-cursor';

export interface MevFilter {
  chainId?: number;
  fromBlock?: number;
  toBlock?: number;
  type?: MevDetection['type'];
  attacker?: string;
  pool?: string;
  /** Exclusive upper bound of the (occurredAt, detectionId) ordering: the page cursor. */
  before?: PagePosition;
  limit: number;
}

export interface RankingFilter {
  chainId?: number;
  scope?: SmartMoneyRanking['scope'];
  subject?: string;
  before?: PagePosition;
  limit: number;
}

export interface MevRow {
  occurredAt: Date;
  payload: MevDetection;
}

export interface RankingRow {
  asOf: Date;
  payload: SmartMoneyRanking;
}

export interface WalletRow {
  rankingId: string;
  chainId: number;
  scope: SmartMoneyRanking['scope'];
  subject: string;
  asOf: Date;
  wallet: SmartMoneyWallet;
}

/** SQL of the DEX analytics read models: MEV detections and smart-money rankings. */
@Injectable()
export class OnchainAnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get schema(): string {
    return quotedSchema(this.dataSource);
  }

  /**
   * Stores a detection's latest word: a new or grown detection, or its withdrawal. A withdrawn detection stays
   * withdrawn; a replay changes nothing. True when the read model changed.
   */
  async applyDetection(message: MessageOf<'analytics.mev.v1'>): Promise<boolean> {
    const d = message.payload;
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.schema}.mev_detections AS d (detection_id, chain_id, block_number, type, attacker, pools, status, occurred_at, payload, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (detection_id) DO UPDATE SET
         block_number = EXCLUDED.block_number, type = EXCLUDED.type, attacker = EXCLUDED.attacker, pools = EXCLUDED.pools,
         status = EXCLUDED.status, payload = EXCLUDED.payload, message_id = EXCLUDED.message_id
       WHERE d.status <> 'withdrawn' AND d.message_id <> EXCLUDED.message_id
       RETURNING detection_id`,
      [d.detectionId, d.chainId, d.blockNumber, d.type, d.attacker, d.pools, d.status, new Date(message.occurredAt), d, message.id],
    );
    return rows.length > 0;
  }

  /**
   * Makes a ranking its id's latest unless one of a later block, or as late and produced later, is stored; replaces
   * the ranking's wallet rows with it. True when stored.
   */
  async applyRanking(message: MessageOf<'analytics.smart-money.v1'>): Promise<boolean> {
    const r = message.payload;
    return this.dataSource.transaction(async (tx) => {
      const stored: unknown[] = await tx.query(
        `INSERT INTO ${this.schema}.smart_money_rankings AS r (ranking_id, chain_id, scope, subject, as_of_block, as_of, produced_at, payload, message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (ranking_id) DO UPDATE SET
           as_of_block = EXCLUDED.as_of_block, as_of = EXCLUDED.as_of, produced_at = EXCLUDED.produced_at, payload = EXCLUDED.payload, message_id = EXCLUDED.message_id
         WHERE (r.as_of_block, r.produced_at) < (EXCLUDED.as_of_block, EXCLUDED.produced_at) AND r.message_id <> EXCLUDED.message_id
         RETURNING ranking_id`,
        [r.rankingId, r.chainId, r.scope, r.subject, r.asOfBlock, new Date(r.asOf), new Date(message.producedAt), r, message.id],
      );
      if (stored.length === 0) return false;
      await tx.query(`DELETE FROM ${this.schema}.smart_money_wallets WHERE ranking_id = $1`, [r.rankingId]);
      await tx.query(
        `INSERT INTO ${this.schema}.smart_money_wallets (ranking_id, address, chain_id, scope, subject, rank, label, as_of, wallet)
         SELECT $1, w->>'address', $2, $3, $4, (w->>'rank')::int, w->>'label', $5, w FROM jsonb_array_elements($6::jsonb) w`,
        [r.rankingId, r.chainId, r.scope, r.subject, new Date(r.asOf), JSON.stringify(r.wallets)],
      );
      return true;
    });
  }

  /** Standing detections, newest first (`limit + 1` rows: the extra one says a next page exists). */
  async detections(filter: MevFilter): Promise<MevRow[]> {
    const where = [`status = 'detected'`];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.chainId !== undefined) add((p) => `chain_id = ${p}`, filter.chainId);
    if (filter.fromBlock !== undefined) add((p) => `block_number >= ${p}`, filter.fromBlock);
    if (filter.toBlock !== undefined) add((p) => `block_number <= ${p}`, filter.toBlock);
    if (filter.type !== undefined) add((p) => `type = ${p}`, filter.type);
    if (filter.attacker !== undefined) add((p) => `attacker = ${p}`, filter.attacker);
    if (filter.pool !== undefined) add((p) => `${p} = ANY(pools)`, filter.pool);
    if (filter.before) {
      params.push(filter.before.at, filter.before.key);
      where.push(`(occurred_at, detection_id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit + 1);
    const rows: { occurred_at: Date; payload: MevDetection }[] = await this.dataSource.query(
      `SELECT occurred_at, payload FROM ${this.schema}.mev_detections WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, detection_id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({ occurredAt: row.occurred_at, payload: row.payload }));
  }

  /** Rankings, most recent first (`limit + 1` rows). */
  async rankings(filter: RankingFilter): Promise<RankingRow[]> {
    const where = ['true'];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.chainId !== undefined) add((p) => `chain_id = ${p}`, filter.chainId);
    if (filter.scope !== undefined) add((p) => `scope = ${p}`, filter.scope);
    if (filter.subject !== undefined) add((p) => `subject = ${p}`, filter.subject);
    if (filter.before) {
      params.push(filter.before.at, filter.before.key);
      where.push(`(as_of, ranking_id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit + 1);
    const rows: { as_of: Date; payload: SmartMoneyRanking }[] = await this.dataSource.query(
      `SELECT as_of, payload FROM ${this.schema}.smart_money_rankings WHERE ${where.join(' AND ')} ORDER BY as_of DESC, ranking_id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({ asOf: row.as_of, payload: row.payload }));
  }

  /** Every ranking a wallet appears in, most recent first. */
  async walletRows(address: string): Promise<WalletRow[]> {
    const rows: { ranking_id: string; chain_id: number; scope: SmartMoneyRanking['scope']; subject: string; as_of: Date; wallet: SmartMoneyWallet }[] = await this.dataSource.query(
      `SELECT ranking_id, chain_id, scope, subject, as_of, wallet FROM ${this.schema}.smart_money_wallets WHERE address = $1 ORDER BY as_of DESC, ranking_id`,
      [address],
    );
    return rows.map((row) => ({ rankingId: row.ranking_id, chainId: row.chain_id, scope: row.scope, subject: row.subject, asOf: row.as_of, wallet: row.wallet }));
  }
}

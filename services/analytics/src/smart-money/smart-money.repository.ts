import type { DexSwap } from '@pum/contracts';
import { tradeValueUsd, type OpenBuy, type PricedSwap, type WalletState } from '@pum/dex-analytics';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export type RankingScope = 'token' | 'protocol';

/** A ranking due for publishing, at the version it had when read. */
export interface DueRanking {
  chainId: number;
  scope: RankingScope;
  subject: string;
  version: string;
}

/** A stored swap of a ranking's subject, as its recent moves show it. */
export interface StoredMove {
  wallet: string;
  swap: DexSwap;
  valueUsd: number | null;
}

/** The smart-money state of the analytics service: applied swaps, wallet books, lead windows, rankings due. */
@Injectable()
export class SmartMoneyRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /** Runs `work` in a transaction holding the wallet's lock: one wallet's swaps and lead outcomes apply one at a time. */
  async inWallet<T>(chainId: number, wallet: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sm-wallet:${chainId}:${wallet}`]);
      return work(tx);
    });
  }

  /** Takes the wallet's lock inside a transaction already running (a tick deciding the wallet's buys). */
  async inWalletOf(tx: EntityManager, chainId: number, wallet: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sm-wallet:${chainId}:${wallet}`]);
  }

  /** Runs `work` in a transaction holding a token's price lock, so two ticks of one token never decide a buy twice. */
  async inToken<T>(chainId: number, token: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sm-token:${chainId}:${token}`]);
      return work(tx);
    });
  }

  /**
   * Records a confirmed swap as applied to its wallet; false when it already was (on this branch, or on another one
   * that still stands) — the caller then changes nothing. Call under the wallet's lock.
   */
  async recordSwap(tx: EntityManager, swap: DexSwap, wallet: string, priced: PricedSwap): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO ${this.schema}.sm_swaps (swap_id, block_hash, chain_id, wallet, block_number, transaction_index, log_index, at, token_in, token_out, protocol_id, priced, swap)
       SELECT $1, $2, $3, $4, $5, $6, $7, to_timestamp($8), $9, $10, $11, $12, $13
       WHERE NOT EXISTS (SELECT 1 FROM ${this.schema}.sm_swaps WHERE swap_id = $1 AND NOT retracted)
       ON CONFLICT (swap_id, block_hash) DO NOTHING
       RETURNING swap_id`,
      [
        swap.swapId,
        swap.blockHash,
        swap.chainId,
        wallet,
        swap.blockNumber,
        swap.transactionIndex,
        swap.logIndex,
        swap.blockTimestamp,
        swap.tokenIn,
        swap.tokenOut,
        swap.protocolId,
        JSON.stringify(priced),
        JSON.stringify(swap),
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The wallet an applied swap of this branch belongs to; null when it was never applied. */
  async walletOf(chainId: number, swapId: string, blockHash: string): Promise<string | null> {
    const rows = (await this.db.query(`SELECT wallet FROM ${this.schema}.sm_swaps WHERE chain_id = $1 AND swap_id = $2 AND block_hash = $3`, [chainId, swapId, blockHash])) as { wallet: string }[];
    return rows[0]?.wallet ?? null;
  }

  /** Marks an applied swap retracted, and drops its buy's lead window; false when there was nothing standing to retract. */
  async retractSwap(tx: EntityManager, swapId: string, blockHash: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, retracted] = (await tx.query(`UPDATE ${this.schema}.sm_swaps SET retracted = true WHERE swap_id = $1 AND block_hash = $2 AND NOT retracted`, [swapId, blockHash])) as [unknown[], number];
    await tx.query(`DELETE FROM ${this.schema}.sm_buys WHERE swap_id = $1 AND block_hash = $2`, [swapId, blockHash]);
    return retracted > 0;
  }

  /** The wallet's standing swaps as they were applied, in chain order (for a rebuild after a retraction). */
  async standingSwaps(tx: EntityManager, chainId: number, wallet: string): Promise<PricedSwap[]> {
    const rows = (await tx.query(
      `SELECT priced FROM ${this.schema}.sm_swaps WHERE chain_id = $1 AND wallet = $2 AND NOT retracted ORDER BY block_number, transaction_index, log_index`,
      [chainId, wallet],
    )) as { priced: PricedSwap }[];
    return rows.map((row) => row.priced);
  }

  /** The decided lead windows of the wallet's standing buys. */
  async decidedBuys(tx: EntityManager, chainId: number, wallet: string): Promise<{ buy: OpenBuy; outcome: 'ahead' | 'missed' }[]> {
    return (await tx.query(`SELECT buy, outcome FROM ${this.schema}.sm_buys WHERE chain_id = $1 AND wallet = $2 AND outcome IS NOT NULL`, [chainId, wallet])) as {
      buy: OpenBuy;
      outcome: 'ahead' | 'missed';
    }[];
  }

  async walletState(tx: EntityManager, chainId: number, wallet: string): Promise<WalletState | null> {
    const rows = (await tx.query(`SELECT state FROM ${this.schema}.sm_wallets WHERE chain_id = $1 AND wallet = $2`, [chainId, wallet])) as { state: WalletState }[];
    return rows[0]?.state ?? null;
  }

  async saveWallet(tx: EntityManager, chainId: number, state: WalletState): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.schema}.sm_wallets (chain_id, wallet, state) VALUES ($1, $2, $3) ON CONFLICT (chain_id, wallet) DO UPDATE SET state = excluded.state`,
      [chainId, state.wallet, JSON.stringify(state)],
    );
  }

  async saveBuy(tx: EntityManager, chainId: number, blockHash: string, buy: OpenBuy): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.schema}.sm_buys (swap_id, block_hash, chain_id, wallet, token, buy) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [buy.swapId, blockHash, chainId, buy.wallet, buy.token, JSON.stringify(buy)],
    );
  }

  /** Open buys of a token bought before `at` (unix seconds), by wallet: a tick takes wallet locks in one order, so two ticks never deadlock. */
  async openBuys(tx: EntityManager, chainId: number, token: string, at: number): Promise<{ blockHash: string; buy: OpenBuy }[]> {
    const rows = (await tx.query(`SELECT block_hash, buy FROM ${this.schema}.sm_buys WHERE chain_id = $1 AND token = $2 AND outcome IS NULL AND (buy->>'at')::bigint < $3 ORDER BY wallet, swap_id`, [
      chainId,
      token,
      at,
    ])) as { block_hash: string; buy: OpenBuy }[];
    return rows.map((row) => ({ blockHash: row.block_hash, buy: row.buy }));
  }

  /** Decides an open buy; false when it was decided already (or retracted meanwhile). */
  async decideBuy(tx: EntityManager, swapId: string, blockHash: string, outcome: 'ahead' | 'missed'): Promise<boolean> {
    const [, decided] = (await tx.query(`UPDATE ${this.schema}.sm_buys SET outcome = $3 WHERE swap_id = $1 AND block_hash = $2 AND outcome IS NULL`, [swapId, blockHash, outcome])) as [unknown[], number];
    return decided > 0;
  }

  /** Notes the wallet active in each subject at the swap's block, and makes each subject's ranking due (three statements). */
  async touchScopes(tx: EntityManager, chainId: number, scopes: { scope: RankingScope; subject: string }[], wallet: string, blockNumber: string, at: number): Promise<void> {
    const kinds = scopes.map((s) => s.scope);
    const subjects = scopes.map((s) => s.subject);
    await tx.query(
      `INSERT INTO ${this.schema}.sm_scope_wallets (chain_id, scope, subject, wallet, last_at)
       SELECT $1, k, s, $4, to_timestamp($5) FROM unnest($2::text[], $3::text[]) AS t(k, s)
       ON CONFLICT (chain_id, scope, subject, wallet) DO UPDATE SET last_at = GREATEST(sm_scope_wallets.last_at, excluded.last_at)`,
      [chainId, kinds, subjects, wallet, at],
    );
    await tx.query(
      `INSERT INTO ${this.schema}.sm_scope_heads (chain_id, scope, subject, block_number, at)
       SELECT $1, k, s, $4, to_timestamp($5) FROM unnest($2::text[], $3::text[]) AS t(k, s)
       ON CONFLICT (chain_id, scope, subject) DO UPDATE SET block_number = excluded.block_number, at = excluded.at WHERE sm_scope_heads.block_number < excluded.block_number`,
      [chainId, kinds, subjects, blockNumber, at],
    );
    await this.markDue(tx, chainId, scopes);
  }

  /** Makes the subjects' rankings due; a subject no confirmed swap touched yet has no ranking and is left alone. */
  async markDue(tx: EntityManager, chainId: number, scopes: { scope: RankingScope; subject: string }[]): Promise<void> {
    if (scopes.length === 0) return;
    await tx.query(
      `INSERT INTO ${this.schema}.sm_due_rankings (chain_id, scope, subject, version)
       SELECT $1, h.scope, h.subject, 1 FROM ${this.schema}.sm_scope_heads h JOIN unnest($2::text[], $3::text[]) AS t(k, s) ON h.scope = t.k AND h.subject = t.s
       WHERE h.chain_id = $1
       ON CONFLICT (chain_id, scope, subject) DO UPDATE SET version = sm_due_rankings.version + 1`,
      [chainId, scopes.map((s) => s.scope), scopes.map((s) => s.subject)],
    );
  }

  /** The subjects a wallet is active in (its rankings change when the wallet does). */
  async scopesOf(tx: EntityManager, chainId: number, wallet: string): Promise<{ scope: RankingScope; subject: string }[]> {
    return (await tx.query(`SELECT scope, subject FROM ${this.schema}.sm_scope_wallets WHERE chain_id = $1 AND wallet = $2`, [chainId, wallet])) as { scope: RankingScope; subject: string }[];
  }

  /**
   * Runs `work` in a transaction only when no other replica is publishing (a transaction-level try-lock); null when
   * one is.
   */
  async asPublisher<T>(work: (tx: EntityManager) => Promise<T>): Promise<T | null> {
    return this.db.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext('sm-publisher')) AS locked`)) as { locked: boolean }[];
      return row?.locked ? work(tx) : null;
    });
  }

  async due(tx: EntityManager, limit: number): Promise<DueRanking[]> {
    const rows = (await tx.query(`SELECT chain_id, scope, subject, version FROM ${this.schema}.sm_due_rankings ORDER BY chain_id, scope, subject LIMIT $1`, [limit])) as {
      chain_id: number;
      scope: RankingScope;
      subject: string;
      version: string;
    }[];
    return rows.map((row) => ({ chainId: row.chain_id, scope: row.scope, subject: row.subject, version: String(row.version) }));
  }

  /** Drops a ranking from the due list unless it changed since it was read. */
  async published(tx: EntityManager, due: DueRanking): Promise<void> {
    await tx.query(`DELETE FROM ${this.schema}.sm_due_rankings WHERE chain_id = $1 AND scope = $2 AND subject = $3 AND version = $4`, [due.chainId, due.scope, due.subject, due.version]);
  }

  async head(tx: EntityManager, due: DueRanking): Promise<{ blockNumber: string; at: Date } | null> {
    const rows = (await tx.query(`SELECT block_number, at FROM ${this.schema}.sm_scope_heads WHERE chain_id = $1 AND scope = $2 AND subject = $3`, [due.chainId, due.scope, due.subject])) as {
      block_number: string;
      at: Date;
    }[];
    return rows[0] ? { blockNumber: String(rows[0].block_number), at: rows[0].at } : null;
  }

  /** The states of the subject's most recently active wallets (at most `limit`). */
  async scopeWallets(tx: EntityManager, due: DueRanking, limit: number): Promise<WalletState[]> {
    const rows = (await tx.query(
      `SELECT w.state FROM ${this.schema}.sm_scope_wallets s JOIN ${this.schema}.sm_wallets w ON w.chain_id = s.chain_id AND w.wallet = s.wallet
       WHERE s.chain_id = $1 AND s.scope = $2 AND s.subject = $3 ORDER BY s.last_at DESC LIMIT $4`,
      [due.chainId, due.scope, due.subject, limit],
    )) as { state: WalletState }[];
    return rows.map((row) => row.state);
  }

  /** The latest USD price of each token of the chain (`market.ticks.v1`, kept by the MEV side's table). */
  async prices(tx: EntityManager, chainId: number): Promise<Map<string, number>> {
    const rows = (await tx.query(`SELECT token, price_usd FROM ${this.schema}.token_prices WHERE chain_id = $1`, [chainId])) as { token: string; price_usd: number }[];
    return new Map(rows.map((row) => [row.token, Number(row.price_usd)]));
  }

  /** The latest USD price of each of `tokens` that has one. */
  async latestPrices(chainId: number, tokens: string[]): Promise<Map<string, number>> {
    const rows = (await this.db.query(`SELECT token, price_usd FROM ${this.schema}.token_prices WHERE chain_id = $1 AND token = ANY($2)`, [chainId, tokens])) as { token: string; price_usd: number }[];
    return new Map(rows.map((row) => [row.token, Number(row.price_usd)]));
  }

  /**
   * Which of `wallets` are MEV actors: the attacker of a standing detection (`analytics.mev.v1`, status detected), or the
   * sender of one of its own transactions (front-run, back-run, the arbitrage) — never a victim's.
   */
  async mevActors(tx: EntityManager, chainId: number, wallets: string[]): Promise<Set<string>> {
    if (wallets.length === 0) return new Set();
    const rows = (await tx.query(
      `SELECT DISTINCT actor FROM (
         SELECT d.detection->>'attacker' AS actor FROM ${this.schema}.mev_detections d WHERE d.chain_id = $1 AND d.status = 'detected'
         UNION
         SELECT s.swap->>'txFrom' FROM ${this.schema}.mev_detections d
           JOIN ${this.schema}.swaps s ON s.block_hash = d.block_hash AND s.swap->>'transactionHash' IN (SELECT jsonb_array_elements_text(d.detection->'transactions'))
           WHERE d.chain_id = $1 AND d.status = 'detected'
       ) a WHERE actor = ANY($2)`,
      [chainId, wallets],
    )) as { actor: string }[];
    return new Set(rows.map((row) => row.actor));
  }

  /** Each wallet's latest standing swaps in the subject, newest first (at most `perWallet`). */
  async recentMoves(tx: EntityManager, due: DueRanking, wallets: string[], perWallet: number): Promise<StoredMove[]> {
    if (wallets.length === 0) return [];
    const inSubject = due.scope === 'token' ? '(token_in = $3 OR token_out = $3)' : 'protocol_id = $3';
    const rows = (await tx.query(
      `SELECT wallet, swap, priced FROM (
         SELECT wallet, swap, priced, row_number() OVER (PARTITION BY wallet ORDER BY block_number DESC, transaction_index DESC, log_index DESC) AS n
         FROM ${this.schema}.sm_swaps WHERE chain_id = $1 AND wallet = ANY($2) AND ${inSubject} AND NOT retracted
       ) r WHERE n <= $4 ORDER BY wallet, n`,
      [due.chainId, wallets, due.subject, perWallet],
    )) as { wallet: string; swap: DexSwap; priced: PricedSwap }[];
    return rows.map((row) => ({ wallet: row.wallet, swap: row.swap, valueUsd: tradeValueUsd(row.priced) ?? null }));
  }

  /** Each wallet's latest standing swap anywhere on the chain. */
  async lastSwaps(tx: EntityManager, chainId: number, wallets: string[]): Promise<Map<string, DexSwap>> {
    if (wallets.length === 0) return new Map();
    const rows = (await tx.query(
      `SELECT DISTINCT ON (wallet) wallet, swap FROM ${this.schema}.sm_swaps WHERE chain_id = $1 AND wallet = ANY($2) AND NOT retracted
       ORDER BY wallet, block_number DESC, transaction_index DESC, log_index DESC`,
      [chainId, wallets],
    )) as { wallet: string; swap: DexSwap }[];
    return new Map(rows.map((row) => [row.wallet, row.swap]));
  }
}

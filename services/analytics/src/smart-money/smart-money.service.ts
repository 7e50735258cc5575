import {
  TOPICS,
  smartMoneyMessageId,
  smartMoneyRankingId,
  type DexSwap,
  type MessageOf,
  type SmartMoneyMove,
  type SmartMoneyRanking,
  type SmartMoneyWallet,
} from '@pum/contracts';
import { DEFAULT_LEAD_RULE, applySwap, emptyWallet, leadOutcome, recordLead, walletStats, type PricedSwap, type WalletStats } from '@pum/dex-analytics';
import { EventPublisher } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AnalyticsMetrics } from '../analytics-metrics';
import { SMART_MONEY_SETTINGS, type SmartMoneySettings } from './smart-money-settings';
import { SmartMoneyRepository, type DueRanking, type RankingScope, type StoredMove } from './smart-money.repository';

const ASSET_ID = /^([1-9][0-9]*):(0x[0-9a-f]{40})$/;
/** Wallets read per ranking: the subject's most recently active ones. */
const CANDIDATES = 1_000;
const LABELLED_SHOWN = 10;
const RECENT_MOVES = 5;

/**
 * Smart money (docs/analytics.md): each confirmed swap updates its wallet's book once — the swap's row, written in the
 * same transaction as the wallet, is what makes a replay (a restart before the offset commit, a second delivery) change
 * nothing; a retraction rebuilds the wallet from its standing swaps. Price ticks decide the lead window of open buys.
 * Changed subjects are marked due; `publishDue` (throttled by the publisher) ranks and publishes them.
 */
@Injectable()
export class SmartMoneyService {
  constructor(
    private readonly repository: SmartMoneyRepository,
    private readonly publisher: EventPublisher,
    private readonly metrics: AnalyticsMetrics,
    @Inject(SMART_MONEY_SETTINGS) private readonly settings: SmartMoneySettings,
  ) {}

  async onSwap(message: MessageOf<'dex.swaps.v1'>): Promise<void> {
    const swap = message.payload;
    switch (swap.status) {
      case 'pending':
        return; // scored at depth only: a pending swap may still leave the chain
      case 'confirmed':
        return this.apply(swap);
      case 'retracted':
        return this.retract(swap);
    }
  }

  /** Decides the lead window of the open buys of a priced chain token (`chainId:address` asset ticks). */
  async onTick(message: MessageOf<'market.ticks.v1'>): Promise<void> {
    const tick = message.payload;
    const asset = tick.subject.type === 'asset' && tick.metric === 'price' ? ASSET_ID.exec(tick.subject.id.toLowerCase()) : null;
    if (!asset) return;
    const chainId = Number(asset[1]);
    const token = asset[2] as string;
    const at = Math.floor(Date.parse(tick.timestamp) / 1000);
    await this.repository.inToken(chainId, token, async (tx) => {
      // The token's ranking changes with its price (unrealised PnL), and every wallet's with a decided lead window.
      const scopes: { scope: RankingScope; subject: string }[] = [{ scope: 'token', subject: token }];
      for (const { blockHash, buy } of await this.repository.openBuys(tx, chainId, token, at)) {
        const outcome = leadOutcome(buy, tick.value, at, DEFAULT_LEAD_RULE);
        if (outcome === 'open') continue;
        if (!(await this.repository.decideBuy(tx, buy.swapId, blockHash, outcome))) continue;
        await this.repository.inWalletOf(tx, chainId, buy.wallet);
        const state = (await this.repository.walletState(tx, chainId, buy.wallet)) ?? emptyWallet(buy.wallet);
        recordLead(state, buy, outcome);
        await this.repository.saveWallet(tx, chainId, state);
        scopes.push(...(await this.repository.scopesOf(tx, chainId, buy.wallet)));
        this.metrics.walletUpdates.inc({ kind: 'lead' });
      }
      await this.repository.markDue(tx, chainId, dedupe(scopes));
    });
  }

  /**
   * Ranks and publishes every due subject (at most `batch`), then drops each from the due list unless it changed
   * meanwhile. One replica at a time; returns how many due subjects it handled (null: another replica is publishing).
   */
  async publishDue(batch = 100): Promise<number | null> {
    return this.repository.asPublisher(async (tx) => {
      const due = await this.repository.due(tx, batch);
      const rankings: SmartMoneyRanking[] = [];
      for (const item of due) {
        const ranking = await this.rank(tx, item);
        if (ranking) rankings.push(ranking);
      }
      if (rankings.length > 0) {
        await this.publisher.publish(
          TOPICS.smartMoney,
          rankings.map((payload) => ({ key: payload.rankingId, id: smartMoneyMessageId(payload), occurredAt: payload.asOf, payload })),
        );
      }
      for (const item of due) await this.repository.published(tx, item);
      this.metrics.rankings.inc(rankings.length);
      return due.length;
    });
  }

  private async apply(swap: DexSwap): Promise<void> {
    const wallet = swap.txFrom;
    if (!wallet) return;
    const priced = await this.priced(swap, wallet);
    await this.repository.inWallet(swap.chainId, wallet, async (tx) => {
      if (!(await this.repository.recordSwap(tx, swap, wallet, priced))) return;
      const state = (await this.repository.walletState(tx, swap.chainId, wallet)) ?? emptyWallet(wallet);
      const open = applySwap(state, priced);
      await this.repository.saveWallet(tx, swap.chainId, state);
      if (open) await this.repository.saveBuy(tx, swap.chainId, swap.blockHash, open);
      await this.repository.touchScopes(tx, swap.chainId, scopesOf(swap), wallet, swap.blockNumber, swap.blockTimestamp);
      this.metrics.walletUpdates.inc({ kind: 'swap' });
    });
  }

  /** A retracted swap leaves its wallet's book: the wallet is rebuilt from its standing swaps and decided buys. */
  private async retract(swap: DexSwap): Promise<void> {
    const wallet = await this.repository.walletOf(swap.chainId, swap.swapId, swap.blockHash);
    if (!wallet) return;
    await this.repository.inWallet(swap.chainId, wallet, async (tx) => {
      if (!(await this.repository.retractSwap(tx, swap.swapId, swap.blockHash))) return;
      const state = emptyWallet(wallet);
      for (const standing of await this.repository.standingSwaps(tx, swap.chainId, wallet)) applySwap(state, standing);
      for (const { buy, outcome } of await this.repository.decidedBuys(tx, swap.chainId, wallet)) recordLead(state, buy, outcome);
      await this.repository.saveWallet(tx, swap.chainId, state);
      await this.repository.markDue(tx, swap.chainId, await this.repository.scopesOf(tx, swap.chainId, wallet));
      this.metrics.walletUpdates.inc({ kind: 'retraction' });
    });
  }

  /** The swap in whole tokens with the last known USD prices of its tokens (none for a token without decimals). */
  private async priced(swap: DexSwap, wallet: string): Promise<PricedSwap> {
    const prices = await this.repository.latestPrices(swap.chainId, [swap.tokenIn, swap.tokenOut]);
    const priceIn = prices.get(swap.tokenIn);
    const priceOut = prices.get(swap.tokenOut);
    const whole = (raw: string, decimals: number | null) => (decimals === null ? 0 : Number(raw) / 10 ** decimals);
    return {
      swapId: swap.swapId,
      wallet,
      tokenIn: swap.tokenIn,
      tokenOut: swap.tokenOut,
      amountIn: whole(swap.amountIn, swap.tokenInDecimals),
      amountOut: whole(swap.amountOut, swap.tokenOutDecimals),
      ...(swap.tokenInDecimals !== null && priceIn !== undefined ? { priceInUsd: priceIn } : {}),
      ...(swap.tokenOutDecimals !== null && priceOut !== undefined ? { priceOutUsd: priceOut } : {}),
      at: swap.blockTimestamp,
      blockNumber: Number(swap.blockNumber),
      transactionHash: swap.transactionHash,
    };
  }

  private async rank(tx: EntityManager, due: DueRanking): Promise<SmartMoneyRanking | null> {
    const head = await this.repository.head(tx, due);
    if (!head) return null;
    const prices = await this.repository.prices(tx, due.chainId);
    const all = (await this.repository.scopeWallets(tx, due, CANDIDATES))
      .filter((state) => state.tradeCount > 0) // a wallet whose every swap was retracted
      .map((state) => walletStats(state, (token) => prices.get(token)));
    const mev = await this.repository.mevActors(
      tx,
      due.chainId,
      all.map((stats) => stats.wallet),
    );
    const labelOf = (stats: WalletStats): SmartMoneyWallet['label'] => (mev.has(stats.wallet) ? 'mev' : stats.bot ? 'bot' : 'trader');
    const traders = all.filter((stats) => labelOf(stats) === 'trader');
    const outputs = this.settings.classifier ? this.settings.classifier.predict(traders) : traders.map(() => null);
    const ranked = traders
      .map((stats, i) => ({ stats, classifierScore: outputs[i] ?? null }))
      .sort((a, b) => (b.classifierScore ?? 0) - (a.classifierScore ?? 0) || b.stats.score - a.stats.score || a.stats.wallet.localeCompare(b.stats.wallet))
      .slice(0, this.settings.top);
    const labelled = all
      .filter((stats) => labelOf(stats) !== 'trader')
      .sort((a, b) => b.volumeUsd - a.volumeUsd || a.wallet.localeCompare(b.wallet))
      .slice(0, LABELLED_SHOWN)
      .map((stats) => ({ stats, classifierScore: null }));
    const shown = [...ranked, ...labelled];
    const wallets = shown.map(({ stats }) => stats.wallet);
    const moves = groupBy(await this.repository.recentMoves(tx, due, wallets, RECENT_MOVES));
    const last = await this.repository.lastSwaps(tx, due.chainId, wallets);
    const base = { scope: due.scope, subject: due.subject, chainId: due.chainId };
    return {
      rankingId: smartMoneyRankingId(base),
      ...base,
      asOfBlock: head.blockNumber,
      asOf: head.at.toISOString(),
      rankedBy: this.settings.classifier ? 'classifier' : 'score',
      wallets: shown.flatMap(({ stats, classifierScore }, i) => {
        const lastSwap = last.get(stats.wallet);
        if (!lastSwap) return [];
        const label = labelOf(stats);
        return [
          {
            address: stats.wallet as `0x${string}`,
            label,
            rank: label === 'trader' ? i + 1 : null,
            score: round(stats.score),
            classifierScore: classifierScore === null ? null : round(classifierScore),
            realisedPnlUsd: round(stats.realisedPnlUsd),
            unrealisedPnlUsd: round(stats.unrealisedPnlUsd),
            winRate: stats.winRate === null ? null : round(stats.winRate),
            tradeCount: stats.tradeCount,
            volumeUsd: round(stats.volumeUsd),
            averageTradeUsd: round(stats.averageTradeUsd),
            buysEvaluated: stats.buysEvaluated,
            buysAhead: stats.buysAhead,
            aheadRate: stats.aheadRate === null ? null : round(stats.aheadRate),
            aheadVolumeUsd: round(stats.aheadVolumeUsd),
            lastSwapAt: new Date(lastSwap.blockTimestamp * 1000).toISOString(),
            lastTransaction: lastSwap.transactionHash,
            recentMoves: (moves.get(stats.wallet) ?? []).map((move) => moveOf(move, due)),
          },
        ];
      }),
    };
  }
}

/** A token ranking for each side of the swap, and the registry protocol's when the pool has one. */
function scopesOf(swap: DexSwap): { scope: RankingScope; subject: string }[] {
  const scopes: { scope: RankingScope; subject: string }[] = [
    { scope: 'token', subject: swap.tokenIn },
    { scope: 'token', subject: swap.tokenOut },
  ];
  if (swap.protocolId) scopes.push({ scope: 'protocol', subject: swap.protocolId });
  return scopes;
}

function moveOf(move: StoredMove, due: DueRanking): SmartMoneyMove {
  const swap = move.swap;
  return {
    swapId: swap.swapId,
    transactionHash: swap.transactionHash,
    blockNumber: swap.blockNumber,
    at: new Date(swap.blockTimestamp * 1000).toISOString(),
    side: due.scope === 'token' && swap.tokenIn === due.subject ? 'sell' : 'buy',
    tokenIn: swap.tokenIn,
    tokenOut: swap.tokenOut,
    amountIn: swap.amountIn,
    amountOut: swap.amountOut,
    valueUsd: move.valueUsd === null ? null : round(move.valueUsd),
  };
}

function groupBy(moves: StoredMove[]): Map<string, StoredMove[]> {
  const grouped = new Map<string, StoredMove[]>();
  for (const move of moves) grouped.set(move.wallet, [...(grouped.get(move.wallet) ?? []), move]);
  return grouped;
}

function dedupe(scopes: { scope: RankingScope; subject: string }[]): { scope: RankingScope; subject: string }[] {
  return [...new Map(scopes.map((scope) => [`${scope.scope}:${scope.subject}`, scope])).values()];
}

/** Six significant decimals: the same state always prints the same ranking (so the same message id). */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

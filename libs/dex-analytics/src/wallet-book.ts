/** One swap of a wallet, with the USD prices known at its time (undefined when not). */
export interface PricedSwap {
  swapId: string;
  /** The trader: the transaction's sender. */
  wallet: string;
  tokenIn: string;
  tokenOut: string;
  /** Whole-token amounts (raw ÷ 10^decimals). */
  amountIn: number;
  amountOut: number;
  priceInUsd?: number;
  priceOutUsd?: number;
}

/** A wallet's standing from its swaps so far. */
export interface WalletStats {
  wallet: string;
  realisedPnlUsd: number;
  /** Sells matched against earlier buys, and those that realised a profit. */
  closedSells: number;
  winningSells: number;
  tradeCount: number;
  volumeUsd: number;
  /** The documented composite (docs/analytics.md): sign(P)·log10(1 + |P|)·(0.5 + 0.5·winRate). */
  score: number;
}

interface Lot {
  quantity: number;
  costUsd: number;
}

/**
 * Wallets' realised PnL in USD from their swaps, FIFO per token, updated one swap at a time (never recomputed from
 * scratch): a swap buys `tokenOut` (a lot costing the trade's USD value) and sells `tokenIn` (matched against the
 * wallet's oldest lots of it; proceeds minus their cost is realised). A trade's value is `amountIn × priceIn`, else
 * `amountOut × priceOut`; an unpriced trade is counted but moves no PnL, and a sell of tokens never bought here
 * realises nothing for the unmatched part. A swap id is applied once.
 *
 * @example const book = new WalletBook(); book.apply(swap); book.ranked(new Set(mevActors))[0]
 */
export class WalletBook {
  private readonly lots = new Map<string, Lot[]>();
  private readonly wallets = new Map<string, Omit<WalletStats, 'score'>>();
  private readonly applied = new Set<string>();

  apply(swap: PricedSwap): void {
    if (this.applied.has(swap.swapId)) return;
    this.applied.add(swap.swapId);
    const stats = this.statsOf(swap.wallet);
    stats.tradeCount += 1;
    const value = swap.priceInUsd !== undefined ? swap.amountIn * swap.priceInUsd : swap.priceOutUsd !== undefined ? swap.amountOut * swap.priceOutUsd : undefined;
    if (value === undefined) return;
    stats.volumeUsd += value;
    this.sell(stats, swap.wallet, swap.tokenIn, swap.amountIn, value);
    const key = `${swap.wallet}:${swap.tokenOut}`;
    this.lots.set(key, [...(this.lots.get(key) ?? []), { quantity: swap.amountOut, costUsd: value }]);
  }

  /** Traders by score, best first; wallets in `excluded` (bots, MEV actors) are left out. */
  ranked(excluded: ReadonlySet<string> = new Set()): WalletStats[] {
    return [...this.wallets.values()]
      .filter((stats) => !excluded.has(stats.wallet))
      .map((stats) => ({ ...stats, score: scoreOf(stats) }))
      .sort((a, b) => b.score - a.score || a.wallet.localeCompare(b.wallet));
  }

  private sell(stats: Omit<WalletStats, 'score'>, wallet: string, token: string, quantity: number, proceedsUsd: number): void {
    const lots = this.lots.get(`${wallet}:${token}`) ?? [];
    let remaining = quantity;
    let basis = 0;
    while (remaining > 0 && lots.length > 0) {
      const lot = lots[0] as Lot;
      const taken = Math.min(lot.quantity, remaining);
      const cost = (lot.costUsd * taken) / lot.quantity;
      basis += cost;
      lot.costUsd -= cost;
      lot.quantity -= taken;
      remaining -= taken;
      if (lot.quantity <= 0) lots.shift();
    }
    const matched = quantity - remaining;
    if (matched <= 0) return;
    const pnl = (proceedsUsd * matched) / quantity - basis;
    stats.realisedPnlUsd += pnl;
    stats.closedSells += 1;
    if (pnl > 0) stats.winningSells += 1;
  }

  private statsOf(wallet: string): Omit<WalletStats, 'score'> {
    let stats = this.wallets.get(wallet);
    if (!stats) {
      stats = { wallet, realisedPnlUsd: 0, closedSells: 0, winningSells: 0, tradeCount: 0, volumeUsd: 0 };
      this.wallets.set(wallet, stats);
    }
    return stats;
  }
}

function scoreOf(stats: Omit<WalletStats, 'score'>): number {
  const winRate = stats.closedSells === 0 ? 0.5 : stats.winningSells / stats.closedSells;
  const pnl = stats.realisedPnlUsd;
  return Math.sign(pnl) * Math.log10(1 + Math.abs(pnl)) * (0.5 + 0.5 * winRate);
}

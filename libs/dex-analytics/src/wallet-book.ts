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
  /** Unix seconds of its block (0 when unknown: no lead window, no bot timing). */
  at?: number;
  /** Its block and transaction, for the bot heuristic (several transactions of one wallet in one block). */
  blockNumber?: number;
  transactionHash?: string;
}

/** The documented lead window and move size of "bought ahead of a large move" (docs/analytics.md). */
export interface LeadRule {
  /** How long after a buy a move still counts, in seconds. */
  windowSeconds: number;
  /** The rise over the buy's own price that counts as large (0.1 = +10 %). */
  move: number;
}

export const DEFAULT_LEAD_RULE: LeadRule = { windowSeconds: 24 * 3600, move: 0.1 };

/** A buy waiting for its lead window to tell whether a large move followed it. */
export interface OpenBuy {
  swapId: string;
  wallet: string;
  token: string;
  /** USD per whole token the wallet paid (the trade's value ÷ the tokens it got). */
  priceUsd: number;
  valueUsd: number;
  at: number;
}

interface Lot {
  quantity: number;
  costUsd: number;
}

/** Everything the book keeps of one wallet: JSON, so a service can store it between swaps. */
export interface WalletState {
  wallet: string;
  realisedPnlUsd: number;
  /** Sells matched against earlier buys, and those that realised a profit. */
  closedSells: number;
  winningSells: number;
  tradeCount: number;
  volumeUsd: number;
  /** Buys whose lead window has closed (or met the move), those followed by a large move, and their USD value. */
  buysEvaluated: number;
  buysAhead: number;
  aheadVolumeUsd: number;
  /** Bot heuristic inputs: the last block it traded in, its distinct transactions there, the most in any one block. */
  lastBlock: number | null;
  lastBlockTransactions: string[];
  maxTransactionsInBlock: number;
  /** Trades within 2 s of the wallet's previous trade (no human signs that fast, twice). */
  rapidTrades: number;
  lastAt: number | null;
  /** Open FIFO lots per token bought. */
  lots: Record<string, Lot[]>;
}

/** A wallet's standing: its state's figures, marked to the latest prices, and its composite score. */
export interface WalletStats {
  wallet: string;
  realisedPnlUsd: number;
  /** Open lots at the latest known price minus their cost; lots of unpriced tokens count 0. */
  unrealisedPnlUsd: number;
  closedSells: number;
  winningSells: number;
  /** Closed sells in profit ÷ closed sells; null with none. */
  winRate: number | null;
  tradeCount: number;
  volumeUsd: number;
  averageTradeUsd: number;
  buysEvaluated: number;
  buysAhead: number;
  /** Buys followed by a large move ÷ buys evaluated; null with none. */
  aheadRate: number | null;
  aheadVolumeUsd: number;
  /** Labelled a bot by the documented heuristic (`isBot`). */
  bot: boolean;
  /** The documented composite (`compositeScore`). */
  score: number;
}

export function emptyWallet(wallet: string): WalletState {
  return {
    wallet,
    realisedPnlUsd: 0,
    closedSells: 0,
    winningSells: 0,
    tradeCount: 0,
    volumeUsd: 0,
    buysEvaluated: 0,
    buysAhead: 0,
    aheadVolumeUsd: 0,
    lastBlock: null,
    lastBlockTransactions: [],
    maxTransactionsInBlock: 0,
    rapidTrades: 0,
    lastAt: null,
    lots: {},
  };
}

/** A trade's USD value: `amountIn × priceIn`, else `amountOut × priceOut`; undefined when neither side is priced. */
export function tradeValueUsd(swap: PricedSwap): number | undefined {
  if (swap.priceInUsd !== undefined) return swap.amountIn * swap.priceInUsd;
  if (swap.priceOutUsd !== undefined) return swap.amountOut * swap.priceOutUsd;
  return undefined;
}

/**
 * Applies one swap to its wallet's state, in place (FIFO: it buys `tokenOut` as a lot costing the trade's value and
 * sells `tokenIn` against the oldest lots of it). Returns the buy to watch for a lead move, or null (unpriced trade).
 *
 * @example const open = applySwap(state, swap); if (open) pending.push(open);
 */
export function applySwap(state: WalletState, swap: PricedSwap): OpenBuy | null {
  state.tradeCount += 1;
  noteTiming(state, swap);
  const value = tradeValueUsd(swap);
  if (value === undefined) return null;
  state.volumeUsd += value;
  sell(state, swap.tokenIn, swap.amountIn, value);
  (state.lots[swap.tokenOut] ??= []).push({ quantity: swap.amountOut, costUsd: value });
  if (!(swap.amountOut > 0) || !swap.at) return null;
  return { swapId: swap.swapId, wallet: swap.wallet, token: swap.tokenOut, priceUsd: value / swap.amountOut, valueUsd: value, at: swap.at };
}

/**
 * What a price of the buy's token at `at` says about an open buy: `ahead` when it is within the lead window and at
 * least `move` above the buy's price, `missed` once the window has passed, `open` otherwise.
 *
 * @example leadOutcome(buy, buy.priceUsd * 1.2, buy.at + 3600) // 'ahead'
 */
export function leadOutcome(buy: OpenBuy, priceUsd: number, at: number, rule: LeadRule = DEFAULT_LEAD_RULE): 'ahead' | 'missed' | 'open' {
  if (at <= buy.at) return 'open';
  if (at > buy.at + rule.windowSeconds) return 'missed';
  return priceUsd >= buy.priceUsd * (1 + rule.move) ? 'ahead' : 'open';
}

/** Counts a buy whose lead window has decided, in place. */
export function recordLead(state: WalletState, buy: OpenBuy, outcome: 'ahead' | 'missed'): void {
  state.buysEvaluated += 1;
  if (outcome === 'ahead') {
    state.buysAhead += 1;
    state.aheadVolumeUsd += buy.valueUsd;
  }
}

/**
 * The bot heuristic (docs/analytics.md): three or more transactions of the wallet in one block, or at least 10 trades
 * of which half came within 2 s of the wallet's previous one. Both are beyond a person clicking a wallet.
 */
export function isBot(state: WalletState): boolean {
  return state.maxTransactionsInBlock >= 3 || (state.tradeCount >= 10 && state.rapidTrades * 2 >= state.tradeCount);
}

/**
 * The documented composite: sign(P) · log10(1 + |P|) · (0.5 + 0.25 · w + 0.25 · a), where P is realised plus
 * unrealised PnL in USD, w the win rate (0.5 with no closed sell) and a the Laplace-smoothed share of buys ahead of a
 * large move, (ahead + 1) ÷ (evaluated + 2). The log keeps one lucky whale from dwarfing consistent traders; w and a
 * scale a wallet's PnL by how often it was right.
 *
 * @example compositeScore({ pnlUsd: 999, winRate: 1, buysAhead: 0, buysEvaluated: 0 }) // 3 · 0.875 = 2.625
 */
export function compositeScore(input: { pnlUsd: number; winRate: number | null; buysAhead: number; buysEvaluated: number }): number {
  const w = input.winRate ?? 0.5;
  const a = (input.buysAhead + 1) / (input.buysEvaluated + 2);
  return Math.sign(input.pnlUsd) * Math.log10(1 + Math.abs(input.pnlUsd)) * (0.5 + 0.25 * w + 0.25 * a);
}

/**
 * A wallet's figures marked to `priceOf` (the latest USD price per token; undefined when unknown).
 *
 * @example walletStats(state, (token) => prices.get(token)).score
 */
export function walletStats(state: WalletState, priceOf: (token: string) => number | undefined): WalletStats {
  let unrealised = 0;
  for (const [token, lots] of Object.entries(state.lots)) {
    const price = priceOf(token);
    if (price === undefined) continue;
    for (const lot of lots) unrealised += lot.quantity * price - lot.costUsd;
  }
  const winRate = state.closedSells === 0 ? null : state.winningSells / state.closedSells;
  return {
    wallet: state.wallet,
    realisedPnlUsd: state.realisedPnlUsd,
    unrealisedPnlUsd: unrealised,
    closedSells: state.closedSells,
    winningSells: state.winningSells,
    winRate,
    tradeCount: state.tradeCount,
    volumeUsd: state.volumeUsd,
    averageTradeUsd: state.tradeCount === 0 ? 0 : state.volumeUsd / state.tradeCount,
    buysEvaluated: state.buysEvaluated,
    buysAhead: state.buysAhead,
    aheadRate: state.buysEvaluated === 0 ? null : state.buysAhead / state.buysEvaluated,
    aheadVolumeUsd: state.aheadVolumeUsd,
    bot: isBot(state),
    score: compositeScore({ pnlUsd: state.realisedPnlUsd + unrealised, winRate, buysAhead: state.buysAhead, buysEvaluated: state.buysEvaluated }),
  };
}

/**
 * Wallets' PnL in USD from their swaps, FIFO per token, updated one swap at a time (never recomputed from scratch):
 * the in-memory form of `applySwap` / `leadOutcome` / `walletStats`, which the analytics service runs on stored state.
 * `mark` gives a token's latest price: it values open lots and decides the lead window of open buys. A swap id is
 * applied once.
 *
 * @example const book = new WalletBook(); book.apply(swap); book.mark('eth', 2000, now); book.ranked(new Set(mevActors))[0]
 */
export class WalletBook {
  private readonly wallets = new Map<string, WalletState>();
  private readonly applied = new Set<string>();
  private readonly prices = new Map<string, number>();
  private openBuys: OpenBuy[] = [];

  constructor(private readonly rule: LeadRule = DEFAULT_LEAD_RULE) {}

  apply(swap: PricedSwap): void {
    if (this.applied.has(swap.swapId)) return;
    this.applied.add(swap.swapId);
    let state = this.wallets.get(swap.wallet);
    if (!state) this.wallets.set(swap.wallet, (state = emptyWallet(swap.wallet)));
    const open = applySwap(state, swap);
    if (open) this.openBuys.push(open);
  }

  /** A token's price at `at` (unix seconds): marks open lots, and decides the lead window of its open buys. */
  mark(token: string, priceUsd: number, at: number): void {
    this.prices.set(token, priceUsd);
    this.openBuys = this.openBuys.filter((buy) => {
      if (buy.token !== token) return true;
      const outcome = leadOutcome(buy, priceUsd, at, this.rule);
      if (outcome === 'open') return true;
      recordLead(this.wallets.get(buy.wallet) as WalletState, buy, outcome);
      return false;
    });
  }

  /** Every wallet's standing at the latest prices (labelled or not). */
  stats(): WalletStats[] {
    return [...this.wallets.values()].map((state) => walletStats(state, (token) => this.prices.get(token)));
  }

  /** Traders by score, best first; bots and wallets in `excluded` (MEV actors) are left out. */
  ranked(excluded: ReadonlySet<string> = new Set()): WalletStats[] {
    return this.stats()
      .filter((stats) => !excluded.has(stats.wallet) && !stats.bot)
      .sort((a, b) => b.score - a.score || a.wallet.localeCompare(b.wallet));
  }
}

function noteTiming(state: WalletState, swap: PricedSwap): void {
  if (swap.at) {
    if (state.lastAt !== null && Math.abs(swap.at - state.lastAt) <= 2) state.rapidTrades += 1;
    state.lastAt = swap.at;
  }
  if (swap.blockNumber === undefined || swap.transactionHash === undefined) return;
  if (state.lastBlock !== swap.blockNumber) {
    state.lastBlock = swap.blockNumber;
    state.lastBlockTransactions = [];
  }
  if (!state.lastBlockTransactions.includes(swap.transactionHash)) state.lastBlockTransactions.push(swap.transactionHash);
  state.maxTransactionsInBlock = Math.max(state.maxTransactionsInBlock, state.lastBlockTransactions.length);
}

function sell(state: WalletState, token: string, quantity: number, proceedsUsd: number): void {
  const lots = state.lots[token] ?? [];
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
    if (lot.quantity <= 1e-12) lots.shift();
  }
  if (lots.length === 0) delete state.lots[token];
  const matched = quantity - remaining;
  if (matched <= 0) return;
  const pnl = (proceedsUsd * matched) / quantity - basis;
  state.realisedPnlUsd += pnl;
  state.closedSells += 1;
  if (pnl > 0) state.winningSells += 1;
}

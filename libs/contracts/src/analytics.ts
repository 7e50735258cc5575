import { z } from 'zod';
import { address, blockNumber, chainId, hash32, isoTimestamp } from './primitives';

export const mevType = z.enum(['sandwich', 'arbitrage']);
export type MevType = z.infer<typeof mevType>;

/**
 * A MEV detection from the swaps of one block (docs/analytics.md): a sandwich (front-run and back-run by one actor
 * around victims in one pool) or a cyclic arbitrage (one transaction's swaps through a cycle of tokens, at a profit).
 * `withdrawn` when a swap it rests on was retracted; the same id then says it no longer stands.
 */
export const mevDetectionPayload = z.object({
  /** `chainId:type:blockHash:first swap id…` — see `mevDetectionId`. */
  detectionId: z.string().min(1),
  status: z.enum(['detected', 'withdrawn']),
  type: mevType,
  chainId,
  blockNumber,
  blockHash: hash32,
  /** Sandwich: who receives the back-run's output; arbitrage: who receives the cycle's last output. */
  attacker: address,
  /** The attacker's transactions: front-run and back-run, or the arbitrage's one. */
  transactions: z.array(hash32).min(1),
  /** Sandwiched transactions, in block order; empty for an arbitrage. */
  victims: z.array(hash32),
  pools: z.array(address).min(1),
  /** The token the attacker started with and ended in. */
  profitToken: address,
  /** Raw units of `profitToken`; negative for a sandwich that lost. */
  profitAmount: z.string().regex(/^-?(0|[1-9][0-9]*)$/, 'expected a decimal integer string'),
  /** In USD at the last known price of `profitToken`; null without one. */
  profitUsd: z.number().finite().nullable(),
  /** `swapId`s of the swaps it rests on. */
  swaps: z.array(z.string().min(1)).min(1),
});
export type MevDetection = z.infer<typeof mevDetectionPayload>;

/**
 * Deterministic id of a detection: its chain, type, block and first swap, so a replay finds the same detection.
 *
 * @example mevDetectionId({ chainId: 1, type: 'sandwich', blockHash: '0xab', swaps: ['1:0xcd:0', '1:0xef:2'] }) // '1:sandwich:0xab:1:0xcd:0'
 */
export function mevDetectionId(detection: Pick<MevDetection, 'chainId' | 'type' | 'blockHash' | 'swaps'>): string {
  return `${detection.chainId}:${detection.type}:${detection.blockHash.toLowerCase()}:${detection.swaps[0]}`;
}

/**
 * Message id of a detection in one status and revision: a re-run of its block that finds more victims publishes it
 * again under a new id; the same finding always gets the same one.
 *
 * @example mevDetectionMessageId({ detectionId: 'd', status: 'withdrawn', swaps: ['a', 'b'] }) // 'd:withdrawn:2-…'
 */
export function mevDetectionMessageId(detection: Pick<MevDetection, 'detectionId' | 'status' | 'swaps'>): string {
  return `${detection.detectionId}:${detection.status}:${detection.swaps.length}-${fnv1a(detection.swaps.join(','))}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: short, deterministic, no dependency. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** What a wallet is to the ranking: a trader, or an actor labelled and left out of it. */
export const walletLabel = z.enum(['trader', 'mev', 'bot']);

/** One of a wallet's latest swaps in a ranking's token or protocol. */
export const smartMoneyMove = z.object({
  swapId: z.string().min(1),
  transactionHash: hash32,
  blockNumber,
  at: isoTimestamp,
  /** `buy`: the ranking's token came in (for a protocol ranking: the swap's `tokenOut` is what was bought). */
  side: z.enum(['buy', 'sell']),
  tokenIn: address,
  tokenOut: address,
  amountIn: z.string().regex(/^(0|[1-9][0-9]*)$/, 'expected a decimal integer string'),
  amountOut: z.string().regex(/^(0|[1-9][0-9]*)$/, 'expected a decimal integer string'),
  /** The trade's USD value at the prices known then; null when neither token was priced. */
  valueUsd: z.number().finite().nullable(),
});
export type SmartMoneyMove = z.infer<typeof smartMoneyMove>;

/** One wallet's standing from its swaps (docs/analytics.md, smart money). */
export const smartMoneyWallet = z.object({
  address,
  label: walletLabel,
  /** Rank among traders, 1 = best; null for labelled wallets (not ranked). */
  rank: z.number().int().positive().nullable(),
  /** The documented composite score. */
  score: z.number().finite(),
  /** The shipped classifier's output, 0 … 1 (what traders are ranked by when `rankedBy` is `classifier`). */
  classifierScore: z.number().finite().nullable(),
  realisedPnlUsd: z.number().finite(),
  /** Open lots at the latest known prices minus their cost. */
  unrealisedPnlUsd: z.number().finite(),
  /** Closed lots in profit over closed lots; null with none closed. */
  winRate: z.number().min(0).max(1).nullable(),
  tradeCount: z.number().int().nonnegative(),
  volumeUsd: z.number().finite().nonnegative(),
  averageTradeUsd: z.number().finite().nonnegative(),
  /** Buys whose lead window has decided, and those a large move followed (docs/analytics.md: 24 h, +10 %). */
  buysEvaluated: z.number().int().nonnegative(),
  buysAhead: z.number().int().nonnegative(),
  /** `buysAhead / buysEvaluated`; null with none evaluated. */
  aheadRate: z.number().min(0).max(1).nullable(),
  aheadVolumeUsd: z.number().finite().nonnegative(),
  lastSwapAt: isoTimestamp,
  lastTransaction: hash32,
  /** Its latest swaps in the ranking's subject, newest first (at most 5). */
  recentMoves: z.array(smartMoneyMove).max(5),
});
export type SmartMoneyWallet = z.infer<typeof smartMoneyWallet>;

/** The top wallets of one token (or registry protocol) on one chain, as of a block. */
export const smartMoneyRankingPayload = z.object({
  /** `chainId:scope:subject` — see `smartMoneyRankingId`; the latest message per id is the ranking. */
  rankingId: z.string().min(1),
  scope: z.enum(['token', 'protocol']),
  /** A token address, or a registry protocol id. */
  subject: z.string().min(1),
  chainId,
  asOfBlock: blockNumber,
  asOf: isoTimestamp,
  /** What orders the traders: the classifier (it beat the score on held-out data) or the documented score. */
  rankedBy: z.enum(['classifier', 'score']),
  /** Traders first, by rank; then the labelled wallets active in the subject, by volume. */
  wallets: z.array(smartMoneyWallet),
});
export type SmartMoneyRanking = z.infer<typeof smartMoneyRankingPayload>;

/**
 * Id of the ranking of one token or protocol on one chain (the topic's key).
 *
 * @example smartMoneyRankingId({ chainId: 1, scope: 'token', subject: '0xab…' }) // '1:token:0xab…'
 */
export function smartMoneyRankingId(ranking: Pick<SmartMoneyRanking, 'chainId' | 'scope' | 'subject'>): string {
  return `${ranking.chainId}:${ranking.scope}:${ranking.subject}`;
}

/**
 * Message id of a ranking: its id, block and a hash of its wallets, so the same ranking published twice (a replay, a
 * second replica, a restart) has the same id and consumers store it once.
 *
 * @example smartMoneyMessageId(ranking) // '1:token:0xab…@120:9f1c…'
 */
export function smartMoneyMessageId(ranking: Pick<SmartMoneyRanking, 'rankingId' | 'asOfBlock' | 'rankedBy' | 'wallets'>): string {
  return `${ranking.rankingId}@${ranking.asOfBlock}:${fnv1a(`${ranking.rankedBy}:${JSON.stringify(ranking.wallets)}`)}`;
}

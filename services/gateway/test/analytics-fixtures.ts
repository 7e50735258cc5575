import {
  TOPICS,
  catalogue,
  mevDetectionId,
  mevDetectionMessageId,
  smartMoneyMessageId,
  smartMoneyRankingId,
  type MessageOf,
  type MevDetection,
  type SmartMoneyRanking,
  type SmartMoneyWallet,
} from '@pum/contracts';
import { randomBytes } from 'node:crypto';

/**
 * Messages of `analytics.mev.v1` and `analytics.smart-money.v1` for gateway tests, parsed with their catalogue schemas
 * (a fixture that drifts from the contract fails here, not as a dead letter).
 */
export const hexOf = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;

/** A detected sandwich (or arbitrage) in `blockNumber`; `withdrawnOf` makes its withdrawal. */
export function mevDetectionMessage(fields: Partial<Omit<MevDetection, 'detectionId' | 'status'>> & { blockNumber: string }, occurredAt = new Date().toISOString()): MessageOf<'analytics.mev.v1'> {
  const chainId = fields.chainId ?? 31337;
  const blockHash = fields.blockHash ?? hexOf(32);
  const transactions = fields.transactions ?? [hexOf(32), hexOf(32)];
  const type = fields.type ?? 'sandwich';
  const swaps = fields.swaps ?? transactions.map((tx) => `${chainId}:${tx}:0`);
  const payload: MevDetection = {
    status: 'detected',
    type,
    chainId,
    blockHash,
    attacker: fields.attacker ?? hexOf(20),
    transactions,
    victims: fields.victims ?? (type === 'sandwich' ? [hexOf(32)] : []),
    pools: fields.pools ?? [hexOf(20)],
    profitToken: fields.profitToken ?? hexOf(20),
    profitAmount: fields.profitAmount ?? '1234567',
    profitUsd: fields.profitUsd ?? 1.23,
    swaps,
    ...fields,
    detectionId: '',
  };
  payload.detectionId = mevDetectionId(payload);
  return envelope(TOPICS.mevDetections, 'mev.detection', mevDetectionMessageId(payload), occurredAt, payload);
}

/** The withdrawal of a detection: the same id, `withdrawn`. */
export function withdrawnOf(detection: MessageOf<'analytics.mev.v1'>): MessageOf<'analytics.mev.v1'> {
  const payload: MevDetection = { ...detection.payload, status: 'withdrawn' };
  return envelope(TOPICS.mevDetections, 'mev.detection', mevDetectionMessageId(payload), detection.occurredAt, payload);
}

/** A trader (or labelled wallet) of a ranking. */
export function rankedWallet(address: `0x${string}`, rank: number | null, fields: Partial<SmartMoneyWallet> = {}): SmartMoneyWallet {
  return {
    address,
    label: rank === null ? 'bot' : 'trader',
    rank,
    score: 2.5,
    classifierScore: rank === null ? null : 0.9,
    realisedPnlUsd: 1_000,
    unrealisedPnlUsd: 250,
    winRate: 0.75,
    tradeCount: 8,
    volumeUsd: 40_000,
    averageTradeUsd: 5_000,
    buysEvaluated: 4,
    buysAhead: 3,
    aheadRate: 0.75,
    aheadVolumeUsd: 15_000,
    lastSwapAt: '2026-01-01T00:00:00.000Z',
    lastTransaction: hexOf(32),
    recentMoves: [
      {
        swapId: `31337:${hexOf(32)}:0`,
        transactionHash: hexOf(32),
        blockNumber: '120',
        at: '2026-01-01T00:00:00.000Z',
        side: 'buy',
        tokenIn: hexOf(20),
        tokenOut: hexOf(20),
        amountIn: '5000000000',
        amountOut: '50000000000000000000',
        valueUsd: 5_000,
      },
    ],
    ...fields,
  };
}

/** A ranking of a token or protocol as of `asOfBlock`. */
export function smartMoneyMessage(
  fields: Pick<SmartMoneyRanking, 'scope' | 'subject' | 'wallets'> & Partial<Pick<SmartMoneyRanking, 'chainId' | 'asOfBlock' | 'asOf' | 'rankedBy'>>,
  producedAt = new Date().toISOString(),
): MessageOf<'analytics.smart-money.v1'> {
  const base = { chainId: fields.chainId ?? 31337, scope: fields.scope, subject: fields.subject };
  const payload: SmartMoneyRanking = {
    rankingId: smartMoneyRankingId(base),
    ...base,
    asOfBlock: fields.asOfBlock ?? '120',
    asOf: fields.asOf ?? '2026-01-01T00:00:00.000Z',
    rankedBy: fields.rankedBy ?? 'classifier',
    wallets: fields.wallets,
  };
  return envelope(TOPICS.smartMoney, 'smart_money.ranking', smartMoneyMessageId(payload), payload.asOf, payload, producedAt);
}

function envelope<T extends keyof typeof catalogue>(topic: T, type: string, id: string, occurredAt: string, payload: unknown, producedAt = new Date().toISOString()): MessageOf<T> {
  return catalogue[topic].parse({ version: 1, type, id, occurredAt, producedAt, source: 'test', payload }) as MessageOf<T>;
}

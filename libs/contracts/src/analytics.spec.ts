import { mevDetectionMessageId, smartMoneyMessageId, smartMoneyRankingId, smartMoneyRankingPayload, type SmartMoneyRanking } from './analytics';

const ranking: SmartMoneyRanking = {
  rankingId: '1:token:0x' + 'ab'.repeat(20),
  scope: 'token',
  subject: '0x' + 'ab'.repeat(20),
  chainId: 1,
  asOfBlock: '120',
  asOf: '2026-01-01T00:00:00.000Z',
  rankedBy: 'score',
  wallets: [],
};

describe('analytics contracts', () => {
  it('names a ranking by chain, scope and subject', () => {
    expect(smartMoneyRankingId({ chainId: 1, scope: 'protocol', subject: 'aave' })).toBe('1:protocol:aave');
  });

  it('gives the same ranking the same message id, and another block or another ranker another one', () => {
    const sut = smartMoneyMessageId(ranking);

    expect(smartMoneyMessageId({ ...ranking })).toBe(sut);
    expect(sut).toMatch(/^1:token:0x(ab){20}@120:[0-9a-f]{8}$/);
    expect(smartMoneyMessageId({ ...ranking, asOfBlock: '121' })).not.toBe(sut);
    expect(smartMoneyMessageId({ ...ranking, rankedBy: 'classifier' })).not.toBe(sut);
  });

  it('keeps the detection message ids it always had', () => {
    expect(mevDetectionMessageId({ detectionId: 'd', status: 'withdrawn', swaps: ['a', 'b'] })).toBe('d:withdrawn:2-' + fnv('a,b'));
  });

  it('caps the recent moves of a wallet at five', () => {
    const move = { swapId: 's', transactionHash: '0x' + '11'.repeat(32), blockNumber: '1', at: ranking.asOf, side: 'buy', tokenIn: '0x' + '22'.repeat(20), tokenOut: '0x' + '33'.repeat(20), amountIn: '1', amountOut: '2', valueUsd: null };
    const wallet = {
      address: '0x' + '44'.repeat(20),
      label: 'trader',
      rank: 1,
      score: 1,
      classifierScore: null,
      realisedPnlUsd: 0,
      unrealisedPnlUsd: 0,
      winRate: null,
      tradeCount: 1,
      volumeUsd: 0,
      averageTradeUsd: 0,
      buysEvaluated: 0,
      buysAhead: 0,
      aheadRate: null,
      aheadVolumeUsd: 0,
      lastSwapAt: ranking.asOf,
      lastTransaction: '0x' + '11'.repeat(32),
      recentMoves: Array(5).fill(move),
    };
    expect(smartMoneyRankingPayload.safeParse({ ...ranking, wallets: [wallet] }).success).toBe(true);
    expect(smartMoneyRankingPayload.safeParse({ ...ranking, wallets: [{ ...wallet, recentMoves: Array(6).fill(move) }] }).success).toBe(false);
  });
});

/** The FNV-1a the ids were first computed with, written out again. */
function fnv(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

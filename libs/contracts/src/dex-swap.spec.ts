import { catalogue, TOPICS } from './catalogue';
import { mevDetectionId } from './analytics';
import { dexSwapMessageId } from './dex-swap';

const swap = {
  swapId: `1:0x${'ab'.repeat(32)}:3`,
  status: 'pending',
  chainId: 1,
  blockNumber: '100',
  blockHash: `0x${'CD'.repeat(32)}`,
  blockTimestamp: 1_700_000_000,
  transactionHash: `0x${'ab'.repeat(32)}`,
  transactionIndex: 0,
  logIndex: 3,
  pool: `0x${'11'.repeat(20)}`,
  protocol: 'uniswap-v2',
  sender: `0x${'22'.repeat(20)}`,
  recipient: `0x${'33'.repeat(20)}`,
  txFrom: `0x${'44'.repeat(20)}`,
  tokenIn: `0x${'55'.repeat(20)}`,
  tokenOut: `0x${'66'.repeat(20)}`,
  amountIn: '1000',
  amountOut: '997',
  tokenInDecimals: 18,
  tokenOutDecimals: null,
  protocolId: null,
};
const envelope = (type: string, payload: unknown) => ({ version: 1, type, id: 'x', occurredAt: '2026-01-01T00:00:00.000Z', producedAt: '2026-01-01T00:00:00.000Z', source: 'test', payload });

describe('dex swap and MEV contracts', () => {
  it('accepts a swap with raw amounts as decimal strings, lower-casing hashes', () => {
    const sut = catalogue[TOPICS.dexSwaps].parse(envelope('dex.swap', swap));

    expect(sut.payload.blockHash).toBe(`0x${'cd'.repeat(32)}`);
  });

  it.each([
    ['an amount as a number', { amountIn: 1000 }],
    ['a negative amount', { amountOut: '-1' }],
    ['an unknown protocol', { protocol: 'curve' }],
  ])('rejects a swap with %s', (_case, change) => {
    expect(catalogue[TOPICS.dexSwaps].safeParse(envelope('dex.swap', { ...swap, ...change })).success).toBe(false);
  });

  it('derives deterministic ids', () => {
    expect(dexSwapMessageId({ swapId: '1:0xab:3', status: 'retracted', blockHash: '0xCD' })).toBe('1:0xab:3:swap:retracted@0xcd');
    expect(mevDetectionId({ chainId: 1, type: 'arbitrage', blockHash: '0xAB', swaps: ['1:0xcd:0', '1:0xcd:1'] })).toBe('1:arbitrage:0xab:1:0xcd:0');
  });

  it('accepts a sandwich that lost (a negative profit)', () => {
    const detection = {
      detectionId: 'd',
      status: 'detected',
      type: 'sandwich',
      chainId: 1,
      blockNumber: '100',
      blockHash: swap.blockHash,
      attacker: swap.recipient,
      transactions: [swap.transactionHash],
      victims: [],
      pools: [swap.pool],
      profitToken: swap.tokenIn,
      profitAmount: '-5',
      profitUsd: null,
      swaps: [swap.swapId],
    };
    expect(catalogue[TOPICS.mevDetections].safeParse(envelope('mev.detection', detection)).success).toBe(true);
  });
});

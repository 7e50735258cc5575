import { encodeAbiParameters, encodeEventTopics, type Hex } from 'viem';
import { swapEvents } from './swap-events';
import { swapSides as sut } from './normalise-swap';

const sender = `0x${'aa'.repeat(20)}` as const;
const to = `0x${'bb'.repeat(20)}` as const;

function v2(amount0In: bigint, amount1In: bigint, amount0Out: bigint, amount1Out: bigint) {
  const topics = encodeEventTopics({ abi: [swapEvents.uniswapV2], eventName: 'Swap', args: { sender, to } }) as Hex[];
  return { topics, data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }], [amount0In, amount1In, amount0Out, amount1Out]) };
}

function v3(amount0: bigint, amount1: bigint) {
  const topics = encodeEventTopics({ abi: [swapEvents.uniswapV3], eventName: 'Swap', args: { sender, recipient: to } }) as Hex[];
  return { topics, data: encodeAbiParameters([{ type: 'int256' }, { type: 'int256' }, { type: 'uint160' }, { type: 'uint128' }, { type: 'int24' }], [amount0, amount1, 2n ** 96n, 10n ** 18n, 0]) };
}

describe('swapSides', () => {
  it('reads a V2 swap of token1 for token0', () => {
    expect(sut(v2(0n, 1_000n, 997n, 0n))).toEqual({ protocol: 'uniswap-v2', sender, recipient: to, zeroForOne: false, amountIn: 1_000n, amountOut: 997n });
  });

  it('reads a V3 swap of token0 for token1 from the signs of the deltas', () => {
    expect(sut(v3(5_000n, -4_321n))).toEqual({ protocol: 'uniswap-v3', sender, recipient: to, zeroForOne: true, amountIn: 5_000n, amountOut: 4_321n });
  });

  it.each([
    ['a V2 flash swap repaid in both tokens', v2(10n, 10n, 5n, 5n)],
    ['a V3 swap with no output', v3(5n, 0n)],
    ['a log with the topic0 of a Swap but another layout', { ...v2(1n, 0n, 0n, 1n), data: '0x1234' as Hex }],
  ])('skips %s', (_case, log) => {
    expect(sut(log)).toBeUndefined();
  });
});

import type { DexProtocol } from '@pum/contracts';
import { decodeEventLog, type Hex } from 'viem';
import { SWAP_V2_TOPIC0, SWAP_V3_TOPIC0, swapEvents } from './swap-events';

/** One swap's direction and amounts as its log says, before the pool's tokens are known. */
export interface SwapSides {
  protocol: DexProtocol;
  sender: `0x${string}`;
  recipient: `0x${string}`;
  /** Whether token0 went in (token1 came out). */
  zeroForOne: boolean;
  amountIn: bigint;
  amountOut: bigint;
}

const lower = (address: string) => address.toLowerCase() as `0x${string}`;

/**
 * A `Swap` log as one token in and one out (docs/analytics.md): V2 — the side with a non-zero `amountXIn` went in and
 * the other side's `amountYOut` came out; V3 — the positive delta went in, the negative one came out. Undefined for a
 * log that is not a swap of one token for the other (a V2 flash swap repaid in both tokens, a zero swap) or does not
 * decode (a contract that only shares the topic0).
 *
 * @example swapSides({ topics, data }) // { protocol: 'uniswap-v2', zeroForOne: true, amountIn: 1000n, amountOut: 997n, … }
 */
export function swapSides(log: { topics: readonly Hex[]; data: Hex }): SwapSides | undefined {
  const topics = log.topics as [Hex, ...Hex[]];
  try {
    if (topics[0] === SWAP_V2_TOPIC0) {
      const { args } = decodeEventLog({ abi: [swapEvents.uniswapV2], topics, data: log.data, strict: true });
      const base = { protocol: 'uniswap-v2' as const, sender: lower(args.sender), recipient: lower(args.to) };
      if (args.amount0In > 0n && args.amount1In === 0n && args.amount1Out > 0n) return { ...base, zeroForOne: true, amountIn: args.amount0In, amountOut: args.amount1Out };
      if (args.amount1In > 0n && args.amount0In === 0n && args.amount0Out > 0n) return { ...base, zeroForOne: false, amountIn: args.amount1In, amountOut: args.amount0Out };
      return undefined;
    }
    if (topics[0] === SWAP_V3_TOPIC0) {
      const { args } = decodeEventLog({ abi: [swapEvents.uniswapV3], topics, data: log.data, strict: true });
      const base = { protocol: 'uniswap-v3' as const, sender: lower(args.sender), recipient: lower(args.recipient) };
      if (args.amount0 > 0n && args.amount1 < 0n) return { ...base, zeroForOne: true, amountIn: args.amount0, amountOut: -args.amount1 };
      if (args.amount1 > 0n && args.amount0 < 0n) return { ...base, zeroForOne: false, amountIn: args.amount1, amountOut: -args.amount0 };
      return undefined;
    }
  } catch {
    return undefined; // the topic0 of a Swap, but not its layout
  }
  return undefined;
}

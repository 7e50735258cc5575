import { z } from 'zod';
import { address, blockNumber, chainId, eventStatus, hash32 } from './primitives';

/** A raw token amount (base units) as a decimal string: JSON has no bigint. */
export const rawAmount = z.string().regex(/^(0|[1-9][0-9]*)$/, 'expected a non-negative decimal integer string');

/** The pool families whose `Swap` log is decoded. */
export const dexProtocol = z.enum(['uniswap-v2', 'uniswap-v3']);
export type DexProtocol = z.infer<typeof dexProtocol>;

/**
 * One swap as a pool's `Swap` log says it (Uniswap V2 and its forks, Uniswap V3), normalised to one token in and
 * one token out. `pending` at first sight, `confirmed` at depth, `retracted` when its block left the chain — as
 * every chain event.
 */
export const dexSwapPayload = z.object({
  /** `chainId:txHash:logIndex` — the swap's identity; the message id adds its status and block hash. */
  swapId: z.string().min(1),
  status: eventStatus,
  chainId,
  blockNumber,
  blockHash: hash32,
  /** Unix seconds. */
  blockTimestamp: z.number().int().nonnegative(),
  transactionHash: hash32,
  transactionIndex: z.number().int().nonnegative(),
  logIndex: z.number().int().nonnegative(),
  pool: address,
  protocol: dexProtocol,
  /** The log's `sender`: who called the pool (a router, a bot contract, an EOA). */
  sender: address,
  /** The log's `to` / `recipient`: who received `tokenOut`. */
  recipient: address,
  /** The transaction's `from`; null only on a retraction of a transaction the node no longer knows. */
  txFrom: address.nullable(),
  tokenIn: address,
  tokenOut: address,
  amountIn: rawAmount,
  amountOut: rawAmount,
  /** `decimals()` of each token, read once with the pool's tokens; null when the token does not answer. */
  tokenInDecimals: z.number().int().min(0).max(255).nullable(),
  tokenOutDecimals: z.number().int().min(0).max(255).nullable(),
  /** Registry protocol the pool belongs to, when the registry knows it. */
  protocolId: z.string().min(1).nullable(),
});
export type DexSwap = z.infer<typeof dexSwapPayload>;

/**
 * Message id of a swap in one status on one branch: `chainId:txHash:logIndex:swap:status@blockHash`.
 *
 * @example dexSwapMessageId({ swapId: '1:0xab:3', status: 'pending', blockHash: '0xcd' }) // '1:0xab:3:swap:pending@0xcd'
 */
export function dexSwapMessageId(swap: Pick<DexSwap, 'swapId' | 'status' | 'blockHash'>): string {
  return `${swap.swapId}:swap:${swap.status}@${swap.blockHash.toLowerCase()}`;
}

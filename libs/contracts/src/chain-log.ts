import { z } from 'zod';
import { address, blockNumber, chainId, eventStatus, hash32, hexData } from './primitives';

/** A log exactly as the chain reported it (raw topic: kept for audit and replay). */
export const chainLogPayload = z.object({
  chainId,
  blockNumber,
  blockHash: hash32,
  blockTimestamp: z.number().int().nonnegative(),
  transactionHash: hash32,
  transactionIndex: z.number().int().nonnegative(),
  logIndex: z.number().int().nonnegative(),
  address,
  topics: z.array(hash32).min(0).max(4),
  data: hexData,
  removed: z.boolean(),
  /**
   * `pending` at first sight, `confirmed` at the configured depth, `retracted` when the block
   * left the canonical chain. Logs of blocks already final at ingestion are sent `confirmed` only.
   */
  status: eventStatus,
});
export type ChainLog = z.infer<typeof chainLogPayload>;

/**
 * Identity of a log on its chain: `chainId:txHash:logIndex`.
 *
 * @example chainLogId({ chainId: 1, transactionHash: '0xab…', logIndex: 3 }) // '1:0xab…:3'
 */
export function chainLogId(log: Pick<ChainLog, 'chainId' | 'transactionHash' | 'logIndex'>): string {
  return `${log.chainId}:${log.transactionHash.toLowerCase()}:${log.logIndex}`;
}

/**
 * Message id of a raw log in one status on one branch: `chainId:txHash:logIndex:status@blockHash`.
 *
 * @example chainLogMessageId(log) // '1:0xab…:3:pending@0xcd…'
 */
export function chainLogMessageId(log: Pick<ChainLog, 'chainId' | 'transactionHash' | 'logIndex' | 'status' | 'blockHash'>): string {
  return `${chainLogId(log)}:${log.status}@${log.blockHash.toLowerCase()}`;
}

import { z } from 'zod';
import { address, blockNumber, chainId, hash32, hexData } from './primitives';

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

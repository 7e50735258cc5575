import { z } from 'zod';
import { blockNumber, chainId, isoTimestamp } from './primitives';

// system.networks.v1 (issue 11): how far ingest-chain has got on each network it follows, published after
// poll rounds (and during a backfill) at most once per status interval unless the status changes. Keyed
// by chain id on a compacted topic, so the topic keeps each network's latest status.

/**
 * `ok`: following the head; `lagging`: more than the configured number of blocks behind it (a backfill, a
 * slow RPC); `failing`: the last poll round failed (`lastError` says why).
 */
export const networkStatusKind = z.enum(['ok', 'lagging', 'failing']);
export type NetworkStatusKind = z.infer<typeof networkStatusKind>;

export const networkBackfill = z.object({
  /** Final blocks ingested per second since the backfill started. */
  blocksPerSecond: z.number().min(0),
  /** Seconds until the backfill reaches the finalized head at that rate. */
  etaSeconds: z.number().min(0),
  /** The finalized head the backfill is heading for. */
  targetBlock: blockNumber,
});
export type NetworkBackfill = z.infer<typeof networkBackfill>;

export const networkStatusPayload = z.object({
  chainId,
  /** The network's name in the networks file, e.g. `ethereum`. */
  network: z.string().min(1),
  status: networkStatusKind,
  /** The latest block the RPC reported; null while no poll has reached the RPC. */
  headBlock: blockNumber.nullable(),
  /** The poller's tip: the last block fully ingested; null before the first. */
  ingestedBlock: blockNumber.nullable(),
  /** head − ingested (0 when caught up or unknown). */
  lagBlocks: z.number().int().min(0),
  confirmations: z.number().int().min(0),
  finalityDepth: z.number().int().min(1),
  /** When the round this status describes ended. */
  polledAt: isoTimestamp,
  /** The status interval the producer publishes at (at least once per interval while polling): a reader calls a status older than a few intervals stale. */
  intervalMs: z.number().int().positive(),
  /** The error of the failed round (`failing`); null otherwise. */
  lastError: z.string().nullable(),
  /** Progress of the backfill under way (final blocks by range); null when following the head. */
  backfill: networkBackfill.nullable(),
});
export type NetworkStatus = z.infer<typeof networkStatusPayload>;

/**
 * Id of a network status message: the chain and the time of the round, so a replay has the same id.
 *
 * @example networkStatusMessageId({ chainId: 1, polledAt: '2026-01-01T00:00:00.000Z' }) // '1:status@2026-01-01T00:00:00.000Z'
 */
export function networkStatusMessageId(status: Pick<NetworkStatus, 'chainId' | 'polledAt'>): string {
  return `${status.chainId}:status@${status.polledAt}`;
}

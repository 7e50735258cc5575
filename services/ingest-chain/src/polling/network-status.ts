import type { NetworkBackfill, NetworkStatus, NetworkStatusKind } from '@pum/contracts';
import type { NetworkSettings } from '@pum/evm';

/** When statuses are published and what counts as lagging (CHAIN_STATUS_* keys). */
export interface StatusSettings {
  /** At most one status per interval per network, unless its kind changes (CHAIN_STATUS_INTERVAL_MS). */
  intervalMs: number;
  /** More blocks than this between the head and the tip is `lagging` (CHAIN_STATUS_LAGGING_BLOCKS). */
  laggingBlocks: number;
}

/** What a poller knows at the end of a round (or of a backfill range). */
export interface RoundOutcome {
  /** The latest head the RPC reported; undefined when it never answered. */
  head: bigint | undefined;
  /** The tip: the last block ingested; undefined before the first. */
  ingested: bigint | undefined;
  /** The round's error; undefined when it succeeded. */
  error: string | undefined;
  backfill: NetworkBackfill | null;
  at: Date;
}

/**
 * The status a network is in after a round: `failing` when the round failed, `lagging` when the tip is more
 * than `laggingBlocks` behind the head, `ok` otherwise.
 *
 * @example networkStatusOf(network, { head: 100n, ingested: 40n, error: undefined, backfill: null, at }, { intervalMs: 10_000, laggingBlocks: 50 }).status // 'lagging'
 */
export function networkStatusOf(network: Pick<NetworkSettings, 'chainId' | 'name' | 'confirmations' | 'finalityDepth'>, round: RoundOutcome, settings: StatusSettings): NetworkStatus {
  const lag = round.head !== undefined && round.ingested !== undefined && round.head > round.ingested ? round.head - round.ingested : 0n;
  const lagBlocks = Number(lag);
  const status: NetworkStatusKind = round.error !== undefined ? 'failing' : lagBlocks > settings.laggingBlocks ? 'lagging' : 'ok';
  return {
    chainId: network.chainId,
    network: network.name,
    status,
    headBlock: round.head?.toString() ?? null,
    ingestedBlock: round.ingested?.toString() ?? null,
    lagBlocks,
    confirmations: network.confirmations,
    finalityDepth: network.finalityDepth,
    polledAt: round.at.toISOString(),
    intervalMs: settings.intervalMs,
    lastError: round.error ?? null,
    backfill: round.backfill,
  };
}

/** The last status published for a network: its kind and when. */
export interface PublishedStatus {
  status: NetworkStatusKind;
  at: number;
}

/**
 * Whether to publish a status now: the first one, one of another kind than the last, or one a full interval after it.
 *
 * @example shouldPublishStatus({ status: 'ok', at: 0 }, 'ok', 5_000, 10_000) // false
 */
export function shouldPublishStatus(last: PublishedStatus | undefined, next: NetworkStatusKind, now: number, intervalMs: number): boolean {
  return last === undefined || last.status !== next || now - last.at >= intervalMs;
}

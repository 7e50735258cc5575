import type { NetworkStatus } from '@pum/contracts';
import type { ConfiguredNetwork } from './network-directory';

/** A status older than this many of its producer's intervals is stale: the ingester stopped reporting. */
export const STALE_AFTER_INTERVALS = 3;

/** REST shape of one network's ingestion status (see openapi.yaml `NetworkStatus`). */
export interface NetworkView {
  chainId: number;
  name: string;
  /** Null until the network's first status arrives. */
  status: NetworkStatus['status'] | null;
  headBlock: string | null;
  ingestedBlock: string | null;
  lagBlocks: number | null;
  confirmations: number;
  finalityDepth: number;
  polledAt: string | null;
  /** The last status is older than STALE_AFTER_INTERVALS status intervals. */
  stale: boolean;
  lastError: string | null;
  backfill: NetworkStatus['backfill'];
  eventsUrl: string;
}

/** A network as its last status (if any) describes it, at `now`. */
export function networkView(configured: ConfiguredNetwork | undefined, status: NetworkStatus | undefined, now: number): NetworkView {
  const chainId = status?.chainId ?? (configured as ConfiguredNetwork).chainId;
  return {
    chainId,
    name: status?.network ?? (configured as ConfiguredNetwork).name,
    status: status?.status ?? null,
    headBlock: status?.headBlock ?? null,
    ingestedBlock: status?.ingestedBlock ?? null,
    lagBlocks: status?.lagBlocks ?? null,
    confirmations: status?.confirmations ?? (configured as ConfiguredNetwork).confirmations,
    finalityDepth: status?.finalityDepth ?? (configured as ConfiguredNetwork).finalityDepth,
    polledAt: status?.polledAt ?? null,
    stale: status !== undefined && now - Date.parse(status.polledAt) > STALE_AFTER_INTERVALS * status.intervalMs,
    lastError: status?.lastError ?? null,
    backfill: status?.backfill ?? null,
    eventsUrl: `/api/v1/events/${chainId}`,
  };
}

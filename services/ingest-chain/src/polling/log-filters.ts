import type { Address, Hex } from 'viem';
import { REGISTRY_ONLY_TOPIC0S, UPGRADE_TOPIC0S } from '../catalogue';

/** A block range, or one block by hash (which pins the logs to exactly that block). */
export type BlockSelector = { fromBlock: Hex; toBlock: Hex } | { blockHash: Hex };

export interface LogFilter {
  address?: Address[];
  topics: [Hex[]];
}

/** The upgrade topics on any address: an unknown proxy's upgrade matters. */
export const UPGRADE_FILTER: LogFilter = { topics: [[...UPGRADE_TOPIC0S]] };

/**
 * Every other catalogue topic on the registry's contracts only (governance, Safe and ownership events
 * of unknown addresses are noise at mainnet scale); none without registry contracts on the chain.
 * Its topics are disjoint from UPGRADE_FILTER's, so the two never return the same log.
 *
 * @example registryFilter(registry.contractsOn(1)) // { address: [...], topics: [[...REGISTRY_ONLY_TOPIC0S]] }
 */
export function registryFilter(watched: readonly Address[]): LogFilter | undefined {
  return watched.length === 0 ? undefined : { address: [...watched], topics: [[...REGISTRY_ONLY_TOPIC0S]] };
}

/**
 * The logs of several filters over the same blocks in chain order (block, then log index), as one
 * filter would have returned them.
 */
export function inChainOrder<L extends { blockNumber: Hex; logIndex: Hex }>(results: readonly L[][]): L[] {
  const nonEmpty = results.filter((logs) => logs.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  return nonEmpty.flat().sort((a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || Number(BigInt(a.logIndex) - BigInt(b.logIndex)));
}

import type { Address, Hex } from 'viem';
import type { NetworkSettings } from '@pum/evm';
import { REGISTRY_ONLY_TOPIC0S, UPGRADE_TOPIC0S } from '../catalogue';
import { SWAP_TOPIC0S } from '../swaps/swap-events';

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
 * The DEX `Swap` topics as the network's `dexSwaps` says: on any address (`all`), on the registry's contracts
 * (`registry`; none without any), or not at all (`off`). Disjoint from the other filters' topics.
 *
 * @example swapFilter('all', []) // { topics: [[SWAP_V2_TOPIC0, SWAP_V3_TOPIC0]] }
 */
export function swapFilter(mode: NetworkSettings['dexSwaps'], watched: readonly Address[]): LogFilter | undefined {
  switch (mode) {
    case 'all':
      return { topics: [[...SWAP_TOPIC0S]] };
    case 'registry':
      return watched.length === 0 ? undefined : { address: [...watched], topics: [[...SWAP_TOPIC0S]] };
    case 'off':
      return undefined;
  }
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

import type { Hex } from 'viem';
import { REGISTRY_ONLY_TOPIC0S, UPGRADE_TOPIC0S } from '../catalogue';
import { SWAP_TOPIC0S } from '../swaps/swap-events';
import { UPGRADE_FILTER, inChainOrder, registryFilter, swapFilter } from './log-filters';

describe('log filters', () => {
  it('ask for upgrade topics on any address', () => {
    expect(UPGRADE_FILTER).toEqual({ topics: [[...UPGRADE_TOPIC0S]] });
  });

  it('ask for every other catalogue topic on the registry contracts, and for nothing without any', () => {
    const watched = [`0x${'11'.repeat(20)}`, `0x${'22'.repeat(20)}`] as const;

    expect(registryFilter(watched)).toEqual({ address: [...watched], topics: [[...REGISTRY_ONLY_TOPIC0S]] });
    expect(registryFilter([])).toBeUndefined();
  });

  it('ask for DEX swaps as the network says: any pool, the registry contracts, or none', () => {
    const watched = [`0x${'11'.repeat(20)}`] as const;

    expect(swapFilter('all', watched)).toEqual({ topics: [[...SWAP_TOPIC0S]] });
    expect(swapFilter('registry', watched)).toEqual({ address: [...watched], topics: [[...SWAP_TOPIC0S]] });
    expect(swapFilter('registry', [])).toBeUndefined();
    expect(swapFilter('off', watched)).toBeUndefined();
    expect(SWAP_TOPIC0S.some((topic) => [...UPGRADE_TOPIC0S, ...REGISTRY_ONLY_TOPIC0S].includes(topic))).toBe(false);
  });
});

describe('inChainOrder', () => {
  const log = (block: number, index: number) => ({ blockNumber: `0x${block.toString(16)}` as Hex, logIndex: `0x${index.toString(16)}` as Hex });

  it('merges the results of the filters by block, then log index', () => {
    expect(inChainOrder([[log(1, 0), log(16, 2)], [log(1, 3), log(2, 0), log(16, 1)]])).toEqual([log(1, 0), log(1, 3), log(2, 0), log(16, 1), log(16, 2)]);
  });
});

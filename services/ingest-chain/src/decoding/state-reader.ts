import { PROPOSAL_STATES } from '@pum/contracts';
import { orElse } from '@pum/evm';
import {
  getAddress,
  parseAbi,
  sliceHex,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';

type ProposalState = (typeof PROPOSAL_STATES)[number];

// Getters of the contracts whose events we enrich. OZ Contracts v5, Compound Timelock /
// GovernorBravoDelegate, Safe 1.3 / 1.4 — names and types as deployed.
const beaconAbi = parseAbi(['function implementation() view returns (address)']);
const timelockAbi = parseAbi(['function getMinDelay() view returns (uint256)', 'function delay() view returns (uint256)']);
const safeAbi = parseAbi(['function getOwners() view returns (address[])', 'function getThreshold() view returns (uint256)']);
const governorAbi = parseAbi([
  'function clock() view returns (uint48)',
  'function quorum(uint256 timepoint) view returns (uint256)',
  'function quorumVotes() view returns (uint256)',
  'function votingPeriod() view returns (uint256)',
  'function state(uint256 proposalId) view returns (uint8)',
  'function proposalEta(uint256 proposalId) view returns (uint256)',
  'function proposals(uint256 proposalId) view returns (uint256 id, address proposer, uint256 eta, uint256 startBlock, uint256 endBlock, uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, bool canceled, bool executed)',
]);

/** What a governor says at a block; each part null when it does not answer. */
export interface GovernorState {
  quorum: string | null;
  votingPeriod: string | null;
  proposalState: ProposalState | null;
  proposalEta: string | null;
}

/** A Safe's signers at a block; null when it does not answer. */
export interface SafeState {
  safeOwners: Address[] | null;
  safeThreshold: number | null;
}

/**
 * Reads contract state at a block for enrichment. A contract that does not answer (a revert, no
 * such function, no code) gives null; RPC failures (after the pool's retries) are thrown, so the
 * raw log is retried rather than published without its enrichment.
 */
export class StateReader {
  constructor(private readonly client: PublicClient) {}

  /** The address in a storage slot at the end of the block before; null when empty. */
  async slotBefore(contract: Address, slot: Hex, block: bigint): Promise<Address | null> {
    if (block === 0n) return null;
    const value = await this.client.getStorageAt({ address: contract, slot, blockNumber: block - 1n });
    return value && BigInt(value) !== 0n ? lower(getAddress(sliceHex(value, 12))) : null;
  }

  async code(address: Address, block: bigint): Promise<Hex | undefined> {
    return this.client.getCode({ address, blockNumber: block });
  }

  /** `implementation()` of a beacon at a block. */
  async beaconImplementation(beacon: Address, block: bigint): Promise<Address | null> {
    const implementation = await orNull(this.client.readContract({ address: beacon, abi: beaconAbi, functionName: 'implementation', blockNumber: block }));
    return implementation === null ? null : lower(implementation);
  }

  /** OZ TimelockController `getMinDelay()`, or Compound Timelock `delay()`, in seconds. */
  async timelockDelay(timelock: Address, standard: 'oz_timelock' | 'compound_timelock', block: bigint): Promise<string | null> {
    const functionName = standard === 'oz_timelock' ? 'getMinDelay' : 'delay';
    const delay = await orNull(this.client.readContract({ address: timelock, abi: timelockAbi, functionName, blockNumber: block }));
    return decimal(delay);
  }

  async safe(safe: Address, block: bigint): Promise<SafeState> {
    const [owners, threshold] = await Promise.all([
      orNull(this.client.readContract({ address: safe, abi: safeAbi, functionName: 'getOwners', blockNumber: block })),
      this.safeThreshold(safe, block),
    ]);
    return { safeOwners: owners === null ? null : owners.map(lower), safeThreshold: threshold };
  }

  async safeThreshold(safe: Address, block: bigint): Promise<number | null> {
    const threshold = await orNull(this.client.readContract({ address: safe, abi: safeAbi, functionName: 'getThreshold', blockNumber: block }));
    return threshold === null ? null : Number(threshold);
  }

  /**
   * Quorum, voting period, and the proposal's state and ETA (OZ `proposalEta`, Bravo
   * `proposals(id).eta`; 0, not queued, gives null).
   */
  async governor(governor: Address, proposalId: bigint, block: bigint): Promise<GovernorState> {
    const at = { address: governor, abi: governorAbi, blockNumber: block } as const;
    const [quorum, votingPeriod, state, eta] = await Promise.all([
      this.quorum(governor, block),
      orNull(this.client.readContract({ ...at, functionName: 'votingPeriod' })),
      orNull(this.client.readContract({ ...at, functionName: 'state', args: [proposalId] })),
      orNull(this.client.readContract({ ...at, functionName: 'proposalEta', args: [proposalId] })).then(
        async (ozEta) => ozEta ?? (await orNull(this.client.readContract({ ...at, functionName: 'proposals', args: [proposalId] })))?.[2] ?? null,
      ),
    ]);
    return {
      quorum: decimal(quorum),
      votingPeriod: decimal(votingPeriod),
      proposalState: state === null ? null : (PROPOSAL_STATES[state] ?? null),
      proposalEta: eta === null || eta === 0n ? null : eta.toString(10),
    };
  }

  /** The input of a transaction when it was sent to `to` itself; null otherwise. */
  async inputOfCallTo(transactionHash: Hex, to: Address): Promise<Hex | null> {
    const tx = await this.client.getTransaction({ hash: transactionHash });
    return tx.to?.toLowerCase() === to.toLowerCase() ? tx.input : null;
  }

  /**
   * OZ `quorum(clock() - 1)` — the latest timepoint it can look up (the current one reverts as a
   * future lookup) — or else Bravo `quorumVotes()`.
   */
  private async quorum(governor: Address, block: bigint): Promise<bigint | null> {
    const at = { address: governor, abi: governorAbi, blockNumber: block } as const;
    const clock = (await orNull(this.client.readContract({ ...at, functionName: 'clock' }))) ?? Number(block);
    const quorum = clock > 0 ? await orNull(this.client.readContract({ ...at, functionName: 'quorum', args: [BigInt(clock) - 1n] })) : null;
    return quorum ?? orNull(this.client.readContract({ ...at, functionName: 'quorumVotes' }));
  }
}

/** A contract read, with null for a contract that does not answer. */
function orNull<T>(read: Promise<T>): Promise<T | null> {
  return orElse(read, null);
}

function decimal(value: bigint | null): string | null {
  return value === null ? null : value.toString(10);
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address;
}

import { PROPOSAL_STATES } from '@pum/contracts';
import { PermanentMessageError } from '@pum/platform';
import { orElse } from '@pum/evm';
import type { Address, PublicClient } from 'viem';
import { bravoGovernorAbi, erc20DecimalsAbi, governorAbi } from './governor-abi';

export type GovernorState = (typeof PROPOSAL_STATES)[number];

/** A proposal as its Governor reports it at one block. Votes and quorum in the token's base units. */
export interface GovernorProposalView {
  state: GovernorState;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  /** Null when the governor does not answer `quorum` (or the snapshot is still in the future). */
  quorum: bigint | null;
  /** Timepoints in the governor's clock (blocks, or seconds with `mode=timestamp`). */
  snapshot: bigint;
  deadline: bigint;
  /** Unix seconds; null until queued, or when the governor has no timelock. */
  eta: bigint | null;
  blockNumber: bigint;
  /** The block's timestamp, unix seconds. */
  blockTime: bigint;
}

/**
 * Which read ABI a governor answers: OpenZeppelin `IGovernor` (GovernorTimelockCompound-based
 * governors included), or Compound GovernorBravoDelegate's `proposals(id)` / `quorumVotes()`.
 */
export type GovernorKind = 'oz' | 'bravo';

/** A contract that answers neither the OpenZeppelin nor the Bravo read ABI: retrying cannot help. */
export class UnsupportedGovernorError extends PermanentMessageError {
  constructor(governor: string) {
    super(`governor ${governor} answers neither proposalDeadline (OpenZeppelin) nor quorumVotes (GovernorBravo)`);
    this.name = 'UnsupportedGovernorError';
  }
}

/** What is fixed per governor: its clock and its voting token's decimals. */
export interface GovernorProfile {
  clock: 'blocknumber' | 'timestamp';
  decimals: number;
}

/**
 * Reads proposal state from OpenZeppelin Governors (and the GovernorTimelockCompound-based
 * Bravo-style ones) and from Compound GovernorBravo, all at one block so the figures agree with each
 * other.
 */
export class GovernorReader {
  private readonly profiles = new Map<string, Promise<GovernorProfile>>();
  private readonly kinds = new Map<string, Promise<GovernorKind>>();

  constructor(private readonly client: PublicClient) {}

  async head(): Promise<{ number: bigint; timestamp: bigint }> {
    const block = await this.client.getBlock({ blockTag: 'latest' });
    return { number: block.number, timestamp: block.timestamp };
  }

  /** A proposal's state at a block. */
  async state(governor: string, proposalId: string, blockNumber: bigint): Promise<GovernorState> {
    const state = await this.client.readContract({ address: governor as Address, abi: governorAbi, functionName: 'state', args: [BigInt(proposalId)], blockNumber });
    return stateName(governor, state);
  }

  /** Reads a proposal at `blockNumber` (default: the head), by the governor's read ABI. */
  async proposal(governor: string, proposalId: string, at?: { number: bigint; timestamp: bigint }): Promise<GovernorProposalView> {
    const block = at ?? (await this.head());
    const id = BigInt(proposalId);
    const kind = await this.kind(governor, proposalId);
    return kind === 'bravo' ? this.bravoProposal(governor as Address, id, block) : this.ozProposal(governor as Address, id, block);
  }

  /**
   * The governor's read ABI, probed once: `proposalDeadline` answering means OpenZeppelin, else
   * `quorumVotes` answering means Bravo, else UnsupportedGovernorError. Only an answer is cached; a
   * transport error rejects and the next call probes again.
   */
  kind(governor: string, proposalId: string): Promise<GovernorKind> {
    return cachedPerGovernor(this.kinds, governor, () => this.probeKind(governor as Address, BigInt(proposalId)));
  }

  private async probeKind(address: Address, id: bigint): Promise<GovernorKind> {
    const deadline = await orElse(this.client.readContract({ address, abi: governorAbi, functionName: 'proposalDeadline', args: [id] }), null);
    if (deadline !== null) return 'oz';
    const quorum = await orElse(this.client.readContract({ address, abi: bravoGovernorAbi, functionName: 'quorumVotes' }), null);
    if (quorum !== null) return 'bravo';
    throw new UnsupportedGovernorError(address);
  }

  private async ozProposal(address: Address, id: bigint, block: { number: bigint; timestamp: bigint }): Promise<GovernorProposalView> {
    const read = <T>(functionName: 'state' | 'proposalSnapshot' | 'proposalDeadline' | 'proposalEta' | 'proposalVotes', args: readonly [bigint]) =>
      this.client.readContract({ address, abi: governorAbi, functionName, args, blockNumber: block.number }) as Promise<T>;
    const [state, snapshot, deadline, eta, votes] = await Promise.all([
      read<number>('state', [id]),
      read<bigint>('proposalSnapshot', [id]),
      read<bigint>('proposalDeadline', [id]),
      orElse(read<bigint>('proposalEta', [id]), 0n),
      read<readonly [bigint, bigint, bigint]>('proposalVotes', [id]),
    ]);
    const clock = (await this.profile(address)).clock;
    const now = clock === 'timestamp' ? block.timestamp : block.number;
    // OZ reverts on quorum(t) for t >= clock(): only past snapshots have a quorum.
    const quorum = snapshot < now ? await orElse(this.client.readContract({ address, abi: governorAbi, functionName: 'quorum', args: [snapshot], blockNumber: block.number }), null) : null;
    return { state: stateName(address, state), againstVotes: votes[0], forVotes: votes[1], abstainVotes: votes[2], quorum, snapshot, deadline, eta: eta === 0n ? null : eta, blockNumber: block.number, blockTime: block.timestamp };
  }

  /** GovernorBravoDelegate: `proposals(id)` holds blocks, votes and eta; the quorum is the fixed `quorumVotes()`. */
  private async bravoProposal(address: Address, id: bigint, block: { number: bigint; timestamp: bigint }): Promise<GovernorProposalView> {
    const at = { address, abi: bravoGovernorAbi, blockNumber: block.number } as const;
    const [state, proposal, quorum] = await Promise.all([
      this.client.readContract({ ...at, functionName: 'state', args: [id] }),
      this.client.readContract({ ...at, functionName: 'proposals', args: [id] }),
      this.client.readContract({ ...at, functionName: 'quorumVotes' }),
    ]);
    const [, , eta, startBlock, endBlock, forVotes, againstVotes, abstainVotes] = proposal;
    return { state: stateName(address, state), againstVotes, forVotes, abstainVotes, quorum, snapshot: startBlock, deadline: endBlock, eta: eta === 0n ? null : eta, blockNumber: block.number, blockTime: block.timestamp };
  }

  /**
   * The governor's clock and token decimals, read once (18 decimals when the token does not say). A
   * fallback is only taken when the contract does not answer, which is for good; a transport error
   * rejects and is not cached.
   */
  profile(governor: string): Promise<GovernorProfile> {
    return cachedPerGovernor(this.profiles, governor, () => this.loadProfile(governor as Address));
  }

  /** Unix seconds of a timepoint in the governor's clock; future blocks are estimated at the recent block rate. */
  async timeOf(governor: string, timepoint: bigint, head: { number: bigint; timestamp: bigint }): Promise<bigint> {
    if ((await this.profile(governor)).clock === 'timestamp') return timepoint;
    if (timepoint <= head.number) return (await this.client.getBlock({ blockNumber: timepoint })).timestamp;
    const span = head.number < 100n ? head.number : 100n;
    const past = span === 0n ? head : await this.client.getBlock({ blockNumber: head.number - span });
    const secondsPerBlock = span === 0n ? 12n : (head.timestamp - past.timestamp + span - 1n) / span || 1n;
    return head.timestamp + (timepoint - head.number) * secondsPerBlock;
  }

  private async loadProfile(governor: Address): Promise<GovernorProfile> {
    const mode = await orElse(this.client.readContract({ address: governor, abi: governorAbi, functionName: 'CLOCK_MODE' }), 'mode=blocknumber');
    const token = await orElse(this.client.readContract({ address: governor, abi: governorAbi, functionName: 'token' }), null);
    const decimals = token ? await orElse(this.client.readContract({ address: token, abi: erc20DecimalsAbi, functionName: 'decimals' }), 18) : 18;
    return { clock: mode.includes('mode=timestamp') ? 'timestamp' : 'blocknumber', decimals };
  }
}

/** `load()` once per governor; a rejection is not kept, so the next call loads again. */
function cachedPerGovernor<T>(cache: Map<string, Promise<T>>, governor: string, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(governor);
  if (cached) return cached;
  const loaded = load();
  cache.set(governor, loaded);
  loaded.catch(() => cache.delete(governor));
  return loaded;
}

function stateName(governor: string, state: number): GovernorState {
  const name = PROPOSAL_STATES[state];
  if (name === undefined) throw new Error(`governor ${governor} answered an unknown proposal state ${state}`);
  return name;
}

import { encodeFunctionData, keccak256, parseAbi, parseEventLogs, toHex, type Address, type Hex } from 'viem';
import type { DevnetClients } from './clients';
import { sendTx, type SentTx } from './tx';

/**
 * ABI of the OZ 5 Governor functions and events the devnet helpers use. Both devnet governors (DevnetGovernor
 * with a TimelockController, DevnetBravoGovernor with a Compound Timelock) share it; the events are the
 * GovernorBravo signatures.
 */
export const governorAbi = parseAbi([
  'function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns (uint256)',
  'function castVote(uint256 proposalId, uint8 support) returns (uint256)',
  'function castVoteWithReason(uint256 proposalId, uint8 support, string reason) returns (uint256)',
  'function castVoteWithReasonAndParams(uint256 proposalId, uint8 support, string reason, bytes params) returns (uint256)',
  'function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)',
  'function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256)',
  'function cancel(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)',
  'function state(uint256 proposalId) view returns (uint8)',
  'function proposalEta(uint256 proposalId) view returns (uint256)',
  'function proposalVotes(uint256 proposalId) view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)',
  'function votingDelay() view returns (uint256)',
  'function votingPeriod() view returns (uint256)',
  'function quorum(uint256 timepoint) view returns (uint256)',
  'function timelock() view returns (address)',
  'event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)',
  'event ProposalQueued(uint256 proposalId, uint256 etaSeconds)',
  'event ProposalExecuted(uint256 proposalId)',
  'event ProposalCanceled(uint256 proposalId)',
  'event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)',
  'event VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)',
]);

/** OZ `IGovernor.ProposalState`, by its uint8 value. */
export const PROPOSAL_STATES = ['Pending', 'Active', 'Canceled', 'Defeated', 'Succeeded', 'Queued', 'Expired', 'Executed'] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** GovernorCountingSimple's vote types. */
export const VOTE_SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type VoteSupport = keyof typeof VOTE_SUPPORT;

/** One call a proposal makes through the timelock. */
export interface GovernorAction {
  target: Address;
  value?: bigint;
  data: Hex;
}

/** What identifies a proposal on chain (the governor hashes targets, values, calldatas and the description hash). */
export interface GovernorProposal {
  governor: Address;
  proposalId: bigint;
  targets: Address[];
  values: bigint[];
  calldatas: Hex[];
  description: string;
  descriptionHash: Hex;
  /** Block after which voting opens (`voteStart`) and the last block of voting (`voteEnd`). */
  voteStart: bigint;
  voteEnd: bigint;
}

function proposalArgs(p: GovernorProposal): readonly [Address[], bigint[], Hex[], Hex] {
  return [p.targets, p.values, p.calldatas, p.descriptionHash];
}

/**
 * Submits a proposal from the clients' account (`propose`); the id, vote start and end come from its
 * `ProposalCreated` log.
 *
 * @example const p = await propose(c, { governor, actions: [{ target: proxy, data }], description: 'Upgrade vault to V2' });
 */
export async function propose(
  c: DevnetClients,
  params: { governor: Address; actions: readonly GovernorAction[]; description: string },
): Promise<GovernorProposal & SentTx> {
  if (params.actions.length === 0) throw new Error('propose: a proposal needs at least one action');
  const targets = params.actions.map((a) => a.target);
  const values = params.actions.map((a) => a.value ?? 0n);
  const calldatas = params.actions.map((a) => a.data);
  const data = encodeFunctionData({ abi: governorAbi, functionName: 'propose', args: [targets, values, calldatas, params.description] });
  const sent = await sendTx(c, params.governor, data, `propose on governor ${params.governor}`);
  const [created] = parseEventLogs({ abi: governorAbi, logs: sent.receipt.logs, eventName: 'ProposalCreated' });
  if (!created) throw new Error(`propose: no ProposalCreated log in tx ${sent.tx}`);
  return {
    ...sent,
    governor: params.governor,
    proposalId: created.args.proposalId,
    targets,
    values,
    calldatas,
    description: params.description,
    descriptionHash: keccak256(toHex(params.description)),
    voteStart: created.args.voteStart,
    voteEnd: created.args.voteEnd,
  };
}

/**
 * Casts the clients' account's vote: `castVote`, `castVoteWithReason` when a reason is given, or
 * `castVoteWithReasonAndParams` when params are given (GovernorCountingSimple ignores them; the vote is logged
 * as `VoteCastWithParams`). Returns the counted weight.
 *
 * @example await castVote(voter, { governor, proposalId, support: 'for', reason: 'ship it' });
 */
export async function castVote(
  c: DevnetClients,
  params: { governor: Address; proposalId: bigint; support: VoteSupport; reason?: string; params?: Hex },
): Promise<SentTx & { weight: bigint }> {
  const support = VOTE_SUPPORT[params.support];
  const data =
    params.params !== undefined
      ? encodeFunctionData({
          abi: governorAbi,
          functionName: 'castVoteWithReasonAndParams',
          args: [params.proposalId, support, params.reason ?? '', params.params],
        })
      : params.reason !== undefined
        ? encodeFunctionData({ abi: governorAbi, functionName: 'castVoteWithReason', args: [params.proposalId, support, params.reason] })
        : encodeFunctionData({ abi: governorAbi, functionName: 'castVote', args: [params.proposalId, support] });
  const sent = await sendTx(c, params.governor, data, `vote ${params.support} on proposal ${params.proposalId}`);
  const [vote] = parseEventLogs({ abi: governorAbi, logs: sent.receipt.logs, eventName: ['VoteCast', 'VoteCastWithParams'] });
  if (!vote) throw new Error(`castVote: no VoteCast log in tx ${sent.tx}`);
  return { ...sent, weight: vote.args.weight };
}

/**
 * Queues a succeeded proposal in the governor's timelock (`queue`); returns the ETA (seconds) from `ProposalQueued`.
 *
 * @example const { eta } = await queueProposal(c, p);
 */
export async function queueProposal(c: DevnetClients, p: GovernorProposal): Promise<SentTx & { eta: bigint }> {
  const data = encodeFunctionData({ abi: governorAbi, functionName: 'queue', args: proposalArgs(p) });
  const sent = await sendTx(c, p.governor, data, `queue proposal ${p.proposalId}`);
  const [queued] = parseEventLogs({ abi: governorAbi, logs: sent.receipt.logs, eventName: 'ProposalQueued' });
  if (!queued) throw new Error(`queueProposal: no ProposalQueued log in tx ${sent.tx}`);
  return { ...sent, eta: queued.args.etaSeconds };
}

/** Executes a queued proposal once its ETA has passed (`execute`). @example await executeProposal(c, p); */
export function executeProposal(c: DevnetClients, p: GovernorProposal): Promise<SentTx> {
  const data = encodeFunctionData({ abi: governorAbi, functionName: 'execute', args: proposalArgs(p) });
  return sendTx(c, p.governor, data, `execute proposal ${p.proposalId}`);
}

/** Cancels a proposal (`cancel`; OZ 5 lets only the proposer cancel, and only while Pending). @example await cancelProposal(c, p); */
export function cancelProposal(c: DevnetClients, p: GovernorProposal): Promise<SentTx> {
  const data = encodeFunctionData({ abi: governorAbi, functionName: 'cancel', args: proposalArgs(p) });
  return sendTx(c, p.governor, data, `cancel proposal ${p.proposalId}`);
}

/** The proposal's state by name (`state`), optionally at a past block. @example expect(await proposalState(c, p)).toBe('Queued'); */
export async function proposalState(
  c: DevnetClients,
  p: Pick<GovernorProposal, 'governor' | 'proposalId'>,
  blockNumber?: bigint,
): Promise<ProposalStateName> {
  const raw = await c.publicClient.readContract({ address: p.governor, abi: governorAbi, functionName: 'state', args: [p.proposalId], blockNumber });
  const name = PROPOSAL_STATES[raw];
  if (name === undefined) throw new Error(`governor ${p.governor} returned unknown proposal state ${raw}`);
  return name;
}

import { parseAbi, parseAbiItem, toEventSelector } from 'viem';

/**
 * The OpenZeppelin `IGovernor` views this service reads (copied from OZ Contracts v5). The
 * Bravo-style governors built with `GovernorTimelockCompound` answer the same functions.
 */
export const governorAbi = parseAbi([
  'function state(uint256 proposalId) view returns (uint8)',
  'function proposalSnapshot(uint256 proposalId) view returns (uint256)',
  'function proposalDeadline(uint256 proposalId) view returns (uint256)',
  'function proposalEta(uint256 proposalId) view returns (uint256)',
  'function proposalVotes(uint256 proposalId) view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)',
  'function quorum(uint256 timepoint) view returns (uint256)',
  'function token() view returns (address)',
  'function CLOCK_MODE() view returns (string)',
]);

/** The views of Compound's GovernorBravoDelegate (no `proposalDeadline` / `proposalVotes` / `quorum(t)`); `state` has OZ's enum. */
export const bravoGovernorAbi = parseAbi([
  'function state(uint256 proposalId) view returns (uint8)',
  'function proposals(uint256 proposalId) view returns (uint256 id, address proposer, uint256 eta, uint256 startBlock, uint256 endBlock, uint256 forVotes, uint256 againstVotes, uint256 abstainVotes, bool canceled, bool executed)',
  'function quorumVotes() view returns (uint256)',
]);

export const erc20DecimalsAbi = parseAbi(['function decimals() view returns (uint8)']);

/** The logs of one transaction that join an upgrade's stages (signatures as in ingest-chain's catalogue). */
export const joinEvents = [
  parseAbiItem('event ProposalQueued(uint256 proposalId, uint256 etaSeconds)'),
  parseAbiItem('event ProposalExecuted(uint256 proposalId)'),
  parseAbiItem('event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)'),
  parseAbiItem('event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data)'),
  parseAbiItem('event QueueTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)'),
  parseAbiItem('event ExecuteTransaction(bytes32 indexed txHash, address indexed target, uint256 value, string signature, bytes data, uint256 eta)'),
] as const;

/** Safe `ExecutionSuccess`: 1.3 and 1.4 index differently but share topic0, which is all that is checked. */
export const SAFE_EXECUTION_SUCCESS_TOPIC = toEventSelector('ExecutionSuccess(bytes32,uint256)');


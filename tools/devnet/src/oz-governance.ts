import { encodeFunctionData, parseAbi, zeroAddress, type Address } from 'viem';
import type { DevnetClients } from './clients';
import { deployVotingToken, transferOwnerships, type GovernanceVoter } from './governance-token';
import { deployContract, sendTx } from './tx';

export const timelockControllerAbi = parseAbi([
  'function PROPOSER_ROLE() view returns (bytes32)',
  'function EXECUTOR_ROLE() view returns (bytes32)',
  'function CANCELLER_ROLE() view returns (bytes32)',
  'function DEFAULT_ADMIN_ROLE() view returns (bytes32)',
  'function grantRole(bytes32 role, address account)',
  'function renounceRole(bytes32 role, address callerConfirmation)',
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function getMinDelay() view returns (uint256)',
  'event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)',
  'event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data)',
  'event CallSalt(bytes32 indexed id, bytes32 salt)',
  'event Cancelled(bytes32 indexed id)',
  'event MinDelayChange(uint256 oldDuration, uint256 newDuration)',
]);

/** Settings shared by both devnet governances (OZ TimelockController and Compound Timelock flavours). */
export interface GovernanceOptions {
  /** Blocks between a proposal and the start of voting (default 1). */
  votingDelay?: number;
  /** Blocks voting stays open (default 10). */
  votingPeriod?: number;
  /** Quorum as a percentage of the total voting power at the snapshot (default 4). */
  quorumPercent?: number;
  /** Timelock delay in seconds (default 60). */
  timelockDelay?: number;
  /** Token holders: each gets `weight` tokens minted and self-delegates. */
  voters: readonly GovernanceVoter[];
  /** Contracts with `transferOwnership(address)` owned by the signer (UUPS vaults, ProxyAdmins) to hand to the timelock. */
  transferToTimelock?: readonly Address[];
  /** Governor name (default 'Devnet Governor'). */
  name?: string;
}

export interface GovernanceDeployment {
  token: Address;
  governor: Address;
  timelock: Address;
  votingDelay: number;
  votingPeriod: number;
  quorumPercent: number;
  timelockDelay: number;
}

export function governanceSettings(opts: GovernanceOptions) {
  return {
    name: opts.name ?? 'Devnet Governor',
    votingDelay: opts.votingDelay ?? 1,
    votingPeriod: opts.votingPeriod ?? 10,
    quorumPercent: opts.quorumPercent ?? 4,
    timelockDelay: opts.timelockDelay ?? 60,
  };
}

/**
 * Deploys an OZ 5 governance: DevnetGovToken (ERC20Votes), an OZ TimelockController and a DevnetGovernor
 * (GovernorSettings, CountingSimple, Votes, VotesQuorumFraction, TimelockControl). The governor is the timelock's
 * proposer and canceller, anyone (the zero address) may execute, and the signer renounces its timelock admin
 * role, so the timelock administers itself as in a production setup. Voters get their tokens and self-delegate;
 * `transferToTimelock` contracts become owned by the timelock.
 *
 * @example
 * const gov = await deployOzGovernance(c, { votingDelay: 1, votingPeriod: 5, quorumPercent: 4, timelockDelay: 60,
 *   voters: [{ account: devnetClients(url, { accountIndex: 11 }), weight: parseEther('100') }] });
 */
export async function deployOzGovernance(c: DevnetClients, opts: GovernanceOptions): Promise<GovernanceDeployment> {
  const s = governanceSettings(opts);
  const token = await deployVotingToken(c, opts.voters);
  const timelock = (await deployContract(c, 'TimelockController', [BigInt(s.timelockDelay), [], [zeroAddress], c.account.address])).address;
  const governor = (
    await deployContract(c, 'DevnetGovernor', [s.name, token, timelock, s.votingDelay, s.votingPeriod, BigInt(s.quorumPercent)])
  ).address;

  const role = (functionName: 'PROPOSER_ROLE' | 'CANCELLER_ROLE' | 'DEFAULT_ADMIN_ROLE') =>
    c.publicClient.readContract({ address: timelock, abi: timelockControllerAbi, functionName });
  for (const r of [await role('PROPOSER_ROLE'), await role('CANCELLER_ROLE')]) {
    await sendTx(c, timelock, encodeFunctionData({ abi: timelockControllerAbi, functionName: 'grantRole', args: [r, governor] }), `grant timelock role to governor`);
  }
  const renounce = encodeFunctionData({ abi: timelockControllerAbi, functionName: 'renounceRole', args: [await role('DEFAULT_ADMIN_ROLE'), c.account.address] });
  await sendTx(c, timelock, renounce, 'renounce timelock admin');

  await transferOwnerships(c, opts.transferToTimelock ?? [], timelock);
  return { token, governor, timelock, ...s };
}

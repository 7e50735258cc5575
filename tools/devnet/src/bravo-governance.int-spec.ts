/**
 * GovernorBravo-style governor (OZ GovernorTimelockCompound) and the Compound Timelock, on a private Hardhat
 * node (the suite mines blocks and moves time by weeks).
 */
import { revertOf } from '@pum/testing';
import { encodeAbiParameters, parseEventLogs, type Address } from 'viem';
import { deployBravoGovernance } from './bravo-governance';
import {
  COMPOUND_GRACE_PERIOD,
  cancelTimelockTransaction,
  compoundTimelockAbi,
  compoundTimelockTxHash,
  deployCompoundTimelock,
  executeTimelockTransaction,
  queueTimelockTransaction,
} from './compound-timelock';
import { readImplementation } from './eip1967';
import { PROPOSAL_STATES, castVote, executeProposal, governorAbi, proposalState, propose, queueProposal, type GovernorProposal } from './governor';
import { governanceErrorsAbi, startGovernanceFixture, upgradedTo, type GovernanceFixture } from './governance-spec-support';
import { transferOwnerships } from './governance-token';
import type { GovernanceDeployment } from './oz-governance';
import { deployTransparentProxy, deployUupsProxy, transparentUpgradeCall } from './proxies';
import { increaseTime, mineUntil } from './time';
import { deployContract } from './tx';

const DELAY = 600;
let f: GovernanceFixture;
let gov: GovernanceDeployment;
let proxy: Address;
let proxyAdmin: Address;

beforeAll(async () => {
  f = await startGovernanceFixture();
  const token = await deployTransparentProxy(f.c);
  proxy = token.proxy;
  proxyAdmin = token.proxyAdmin ?? '0x';
  gov = await deployBravoGovernance(f.c, { votingDelay: 1, votingPeriod: 6, quorumPercent: 10, timelockDelay: DELAY, voters: f.voters, transferToTimelock: [proxyAdmin] });
}, 60_000);

afterAll(async () => {
  await f?.node.stop();
});

const timelockRead = <F extends 'admin' | 'delay' | 'GRACE_PERIOD'>(timelock: Address, functionName: F) =>
  f.c.publicClient.readContract({ address: timelock, abi: compoundTimelockAbi, functionName });

/** Proposes upgrading the token proxy to a fresh TokenLogicV2 and votes it through. */
async function passUpgradeProposal(description: string): Promise<{ p: GovernorProposal; v2: Address }> {
  const v2 = (await deployContract(f.c, 'TokenLogicV2')).address;
  const p = await propose(f.c, { governor: gov.governor, actions: [transparentUpgradeCall(proxyAdmin, proxy, v2)], description });
  await mineUntil(f.c, p.voteStart + 1n);
  await castVote(f.voters[0].account, { governor: gov.governor, proposalId: p.proposalId, support: 'for', reason: 'upgrade the token' });
  await castVote(f.voters[1].account, { governor: gov.governor, proposalId: p.proposalId, support: 'against', reason: 'too early' });
  await mineUntil(f.c, p.voteEnd + 1n);
  expect(await proposalState(f.c, p)).toBe('Succeeded');
  return { p, v2 };
}

describe('GovernorBravo-style governor + Compound Timelock', () => {
  it('makes the governor the timelock admin at deployment', async () => {
    expect(await timelockRead(gov.timelock, 'admin')).toBe(gov.governor);
    expect(await timelockRead(gov.timelock, 'delay')).toBe(BigInt(DELAY));
    expect(await timelockRead(gov.timelock, 'GRACE_PERIOD')).toBe(COMPOUND_GRACE_PERIOD);
    expect(await f.c.publicClient.readContract({ address: gov.governor, abi: governorAbi, functionName: 'timelock' })).toBe(gov.timelock);
  });

  it('upgrades a timelock-owned transparent proxy: propose -> vote -> queue (QueueTransaction) -> execute (Upgraded)', async () => {
    const before = await readImplementation(f.c.publicClient, proxy);
    const { p, v2 } = await passUpgradeProposal('Upgrade the token to V2');
    const queued = await queueProposal(f.c, p);
    expect(await proposalState(f.c, p)).toBe('Queued');
    const [q] = parseEventLogs({ abi: compoundTimelockAbi, logs: queued.receipt.logs, eventName: 'QueueTransaction' });
    expect(q?.args).toMatchObject({ target: proxyAdmin, value: 0n, signature: '', data: p.calldatas[0], eta: queued.eta });
    const queuedAt = await f.c.publicClient.getBlock({ blockNumber: queued.block });
    expect(queued.eta).toBe(queuedAt.timestamp + BigInt(DELAY));

    await expect(executeProposal(f.c, p)).rejects.toThrow(/hasn't surpassed time lock/);
    await increaseTime(f.c, DELAY);
    const executed = await executeProposal(f.c, p);
    const [ex] = parseEventLogs({ abi: compoundTimelockAbi, logs: executed.receipt.logs, eventName: 'ExecuteTransaction' });
    expect(ex?.args.txHash).toBe(q?.args.txHash);
    expect(parseEventLogs({ abi: governorAbi, logs: executed.receipt.logs, eventName: 'ProposalExecuted' })).toHaveLength(1);
    expect(upgradedTo(executed.receipt, proxy)).toEqual([v2]);
    expect(await readImplementation(f.c.publicClient, proxy, executed.block - 1n)).toBe(before);
    expect(await readImplementation(f.c.publicClient, proxy, executed.block)).toBe(v2);
    expect(await proposalState(f.c, p)).toBe('Executed');
  });

  it('expires a queued proposal left past ETA + GRACE_PERIOD (14 days); it can no longer execute', async () => {
    const before = await readImplementation(f.c.publicClient, proxy);
    const { p } = await passUpgradeProposal('Upgrade the token, left to expire');
    const queued = await queueProposal(f.c, p);
    await increaseTime(f.c, DELAY + 13 * 24 * 3600);
    expect(await proposalState(f.c, p)).toBe('Queued');
    await increaseTime(f.c, 24 * 3600 + 1);
    expect(await proposalState(f.c, p)).toBe('Expired');
    expect(await revertOf(executeProposal(f.c, p), governanceErrorsAbi)).toMatchObject({
      errorName: 'GovernorUnexpectedProposalState',
      args: [p.proposalId, PROPOSAL_STATES.indexOf('Expired'), expect.any(String)],
    });
    expect(await readImplementation(f.c.publicClient, proxy)).toBe(before);
    expect(queued.eta + COMPOUND_GRACE_PERIOD).toBeLessThan((await f.c.publicClient.getBlock()).timestamp);
  });
});

describe('Compound Timelock used directly by its admin', () => {
  it('queues, refuses an early execution, executes after the ETA (signature form), and cancels', async () => {
    const timelock = await deployCompoundTimelock(f.c, { delay: 120 });
    const vault = await deployUupsProxy(f.c);
    await transferOwnerships(f.c, [vault.proxy], timelock);
    const v2 = (await deployContract(f.c, 'VaultV2')).address;
    const args = encodeAbiParameters([{ type: 'address' }, { type: 'bytes' }], [v2, '0x']);

    const q = await queueTimelockTransaction(f.c, { timelock, target: vault.proxy, signature: 'upgradeToAndCall(address,bytes)', data: args });
    expect(q.txHash).toBe(compoundTimelockTxHash(q));
    const isQueued = (h: `0x${string}`) => f.c.publicClient.readContract({ address: timelock, abi: compoundTimelockAbi, functionName: 'queuedTransactions', args: [h] });
    expect(await isQueued(q.txHash)).toBe(true);
    await expect(
      f.c.publicClient.simulateContract({
        account: f.c.account,
        address: timelock,
        abi: compoundTimelockAbi,
        functionName: 'executeTransaction',
        args: [q.target, 0n, q.signature ?? '', q.data, q.eta],
      }),
    ).rejects.toThrow(/hasn't surpassed time lock/);

    await increaseTime(f.c, 125);
    const executed = await executeTimelockTransaction(f.c, q);
    expect(parseEventLogs({ abi: compoundTimelockAbi, logs: executed.receipt.logs, eventName: 'ExecuteTransaction' })[0]?.args.txHash).toBe(q.txHash);
    expect(upgradedTo(executed.receipt, vault.proxy)).toEqual([v2]);
    expect(await readImplementation(f.c.publicClient, vault.proxy)).toBe(v2);
    expect(await isQueued(q.txHash)).toBe(false);

    const again = await queueTimelockTransaction(f.c, { timelock, target: vault.proxy, signature: 'upgradeToAndCall(address,bytes)', data: args });
    const canceled = await cancelTimelockTransaction(f.c, again);
    expect(parseEventLogs({ abi: compoundTimelockAbi, logs: canceled.receipt.logs, eventName: 'CancelTransaction' })[0]?.args.txHash).toBe(again.txHash);
    expect(await isQueued(again.txHash)).toBe(false);
  });

  it('rejects a queue from an account that is not the admin', async () => {
    const timelock = await deployCompoundTimelock(f.c, { delay: 60 });
    await expect(queueTimelockTransaction(f.voters[0].account, { timelock, target: timelock, data: '0x' })).rejects.toThrow(/Call must come from admin/);
  });
});

/**
 * OZ Governor + TimelockController on a private Hardhat node (the suite mines blocks and moves time).
 */
import { revertOf } from '@pum/testing';
import { parseEventLogs, toHex, type Address } from 'viem';
import { readImplementation } from './eip1967';
import { PROPOSAL_STATES, castVote, cancelProposal, executeProposal, governorAbi, proposalState, propose, queueProposal } from './governor';
import { governanceErrorsAbi, startGovernanceFixture, upgradedTo, type GovernanceFixture } from './governance-spec-support';
import { deployOzGovernance, timelockControllerAbi, type GovernanceDeployment } from './oz-governance';
import { deployUupsProxy, uupsUpgradeCall } from './proxies';
import { increaseTime, mineBlocks, mineUntil } from './time';
import { deployContract } from './tx';

let f: GovernanceFixture;
let gov: GovernanceDeployment;
let proxy: Address;

beforeAll(async () => {
  f = await startGovernanceFixture();
  const vault = await deployUupsProxy(f.c);
  proxy = vault.proxy;
  gov = await deployOzGovernance(f.c, {
    votingDelay: 2,
    votingPeriod: 8,
    quorumPercent: 20,
    timelockDelay: 3600,
    voters: f.voters,
    transferToTimelock: [proxy],
  });
}, 60_000);

afterAll(async () => {
  await f?.node.stop();
});

async function proposeUpgrade(description: string) {
  const v2 = await deployContract(f.c, 'VaultV2');
  const p = await propose(f.c, { governor: gov.governor, actions: [uupsUpgradeCall(proxy, v2.address)], description });
  return { p, v2: v2.address };
}

describe('OZ Governor + TimelockController', () => {
  it('deploys a self-administered timelock with the governor as proposer and anyone as executor', async () => {
    const read = (functionName: 'PROPOSER_ROLE' | 'EXECUTOR_ROLE' | 'DEFAULT_ADMIN_ROLE') =>
      f.c.publicClient.readContract({ address: gov.timelock, abi: timelockControllerAbi, functionName });
    const hasRole = (role: `0x${string}`, account: Address) =>
      f.c.publicClient.readContract({ address: gov.timelock, abi: timelockControllerAbi, functionName: 'hasRole', args: [role, account] });
    expect(await hasRole(await read('PROPOSER_ROLE'), gov.governor)).toBe(true);
    expect(await hasRole(await read('EXECUTOR_ROLE'), '0x0000000000000000000000000000000000000000')).toBe(true);
    expect(await hasRole(await read('DEFAULT_ADMIN_ROLE'), f.c.account.address)).toBe(false);
    expect(await hasRole(await read('DEFAULT_ADMIN_ROLE'), gov.timelock)).toBe(true);
    expect(await f.c.publicClient.readContract({ address: gov.timelock, abi: timelockControllerAbi, functionName: 'getMinDelay' })).toBe(3600n);
    expect(await f.c.publicClient.readContract({ address: gov.governor, abi: governorAbi, functionName: 'timelock' })).toBe(gov.timelock);
  });

  it('upgrades a timelock-owned UUPS proxy: propose -> votes with reasons -> queue (CallScheduled) -> execute (Upgraded)', async () => {
    const implementationBefore = await readImplementation(f.c.publicClient, proxy);
    const { p, v2 } = await proposeUpgrade('Upgrade the vault to V2');
    expect(await proposalState(f.c, p)).toBe('Pending');
    expect(p.voteStart).toBe(p.block + 2n);

    await mineBlocks(f.c, 2);
    expect(await proposalState(f.c, p)).toBe('Pending'); // voting opens the block after voteStart
    await mineUntil(f.c, p.voteStart + 1n);
    expect(await proposalState(f.c, p)).toBe('Active');
    const [a, b, cc] = f.voters;
    expect((await castVote(a.account, { governor: gov.governor, proposalId: p.proposalId, support: 'for', reason: 'V2 adds pausing' })).weight).toBe(a.weight);
    await castVote(b.account, { governor: gov.governor, proposalId: p.proposalId, support: 'against', reason: 'not audited' });
    const withParams = await castVote(cc.account, { governor: gov.governor, proposalId: p.proposalId, support: 'abstain', reason: '', params: toHex('memo') });
    const [paramsLog] = parseEventLogs({ abi: governorAbi, logs: withParams.receipt.logs, eventName: 'VoteCastWithParams' });
    expect(paramsLog?.args.params).toBe(toHex('memo'));
    expect(await f.c.publicClient.readContract({ address: gov.governor, abi: governorAbi, functionName: 'proposalVotes', args: [p.proposalId] })).toEqual([
      b.weight,
      a.weight,
      cc.weight,
    ]);

    await mineUntil(f.c, p.voteEnd);
    expect(await proposalState(f.c, p)).toBe('Active');
    await mineBlocks(f.c, 1);
    expect(await proposalState(f.c, p)).toBe('Succeeded');
    const queued = await queueProposal(f.c, p);
    expect(await proposalState(f.c, p)).toBe('Queued');
    const [scheduled] = parseEventLogs({ abi: timelockControllerAbi, logs: queued.receipt.logs, eventName: 'CallScheduled' });
    expect(scheduled?.args).toMatchObject({ target: proxy, data: p.calldatas[0], delay: 3600n });
    const queuedAt = await f.c.publicClient.getBlock({ blockNumber: queued.block });
    expect(queued.eta).toBe(queuedAt.timestamp + 3600n);

    // The timelock delay has not passed: the operation is not Ready yet.
    expect(await revertOf(executeProposal(f.c, p), governanceErrorsAbi)).toMatchObject({ errorName: 'TimelockUnexpectedOperationState' });
    await increaseTime(f.c, 3600);
    const executed = await executeProposal(f.c, p);
    expect(upgradedTo(executed.receipt, proxy)).toEqual([v2]);
    expect(parseEventLogs({ abi: timelockControllerAbi, logs: executed.receipt.logs, eventName: 'CallExecuted' })).toHaveLength(1);
    expect(parseEventLogs({ abi: governorAbi, logs: executed.receipt.logs, eventName: 'ProposalExecuted' })).toHaveLength(1);
    expect(await proposalState(f.c, p)).toBe('Executed');
    expect(await readImplementation(f.c.publicClient, proxy, executed.block - 1n)).toBe(implementationBefore);
    expect(await readImplementation(f.c.publicClient, proxy, executed.block)).toBe(v2);
  });

  it('defeats a proposal the majority votes against, which then cannot be queued', async () => {
    const before = await readImplementation(f.c.publicClient, proxy);
    const { p } = await proposeUpgrade('Upgrade the vault again');
    await mineUntil(f.c, p.voteStart + 1n);
    await castVote(f.voters[0].account, { governor: gov.governor, proposalId: p.proposalId, support: 'against', reason: 'no' });
    await castVote(f.voters[1].account, { governor: gov.governor, proposalId: p.proposalId, support: 'for' });
    await mineUntil(f.c, p.voteEnd + 1n);
    expect(await proposalState(f.c, p)).toBe('Defeated');
    expect(await revertOf(queueProposal(f.c, p), governanceErrorsAbi)).toMatchObject({
      errorName: 'GovernorUnexpectedProposalState',
      args: [p.proposalId, PROPOSAL_STATES.indexOf('Defeated'), expect.any(String)],
    });
    expect(await readImplementation(f.c.publicClient, proxy)).toBe(before);
  });

  it('lets the proposer cancel a pending proposal (ProposalCanceled); it can no longer be voted on', async () => {
    const { p } = await proposeUpgrade('Upgrade the vault, cancelled');
    const canceled = await cancelProposal(f.c, p);
    expect(parseEventLogs({ abi: governorAbi, logs: canceled.receipt.logs, eventName: 'ProposalCanceled' })[0]?.args.proposalId).toBe(p.proposalId);
    expect(await proposalState(f.c, p)).toBe('Canceled');
    await mineUntil(f.c, p.voteStart + 1n);
    expect(await revertOf(castVote(f.voters[0].account, { governor: gov.governor, proposalId: p.proposalId, support: 'for' }), governanceErrorsAbi)).toMatchObject({
      errorName: 'GovernorUnexpectedProposalState',
      args: [p.proposalId, PROPOSAL_STATES.indexOf('Canceled'), expect.any(String)],
    });
  });
});

/**
 * The upgrade lifecycle end to end: real OZ Governor + TimelockController and a Bravo-style
 * governor (GovernorTimelockCompound + Compound Timelock) on a private Hardhat node (these tests
 * mine blocks and travel in time), ingest-chain decoding their logs, ingest-governance tracking the
 * proposals and publishing `upgrades.lifecycle.v1` — over the real Kafka, Postgres and Redis.
 */
import { DLQ_HEADERS, TOPICS, catalogue, type MessageOf, type UpgradeLifecycle } from '@pum/contracts';
import {
  COMPOUND_GRACE_PERIOD,
  cancelTimelockTransaction,
  cancelProposal,
  castVote,
  deployBeaconProxy,
  deployBravoGovernance,
  deployCompoundTimelock,
  deployContract,
  deployOzGovernance,
  deploySafe,
  deployUupsProxy,
  devnetClients,
  execSafeTransaction,
  executeProposal,
  executeTimelockTransaction,
  increaseTime,
  loadArtifacts,
  mineUntil,
  propose,
  queueProposal,
  queueTimelockTransaction,
  transferOwnerships,
  upgradeUupsProxy,
  uupsUpgradeCall,
  type DevnetClients,
  type GovernanceDeployment,
  type GovernorProposal,
} from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, startDevnetNode, testInfra, uniqueToken, waitFor, type DevnetNode, type SpawnedService } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { encodeFunctionData, parseAbi, parseEther, type Address } from 'viem';
import { loadIngestGovernanceConfig } from '../config';
import { startIngestGovernance } from '../create-app';

const TIMELOCK_DELAY = 3600;
const VOTING = { votingDelay: 2, votingPeriod: 8, quorumPercent: 20, timelockDelay: TIMELOCK_DELAY };

describe('upgrade lifecycle through on-chain governance (private devnet, Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('lifecycle');
  const probe = new KafkaProbe(`${token}.`);
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  let node: DevnetNode;
  let c: DevnetClients;
  let voters: DevnetClients[];
  let oz: GovernanceDeployment;
  let bravo: GovernanceDeployment;
  let ozVault: Address;
  let bravoVault: Address;
  let beacon: Address;
  /** A Compound Timelock its deployer administers directly: no vote. */
  let timelock: Address;
  let timelockVault: Address;
  let chainService: SpawnedService | undefined;
  let governanceService: INestApplication | undefined;
  let governanceEnv: Record<string, string>;

  const startGovernance = async () => {
    governanceService = await startIngestGovernance(loadIngestGovernanceConfig(governanceEnv), new JsonLogger('ingest-governance', 'silent'));
  };
  const parsed = <T extends 'upgrades.lifecycle.v1' | 'protocol.events.v1' | 'governance.proposals.v1'>(topic: T): MessageOf<T>[] =>
    probe.on(probe.namer.physical(topic)).map((m) => catalogue[topic].parse(JSON.parse(m.value ?? '')) as MessageOf<T>);
  const stagesOf = (target: Address): UpgradeLifecycle[] =>
    parsed(TOPICS.upgradesLifecycle)
      .map((m) => m.payload)
      .filter((p) => p.target === target.toLowerCase());
  const waitForStage = (target: Address, stage: UpgradeLifecycle['stage'], what = `${stage} of ${target}`) =>
    waitFor(() => stagesOf(target).find((p) => p.stage === stage), { what, timeoutMs: 45_000 });
  /**
   * Timeouts of the tests that wait for two stages or more (each wait up to 30 or 45 s on a loaded
   * machine) between blocks they mine: jest's default 60 s is no more than two such waits.
   */
  const SEVERAL_STAGES_MS = 120_000;
  const RESTART_AND_EVERY_STAGE_MS = 180_000;
  /** Proposes an upgrade of `vault` to a fresh VaultV2. */
  const proposeUpgrade = async (gov: GovernanceDeployment, vault: Address, description: string) => {
    const v2 = await deployContract(c, 'VaultV2');
    const proposal = await propose(c, { governor: gov.governor, actions: [uupsUpgradeCall(vault, v2.address)], description });
    return { proposal, implementation: v2.address };
  };
  const vote = (gov: GovernanceDeployment, p: GovernorProposal, voter: number, support: 'for' | 'against' | 'abstain', reason?: string) =>
    castVote(voters[voter]!, { governor: gov.governor, proposalId: p.proposalId, support, reason });
  /** Votes the proposal through (60 for, 30 against) and closes the vote. */
  const passVote = async (gov: GovernanceDeployment, p: GovernorProposal) => {
    await mineUntil(c, p.voteStart + 1n);
    await vote(gov, p, 0, 'for', 'V2 adds pausing');
    await vote(gov, p, 1, 'against', 'not audited yet');
    await mineUntil(c, p.voteEnd + 1n);
  };

  beforeAll(async () => {
    await loadArtifacts();
    node = await startDevnetNode();
    c = devnetClients(node.rpcUrl, { accountIndex: 0 });
    voters = [11, 12, 13].map((accountIndex) => devnetClients(node.rpcUrl, { accountIndex }));
    const holders = voters.map((account, i) => ({ account, weight: parseEther(['60', '30', '10'][i]!) }));
    ozVault = (await deployUupsProxy(c)).proxy;
    bravoVault = (await deployUupsProxy(c)).proxy;
    oz = await deployOzGovernance(c, { ...VOTING, voters: holders, transferToTimelock: [ozVault] });
    bravo = await deployBravoGovernance(c, { ...VOTING, voters: holders, transferToTimelock: [bravoVault] });
    beacon = (await deployBeaconProxy(c)).beacon;
    await transferOwnerships(c, [beacon], oz.timelock);
    timelock = await deployCompoundTimelock(c, { delay: TIMELOCK_DELAY });
    timelockVault = (await deployUupsProxy(c)).proxy;
    await transferOwnerships(c, [timelockVault], timelock);
    // ingest-chain reads governance and timelock logs of the registry's contracts only.
    const contracts = [oz.governor, oz.timelock, bravo.governor, bravo.timelock, timelock, ozVault, bravoVault, timelockVault];
    writeFileSync(
      registryFile,
      `protocols:\n  - id: devnet-dao\n    name: Devnet DAO\n    contracts:\n${contracts.map((a) => `      - { chainId: 31337, address: '${a}' }`).join('\n')}\n`,
    );

    await probe.createTopics();
    await probe.watch([TOPICS.upgradesLifecycle, TOPICS.protocolEvents, TOPICS.governanceProposals, TOPICS.governanceRaw].map((t) => probe.namer.physical(t)).concat(probe.namer.deadLetter(TOPICS.protocolEvents)));
    const head = await c.publicClient.getBlockNumber();
    const shared = { PROTOCOL_REGISTRY_FILE: registryFile };
    // Its own process, as deployed: services never import each other.
    chainService = await spawnService(
      'ingest-chain',
      isolatedServiceEnv(token, { ...shared, SERVICE: 'chain', DATABASE_SCHEMA: `${token.toLowerCase()}_chain`, CHAIN_RPC_URL: node.rpcUrl, CHAIN_START_BLOCK: (head + 1n).toString(), CHAIN_POLL_INTERVAL_MS: '150' }),
    );
    governanceEnv = isolatedServiceEnv(token, {
      ...shared,
      SERVICE: 'gov',
      DATABASE_SCHEMA: `${token.toLowerCase()}_gov`,
      GOVERNANCE_RPC_URLS: JSON.stringify({ 31337: node.rpcUrl }),
      GOVERNANCE_RECHECK_INTERVAL_MS: '150',
    });
    await startGovernance();
  }, 120_000);

  afterAll(async () => {
    await governanceService?.close();
    await chainService?.stop();
    await probe.dispose();
    await node?.stop();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(`${token.toLowerCase()}_chain`);
    await dropSchema(`${token.toLowerCase()}_gov`);
  });

  it('follows an OZ Governor upgrade through every stage, across a restart, to the Upgraded event', async () => {
    const snapshotId = `0x${'5'.repeat(64)}`;
    const { proposal, implementation } = await proposeUpgrade(oz, ozVault, `# Upgrade the vault to V2\n\nAdds pausing. Temperature check: https://snapshot.org/#/devnet-dao.eth/proposal/${snapshotId}`);
    const proposed = await waitForStage(ozVault, 'proposed');
    expect(proposed).toMatchObject({
      authority: 'governor',
      newImplementation: implementation.toLowerCase(),
      upgradeKind: 'upgrade_to_and_call',
      proposal: { source: 'governor', id: proposal.proposalId.toString(), space: oz.governor.toLowerCase(), title: 'Upgrade the vault to V2' },
      eta: null,
      snapshot: { space: 'devnet-dao.eth', id: snapshotId },
    });

    await passVote(oz, proposal);
    await waitForStage(ozVault, 'succeeded');
    const queued = await queueProposal(c, proposal);
    const queuedStage = await waitForStage(ozVault, 'queued');
    expect(queuedStage.eta).toBe(new Date(Number(queued.eta) * 1000).toISOString());
    expect(queuedStage.timelock?.address).toBe(oz.timelock.toLowerCase());
    expect(queuedStage.timelock?.operationId).toMatch(/^0x[0-9a-f]{64}$/);

    // A restart between stages publishes nothing twice and misses nothing.
    await governanceService?.close();
    governanceService = undefined;
    await increaseTime(c, TIMELOCK_DELAY);
    const executed = await executeProposal(c, proposal);
    await startGovernance();

    const done = await waitForStage(ozVault, 'executed');
    const upgradedEvent = parsed(TOPICS.protocolEvents).find((m) => m.payload.kind === 'upgraded' && m.payload.transactionHash === executed.tx.toLowerCase());
    expect(done.executionEventId).toBe(upgradedEvent?.payload.eventId);
    expect(done).toMatchObject({ eta: queuedStage.eta, timelock: queuedStage.timelock, upgradeId: proposed.upgradeId });
    expect(stagesOf(ozVault).map((s) => s.stage)).toEqual(['proposed', 'voting', 'succeeded', 'queued', 'executed']);

    const last = await waitFor(() => parsed(TOPICS.governanceProposals).find((m) => m.payload.id === proposal.proposalId.toString() && m.payload.state === 'executed'), { what: 'executed proposal' });
    const states = parsed(TOPICS.governanceProposals)
      .filter((m) => m.payload.id === proposal.proposalId.toString())
      .map((m) => m.payload.state);
    // States as read at the head when each event was handled, in order, each new vote a new version of the same
    // state. On a busy machine an event may be handled after the chain moved on: `pending` is missed when the
    // creation is handled after the voting delay was mined, `active` when the votes are handled after the
    // deadline. The ones after the vote are always seen, each once, in the governor's order.
    const stateChanges = states.filter((state, i) => state !== states[i - 1]);
    const order: typeof stateChanges = ['pending', 'active', 'succeeded', 'queued', 'executed'];
    expect(stateChanges).toEqual(order.filter((state) => stateChanges.includes(state)));
    expect(stateChanges.slice(-3)).toEqual(['succeeded', 'queued', 'executed']);
    expect(last.payload).toMatchObject({ source: 'governor', chainId: 31337, votes: 2, scores: [60, 30, 0], quorum: 20, title: 'Upgrade the vault to V2' });
    // GovernorCountingSimple: For + Abstain reach quorum (60 of the 90 cast), Against does not.
    expect(last.payload.analysis).toMatchObject({ turnout: 90, quorum: 20, quorumRatio: 3, passChoice: 0, leadingChoice: 0, concentration: { voters: 2, nakamoto: 1 } });
    const raw = probe.on(probe.namer.physical(TOPICS.governanceRaw)).map((m) => catalogue[TOPICS.governanceRaw].parse(JSON.parse(m.value ?? '')).payload);
    expect(raw.filter((r) => r.externalId === proposal.proposalId.toString()).map((r) => (r.body as { state: string }).state)).toEqual(expect.arrayContaining(['pending', 'executed']));
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    const { rows } = await db.query(`SELECT support, reason FROM "${token.toLowerCase()}_gov".governor_votes WHERE proposal_id = $1 ORDER BY support`, [proposal.proposalId.toString()]);
    await db.end();
    expect(rows).toEqual([{ support: 0, reason: 'not audited yet' }, { support: 1, reason: 'V2 adds pausing' }]);
  }, RESTART_AND_EVERY_STAGE_MS);

  it('ends a proposal the majority votes against as defeated, when its deadline passes', async () => {
    const { proposal } = await proposeUpgrade(oz, ozVault, 'Upgrade the vault again');
    await mineUntil(c, proposal.voteStart + 1n);
    await vote(oz, proposal, 0, 'against', 'too soon after the last upgrade');
    await vote(oz, proposal, 1, 'for');
    await mineUntil(c, proposal.voteEnd + 1n);

    const defeated = await waitForStage(ozVault, 'defeated');
    const stages = stagesOf(ozVault).filter((s) => s.upgradeId === defeated.upgradeId).map((s) => s.stage);
    expect(stages).toEqual(['proposed', 'voting', 'defeated']);
    expect(defeated.stageAt).toBe((await blockTime(c, proposal.voteEnd)).toISOString());
  });

  it('cancels the upgrade of a proposal its proposer cancels', async () => {
    const { proposal } = await proposeUpgrade(oz, ozVault, 'Upgrade the vault, cancelled');
    const proposed = await waitFor(() => stagesOf(ozVault).find((s) => s.stage === 'proposed' && s.proposal?.id === proposal.proposalId.toString()), { what: 'proposed' });
    await cancelProposal(c, proposal);

    await waitFor(() => stagesOf(ozVault).some((s) => s.upgradeId === proposed.upgradeId && s.stage === 'cancelled'), { what: 'cancelled' });
    expect(stagesOf(ozVault).filter((s) => s.upgradeId === proposed.upgradeId).map((s) => s.stage)).toEqual(['proposed', 'cancelled']);
  }, SEVERAL_STAGES_MS);

  it('follows a Bravo-style governor through its Compound Timelock to the Upgraded event', async () => {
    const { proposal } = await proposeUpgrade(bravo, bravoVault, 'Upgrade the Bravo vault');
    await passVote(bravo, proposal);
    const queued = await queueProposal(c, proposal);
    const queuedStage = await waitForStage(bravoVault, 'queued');
    expect(queuedStage.eta).toBe(new Date(Number(queued.eta) * 1000).toISOString());
    expect(queuedStage.timelock?.address).toBe(bravo.timelock.toLowerCase());
    await increaseTime(c, TIMELOCK_DELAY);
    const executed = await executeProposal(c, proposal);

    const done = await waitForStage(bravoVault, 'executed');
    const upgradedEvent = parsed(TOPICS.protocolEvents).find((m) => m.payload.kind === 'upgraded' && m.payload.transactionHash === executed.tx.toLowerCase());
    expect(done.executionEventId).toBe(upgradedEvent?.payload.eventId);
    expect(stagesOf(bravoVault).filter((s) => s.upgradeId === done.upgradeId).map((s) => s.stage)).toEqual(['proposed', 'voting', 'succeeded', 'queued', 'executed']);
  }, SEVERAL_STAGES_MS);

  it('follows a beacon upgraded through the OZ Governor (every proxy on it changes code)', async () => {
    const v2 = await deployContract(c, 'VaultV2');
    const data = encodeFunctionData({ abi: parseAbi(['function upgradeTo(address newImplementation)']), functionName: 'upgradeTo', args: [v2.address] });
    const proposal = await propose(c, { governor: oz.governor, actions: [{ target: beacon, data }], description: 'Upgrade the vault beacon' });
    await passVote(oz, proposal);
    await queueProposal(c, proposal);
    await increaseTime(c, TIMELOCK_DELAY);
    const executed = await executeProposal(c, proposal);

    const done = await waitForStage(beacon, 'executed');
    expect(done).toMatchObject({ newImplementation: v2.address.toLowerCase(), authority: 'governor', proposal: { id: proposal.proposalId.toString() } });
    // The protocol event is on another topic: the probe may read it after the stage it caused.
    const beaconUpgraded = await waitFor(() => parsed(TOPICS.protocolEvents).find((m) => m.payload.kind === 'upgraded' && m.payload.contract === beacon.toLowerCase() && m.payload.transactionHash === executed.tx.toLowerCase()), { what: 'the Upgraded event' });
    expect(done.executionEventId).toBe(beaconUpgraded.payload.eventId);
    expect(stagesOf(beacon).map((s) => s.stage)).toEqual(['proposed', 'voting', 'succeeded', 'queued', 'executed']);
  }, SEVERAL_STAGES_MS);

  it('follows upgrades queued on a timelock without a vote: one cancelled, one executed', async () => {
    const upgradeCall = async () => uupsUpgradeCall(timelockVault, (await deployContract(c, 'VaultV2')).address);
    const kept = await queueTimelockTransaction(c, { timelock, ...(await upgradeCall()) });
    const dropped = await queueTimelockTransaction(c, { timelock, ...(await upgradeCall()) });
    const queuedOf = (txHash: string) => waitFor(() => stagesOf(timelockVault).find((s) => s.stage === 'queued' && s.timelock?.operationId === txHash), { what: `queued ${txHash}` });
    const [keptQueued, droppedQueued] = [await queuedOf(kept.txHash), await queuedOf(dropped.txHash)];
    expect(keptQueued).toMatchObject({ authority: 'timelock', proposal: null, eta: new Date(Number(kept.eta) * 1000).toISOString(), timelock: { address: timelock.toLowerCase() } });

    await cancelTimelockTransaction(c, dropped);
    await increaseTime(c, TIMELOCK_DELAY + 10);
    const executed = await executeTimelockTransaction(c, kept);

    const done = await waitFor(() => stagesOf(timelockVault).find((s) => s.stage === 'executed'), { what: 'executed' });
    expect(done.upgradeId).toBe(keptQueued.upgradeId);
    const upgraded = await waitFor(() => parsed(TOPICS.protocolEvents).find((m) => m.payload.kind === 'upgraded' && m.payload.transactionHash === executed.tx.toLowerCase()), { what: 'the Upgraded event' });
    expect(done.executionEventId).toBe(upgraded.payload.eventId);
    await waitFor(() => stagesOf(timelockVault).some((s) => s.upgradeId === droppedQueued.upgradeId && s.stage === 'cancelled'), { what: 'cancelled' });
    expect(stagesOf(timelockVault).map((s) => `${s.upgradeId === keptQueued.upgradeId ? 'kept' : 'dropped'}:${s.stage}`)).toEqual(['kept:queued', 'dropped:queued', 'dropped:cancelled', 'kept:executed']);
  }, SEVERAL_STAGES_MS);

  it('says when a key holder upgraded directly, skipping governance', async () => {
    const vault = await deployUupsProxy(c);
    const upgrade = await upgradeUupsProxy(c, { proxy: vault.proxy });

    const executed = await waitForStage(vault.proxy, 'executed');
    expect(executed).toMatchObject({ authority: 'eoa', proposal: null, timelock: null, newImplementation: upgrade.implementation.toLowerCase() });
    expect(stagesOf(vault.proxy).map((s) => s.stage)).toEqual(['executed']);
  });

  it('says when a Safe upgraded directly: a multisig, not a vote', async () => {
    const vault = await deployUupsProxy(c);
    const { safe } = await deploySafe(c, { owners: [voters[0]!.account.address, voters[1]!.account.address], threshold: 2 });
    await transferOwnerships(c, [vault.proxy], safe);
    const v2 = await deployContract(c, 'VaultV2');
    const call = uupsUpgradeCall(vault.proxy, v2.address);
    await execSafeTransaction(c, { safe, to: call.target, data: call.data, signers: voters.slice(0, 2) });

    const executed = await waitForStage(vault.proxy, 'executed');
    expect(executed).toMatchObject({ authority: 'multisig', proposal: null, newImplementation: v2.address.toLowerCase() });
  });

  it('dead-letters a malformed protocol event and keeps consuming', async () => {
    const marker = uniqueToken('bad');
    await probe.send(probe.namer.physical(TOPICS.protocolEvents), [{ value: `not json ${marker}` }]);
    const vault = await deployUupsProxy(c);
    await upgradeUupsProxy(c, { proxy: vault.proxy });

    await waitForStage(vault.proxy, 'executed');
    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.protocolEvents)).find((m) => m.value?.includes(marker) && m.headers[DLQ_HEADERS.consumerGroup] === `${token}-gov`), { what: 'dead letter' });
    expect(dead.headers[DLQ_HEADERS.errorKind]).toBe('invalid');
    // Nothing the services published was dead-lettered by the governance consumer.
    const ours = probe.on(probe.namer.deadLetter(TOPICS.protocolEvents)).filter((m) => m.headers[DLQ_HEADERS.consumerGroup] === `${token}-gov`);
    expect(ours.filter((m) => !m.value?.includes(marker)).map((m) => m.headers[DLQ_HEADERS.error])).toEqual([]);
  }, SEVERAL_STAGES_MS);

  it('retracts an execution whose block a reorg removed', async () => {
    const vault = await deployUupsProxy(c);
    // Hardhat's own methods are not in viem's typed RPC schema.
    const rpc = (method: string, params: unknown[] = []) => (c.publicClient.request as (args: { method: string; params: unknown[] }) => Promise<unknown>)({ method, params });
    const snapshot = await rpc('evm_snapshot');
    await upgradeUupsProxy(c, { proxy: vault.proxy });
    const executed = await waitForStage(vault.proxy, 'executed');

    await rpc('evm_revert', [snapshot]);
    for (let i = 0; i < 3; i++) await rpc('evm_mine');

    const retracted = await waitForStage(vault.proxy, 'retracted');
    expect(retracted).toMatchObject({ upgradeId: executed.upgradeId, executionEventId: null, revertedTo: null });
    expect(retracted.evidence).toBe(executed.evidence);
    expect(stagesOf(vault.proxy).map((s) => s.stage)).toEqual(['executed', 'retracted']);
  }, SEVERAL_STAGES_MS);

  it('keeps re-checking the other proposals when one Governor cannot be read', async () => {
    const bogus = `0x${'de'.repeat(20)}`; // no code: every read of it fails
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    const schema = `"${token.toLowerCase()}_gov"`;
    await db.query(
      `INSERT INTO ${schema}.governor_proposals (chain_id, governor, proposal_id, proposer, description, vote_start, vote_end, created_at, created_event_id, created_block_hash, state, checked_block)
       VALUES (31337, $1, '1', $1, 'unreadable', '1', '2', now(), 'bogus', 'bogus', 'active', 1)`,
      [bogus],
    );
    try {
      const { proposal } = await proposeUpgrade(oz, ozVault, 'Upgrade the vault while another Governor fails');
      const id = proposal.proposalId.toString();
      // Its creation handled (state read: pending) before the vote opens.
      await waitFor(() => parsed(TOPICS.governanceProposals).some((m) => m.payload.id === id && m.payload.state === 'pending'), { what: 'pending proposal' });
      await mineUntil(c, proposal.voteStart + 1n);

      // No vote is cast: only a re-check can see the vote open.
      await waitFor(() => stagesOf(ozVault).some((s) => s.stage === 'voting' && s.proposal?.id === id), { what: 'voting seen by a re-check' });
      const { rows } = await db.query(`SELECT checked_block FROM ${schema}.governor_proposals WHERE governor = $1`, [bogus]);
      expect(Number(rows[0]?.checked_block)).toBeGreaterThan(1);
    } finally {
      await db.query(`DELETE FROM ${schema}.governor_proposals WHERE governor = $1`, [bogus]);
      await db.end();
    }
  }, SEVERAL_STAGES_MS);

  it('expires a Bravo proposal left queued past its grace period', async () => {
    const { proposal } = await proposeUpgrade(bravo, bravoVault, 'Upgrade the Bravo vault, left to expire');
    await passVote(bravo, proposal);
    await queueProposal(c, proposal);
    const queued = await waitFor(() => stagesOf(bravoVault).find((s) => s.stage === 'queued' && s.proposal?.id === proposal.proposalId.toString()), { what: 'queued' });
    await increaseTime(c, TIMELOCK_DELAY + Number(COMPOUND_GRACE_PERIOD) + 1);

    await waitFor(() => stagesOf(bravoVault).some((s) => s.upgradeId === queued.upgradeId && s.stage === 'expired'), { what: 'expired', timeoutMs: 45_000 });
    expect(stagesOf(bravoVault).filter((s) => s.upgradeId === queued.upgradeId).map((s) => s.stage)).toEqual(['proposed', 'voting', 'succeeded', 'queued', 'expired']);
  }, SEVERAL_STAGES_MS);
});

async function blockTime(c: DevnetClients, blockNumber: bigint): Promise<Date> {
  return new Date(Number((await c.publicClient.getBlock({ blockNumber })).timestamp) * 1000);
}

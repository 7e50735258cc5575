/**
 * Correlation rules of the upgrade lifecycle with hand-built protocol events and transaction facts
 * (the orders and overlaps a devnet run cannot force), through the real service: Postgres row locks
 * and outbox, Kafka for what is published.
 */
import { TOPICS, catalogue, upgradeLifecycleMessageId, type GovernanceProposal, type ProtocolEvent, type UpgradeLifecycle } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, testInfra, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIngestGovernanceConfig } from '../config';
import { startIngestGovernance } from '../create-app';
import type { TransactionFacts } from '../onchain/transaction-facts';
import type { EventOf } from './event-of';
import { GovernorTracker } from '../onchain/governor-tracker';
import { LifecycleOutbox } from './lifecycle-outbox';
import { LifecycleService } from './lifecycle.service';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;
const at = '2026-11-22T06:00:00.000Z';

/** A chain event's common fields, in a fresh transaction and block unless given. */
function base(contract: `0x${string}`, tx = { transactionHash: hex(32), blockHash: hex(32) }, logIndex = 0) {
  return { eventId: `31337:${tx.transactionHash}:${logIndex}`, status: 'pending' as const, chainId: 31337, contract, blockNumber: '100', ...tx, logIndex, protocolId: 'demo' };
}

/**
 * A protocol event parsed by its topic's schema, as the service receives it from ingest-chain: a field
 * the schema lacks or gets wrong fails the test here instead of reaching the service unchecked.
 */
function protocolEvent<K extends ProtocolEvent['kind']>(payload: { eventId: string; kind: K } & Record<string, unknown>): EventOf<K> {
  const message = catalogue[TOPICS.protocolEvents].parse({ version: 1, type: 'protocol.event', id: payload.eventId, occurredAt: at, producedAt: at, source: 'ingest-chain', payload });
  return message.payload as EventOf<K>;
}

function facts(tx: { transactionHash: string; blockHash: string }, overrides: Partial<TransactionFacts> = {}): TransactionFacts {
  return { ...tx, from: hex(20), senderIsContract: false, proposalsQueued: [], proposalsExecuted: [], operationsScheduled: [], operationsExecuted: [], safeExecutions: [], ...overrides };
}

describe('upgrade lifecycle correlation (real Postgres and Kafka, hand-built events)', () => {
  const token = uniqueToken('correlate');
  const probe = new KafkaProbe(`${token}.`);
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  let app: INestApplication | undefined;
  let sut: LifecycleService;
  const governor = hex(20);
  const timelock = hex(20);

  const stagesOf = (target: string): UpgradeLifecycle[] =>
    probe
      .on(probe.namer.physical(TOPICS.upgradesLifecycle))
      .map((m) => catalogue[TOPICS.upgradesLifecycle].parse(JSON.parse(m.value ?? '')).payload)
      .filter((p) => p.target === target);
  const governorEvent = <K extends 'proposal_created' | 'proposal_queued'>(kind: K, proposalId: string, extra: object, tx?: { transactionHash: `0x${string}`; blockHash: `0x${string}` }) =>
    protocolEvent<K>({ ...base(governor, tx), kind, standard: 'governor', proposalId, quorum: null, votingPeriod: null, proposalState: null, proposalEta: null, ...extra });
  const created = (proposalId: string, upgrades: object[], tx?: { transactionHash: `0x${string}`; blockHash: `0x${string}` }) =>
    governorEvent('proposal_created', proposalId, { proposer: hex(20), targets: [], values: [], signatures: [], calldatas: [], voteStart: '1', voteEnd: '2', description: 'x', scheduledUpgrades: upgrades }, tx);
  const upgrade = (target: string, newImplementation: string, callIndex = 0) => ({ kind: 'upgrade_to', target, newImplementation, callIndex, via: [], eta: null });
  const upgraded = (proxy: `0x${string}`, newImplementation: `0x${string}`) =>
    protocolEvent({ ...base(proxy), kind: 'upgraded', standard: 'eip1967', previousImplementation: hex(20), newImplementation, newImplementationCodeSize: 100, newImplementationCodeHash: null });

  const start = async () => {
    const env = isolatedServiceEnv(token, { SERVICE: 'gov', PROTOCOL_REGISTRY_FILE: registryFile, GOVERNANCE_RPC_URLS: JSON.stringify({ 31337: testInfra.rpcUrl }) });
    app = await startIngestGovernance(loadIngestGovernanceConfig(env), new JsonLogger('ingest-governance', 'silent'));
    sut = app.get(LifecycleService);
  };

  beforeAll(async () => {
    writeFileSync(registryFile, 'protocols: []\n');
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.upgradesLifecycle)]);
    await start();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('queues once, with the timelock operation of the carrying action, whichever log of the queue transaction comes first', async () => {
    const proxy = hex(20);
    const other = hex(20);
    await sut.proposalCreated(created('1', [upgrade(other, hex(20), 0), upgrade(proxy, hex(20), 1)]), at, 'Two upgrades');
    const queueTx = { transactionHash: hex(32), blockHash: hex(32) };
    const receipt = facts(queueTx, {
      proposalsQueued: [{ governor, proposalId: '1', eta: '1800000000', logIndex: 2 }],
      operationsScheduled: [
        { timelock, operationId: `0x${'a'.repeat(64)}`, index: 0 },
        { timelock, operationId: `0x${'b'.repeat(64)}`, index: 1 },
      ],
    });
    const scheduled = protocolEvent({ ...base(timelock, queueTx, 1), kind: 'timelock_tx_queued', standard: 'compound_timelock', minDelay: null, txHash: `0x${'b'.repeat(64)}`, target: proxy, value: '0', signature: '', data: '0x', calldata: '0x', eta: '1800000000', scheduledUpgrades: [] });

    await sut.queuedInTransaction(scheduled, receipt, at);
    await sut.queuedInTransaction(governorEvent('proposal_queued', '1', { eta: '1800000000' }, queueTx), receipt, at);

    const queued = await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'queued'), { what: 'queued' });
    expect(queued).toMatchObject({ eta: new Date(1_800_000_000_000).toISOString(), timelock: { address: timelock, operationId: `0x${'b'.repeat(64)}` }, evidence: `31337:${queueTx.transactionHash}:2@${queueTx.blockHash}` });
    expect(stagesOf(proxy).map((s) => s.stage)).toEqual(['proposed', 'voting', 'succeeded', 'queued']);
    // The other upgrade's stages are keyed by its own target: another partition, seen in its own time.
    const otherQueued = await waitFor(() => stagesOf(other).find((s) => s.stage === 'queued'), { what: 'the other upgrade queued' });
    expect(otherQueued.timelock?.operationId).toBe(`0x${'a'.repeat(64)}`);
  });

  it('adopts the upgrades of a queued proposal whose creation it never saw (started later)', async () => {
    const proxy = hex(20);
    const queueTx = { transactionHash: hex(32), blockHash: hex(32) };
    const operationId = hex(32);
    const receipt = facts(queueTx, { proposalsQueued: [{ governor, proposalId: '5', eta: '1800000000', logIndex: 3 }], operationsScheduled: [{ timelock, operationId, index: 0 }] });
    const scheduled = protocolEvent({ ...base(timelock, queueTx, 1), kind: 'timelock_call_scheduled', standard: 'oz_timelock', minDelay: '60', operationId, index: '0', target: proxy, value: '0', data: '0x', predecessor: `0x${'0'.repeat(64)}`, delay: '60', scheduledUpgrades: [upgrade(proxy, hex(20))] });

    await sut.queuedInTransaction(scheduled, receipt, at);
    await sut.queuedInTransaction(governorEvent('proposal_queued', '5', { eta: '1800000000' }, queueTx), receipt, at);

    const queued = await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'queued'), { what: 'queued' });
    expect(queued).toMatchObject({ authority: 'governor', proposal: { id: '5', space: governor, title: null }, timelock: { address: timelock, operationId } });
    expect(stagesOf(proxy).map((s) => s.stage)).toEqual(['queued']);
  });

  it('completes the proposal that executed in the transaction, not another one planning the same upgrade', async () => {
    const proxy = hex(20);
    const implementation = hex(20);
    await sut.proposalCreated(created('10', [upgrade(proxy, implementation)]), at, 'First try');
    await sut.proposalCreated(created('11', [upgrade(proxy, implementation)]), at, 'Second try');
    const event = upgraded(proxy, implementation);

    await sut.executed(event, facts(event, { proposalsExecuted: [{ governor, proposalId: '11' }] }), at);
    await sut.executed(event, facts(event, { proposalsExecuted: [{ governor, proposalId: '11' }] }), at); // its `confirmed` copy

    const done = await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'executed'), { what: 'executed' });
    expect(done.proposal?.id).toBe('11');
    expect(stagesOf(proxy).map((s) => `${s.proposal?.id}:${s.stage}`)).toEqual(['10:proposed', '11:proposed', '11:voting', '11:succeeded', '11:executed']);
  });

  it('joins an execution handled before its proposal and queue (another partition, a catch-up) into the proposal\'s one lifecycle', async () => {
    const proxy = hex(20);
    const implementation = hex(20);
    const event = upgraded(proxy, implementation);
    const queueTx = { transactionHash: hex(32), blockHash: hex(32) };

    await sut.executed(event, facts(event, { proposalsExecuted: [{ governor, proposalId: '50' }], operationsExecuted: [{ timelock, operationId: hex(32) }] }), at);
    await sut.proposalCreated(created('50', [upgrade(proxy, implementation)]), at, 'Executed before it was seen');
    await sut.queuedInTransaction(governorEvent('proposal_queued', '50', { eta: '1800000000' }, queueTx), facts(queueTx, { proposalsQueued: [{ governor, proposalId: '50', eta: '1800000000', logIndex: 0 }] }), at);
    await sut.proposalStateObserved({ chainId: 31337, governor, proposalId: '50' }, 'executed', at, 300n);

    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    const { rows } = await db.query(`SELECT upgrade_id, proposal_id FROM "${token.toLowerCase()}".upgrade_lifecycles WHERE target = $1`, [proxy]);
    await db.end();
    expect(rows).toEqual([{ upgrade_id: expect.stringContaining(`#governor:${governor}:50`), proposal_id: '50' }]);
    const done = await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'executed'), { what: 'executed' });
    expect(done).toMatchObject({ upgradeId: rows[0].upgrade_id, authority: 'governor', executionEventId: event.eventId, proposal: { source: 'governor', id: '50', space: governor } });
  });

  it('stores the proposal of a contract answering neither governor ABI and moves on, without failing its event', async () => {
    const tracker = app!.get(GovernorTracker);
    const event = created('60', []); // `governor` has no code on the devnet: neither proposalDeadline nor quorumVotes answers

    await tracker.onEvent(event, at);

    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    const { rows } = await db.query(`SELECT state, checked_at FROM "${token.toLowerCase()}".governor_proposals WHERE governor = $1 AND proposal_id = '60'`, [governor]);
    await db.end();
    // Marked checked (checked_at set), not its block: a fresh devnet's head can still be block 0.
    expect(rows).toEqual([{ state: 'pending', checked_at: expect.any(Date) }]);
  });

  it('takes back a proposal whose creation was reorged out, and proposes it again when re-included', async () => {
    const proxy = hex(20);
    const first = created('20', [upgrade(proxy, hex(20))]);
    await sut.proposalCreated(first, at, 'Reorged');
    await sut.retracted({ ...first, status: 'retracted' }, at);
    const reincluded = { ...first, blockHash: hex(32) };
    await sut.proposalCreated(reincluded, at, 'Reorged');

    await waitFor(() => stagesOf(proxy).length === 3, { what: 'three stages' });
    expect(stagesOf(proxy).map((s) => s.stage)).toEqual(['proposed', 'retracted', 'proposed']);
    expect(new Set(stagesOf(proxy).map((s) => s.upgradeId)).size).toBe(1);
  });

  it('correlates a diamond cut planned in a proposal with the DiamondCut it executes', async () => {
    const diamond = hex(20);
    const cut = { facetAddress: hex(20), action: 'add' as const, functionSelectors: ['0x12345678'] };
    await sut.proposalCreated(created('30', [{ kind: 'diamond_cut', target: diamond, facetCuts: [cut], init: hex(20), initData: '0x', callIndex: 0, via: [], eta: null }]), at, 'Cut');
    const event = protocolEvent({ ...base(diamond), kind: 'diamond_cut', standard: 'eip2535', facetCuts: [cut], init: null, initCalldata: '0x' });

    await sut.executed(event, facts(event, { proposalsExecuted: [{ governor, proposalId: '30' }] }), at);

    const done = await waitFor(() => stagesOf(diamond).find((s) => s.stage === 'executed'), { what: 'executed cut' });
    expect(done).toMatchObject({ upgradeKind: 'diamond_cut', newImplementation: null, executionEventId: event.eventId, authority: 'governor' });
    expect(stagesOf(diamond)).toHaveLength(4); // proposed, and voting + succeeded proven by the execution
  });

  it('follows an upgrade planned in a Snapshot vote (oSnap) from proposal to the Safe\'s execution, and back on a reorg', async () => {
    const proxy = hex(20);
    const implementation = hex(20);
    const safe = hex(20);
    const id = hex(32);
    const snapshotProposal = (state: GovernanceProposal['state'], passProbability: number | null): GovernanceProposal => ({
      proposalKey: `snapshot:demo.eth:${id}`,
      source: 'snapshot',
      id,
      space: 'demo.eth',
      protocolId: 'demo',
      chainId: null,
      title: 'Upgrade the vault',
      body: '',
      choices: ['For', 'Against'],
      start: '2026-11-20T00:00:00.000Z',
      end: '2026-11-21T00:00:00.000Z',
      snapshotBlock: '90',
      state,
      author: null,
      createdAt: '2026-11-19T00:00:00.000Z',
      scores: [10, 1],
      scoresTotal: 11,
      votes: 2,
      quorum: null,
      url: `https://snapshot.box/#/s:demo.eth/proposal/${id}`,
      analysis: passProbability === null ? null : ({ passProbability } as GovernanceProposal['analysis']),
      plannedUpgrades: [{ chainId: 31337, executor: safe, module: null, upgrade: { kind: 'upgrade_to', target: proxy, newImplementation: implementation, callIndex: 0, via: [], eta: null } }],
    });

    await sut.snapshotProposalSeen(snapshotProposal('active', null));
    await sut.snapshotProposalSeen(snapshotProposal('active', null)); // the same version again: nothing new
    await sut.snapshotProposalSeen(snapshotProposal('closed', 1));
    await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'succeeded'), { what: 'succeeded' });
    // The Safe runs the planned call: an Upgraded event in a Safe transaction no tracked proposal announced.
    const event = upgraded(proxy, implementation);
    await sut.executed(event, facts(event, { safeExecutions: [safe] }), at);

    const done = await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'executed'), { what: 'executed' });
    expect(done).toMatchObject({ authority: 'snapshot', proposal: { source: 'snapshot', id, space: 'demo.eth' }, snapshot: { id }, executionEventId: event.eventId });
    expect(stagesOf(proxy).map((s) => `${s.stage}@${s.stageAt}`)).toEqual([
      'proposed@2026-11-19T00:00:00.000Z',
      'voting@2026-11-20T00:00:00.000Z',
      'succeeded@2026-11-21T00:00:00.000Z',
      `executed@${at}`,
    ]);
    expect(new Set(stagesOf(proxy).map((s) => s.upgradeId)).size).toBe(1); // one lifecycle, not a second one for the execution

    await sut.retracted(event, at);
    await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'retracted'), { what: 'retracted' });
    expect(stagesOf(proxy).at(-1)).toMatchObject({ stage: 'retracted', revertedTo: 'succeeded', executionEventId: null });
  });

  it('ends a Snapshot-planned upgrade defeated when the vote fails', async () => {
    const proxy = hex(20);
    const id = hex(32);
    const proposal: GovernanceProposal = {
      proposalKey: `snapshot:demo.eth:${id}`,
      source: 'snapshot',
      id,
      space: 'demo.eth',
      protocolId: null,
      chainId: null,
      title: 'Rejected upgrade',
      body: '',
      choices: ['For', 'Against'],
      start: '2026-11-20T00:00:00.000Z',
      end: '2026-11-21T00:00:00.000Z',
      snapshotBlock: null,
      state: 'closed',
      author: null,
      createdAt: '2026-11-19T00:00:00.000Z',
      scores: [1, 10],
      scoresTotal: 11,
      votes: 2,
      quorum: null,
      url: `https://snapshot.box/#/s:demo.eth/proposal/${id}`,
      analysis: { passProbability: 0 } as GovernanceProposal['analysis'],
      plannedUpgrades: [{ chainId: 31337, executor: null, module: null, upgrade: { kind: 'upgrade_to', target: proxy, newImplementation: hex(20), callIndex: 0, via: [], eta: null } }],
    };

    await sut.snapshotProposalSeen(proposal);

    await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'defeated'), { what: 'defeated' });
    expect(stagesOf(proxy).map((s) => s.stage)).toEqual(['proposed', 'voting', 'defeated']);
  });

  it('publishes at start-up a stage written before a crash stopped its publication', async () => {
    const proxy = hex(20);
    await sut.proposalCreated(created('40', [upgrade(proxy, hex(20))]), at, 'Crash');
    const proposed = await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'proposed'), { what: 'proposed' });
    await app?.close();
    app = undefined;
    // What a crash right after the stage change's commit leaves: the outbox row, never published.
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    const cancelled: UpgradeLifecycle = { ...proposed, stage: 'cancelled', evidence: 'crash-test' };
    await db.query(`INSERT INTO "${token.toLowerCase()}".lifecycle_outbox (message_id, partition_key, payload) VALUES ($1, $2, $3)`, [
      upgradeLifecycleMessageId(cancelled),
      `31337:${proxy}`,
      JSON.stringify(cancelled),
    ]);
    await db.end();

    await start();

    await waitFor(() => stagesOf(proxy).some((s) => s.stage === 'cancelled'), { what: 'the stage left unpublished' });
    expect(stagesOf(proxy).map((s) => s.stage)).toEqual(['proposed', 'cancelled']);
  });

  it('deletes outbox rows published longer ago than the retention, keeps the rest', async () => {
    const proxy = hex(20);
    await sut.proposalCreated(created('41', [upgrade(proxy, hex(20))]), at, 'Prune');
    await waitFor(() => stagesOf(proxy).find((s) => s.stage === 'proposed'), { what: 'proposed' });
    const schema = `"${token.toLowerCase()}"`;
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    try {
      const rows = async () => (await db.query(`SELECT payload->>'target' AS target, published_at FROM ${schema}.lifecycle_outbox`)).rows as { target: string; published_at: Date | null }[];
      // The probe may see the message before the outbox marks it published.
      await waitFor(async () => (await rows()).some((row) => row.target === proxy && row.published_at !== null), { what: 'the row marked published' });
      const total = (await rows()).length;
      // Age this proposal's row past the retention; every other row stays recent.
      await db.query(`UPDATE ${schema}.lifecycle_outbox SET published_at = now() - interval '15 days' WHERE payload->>'target' = $1`, [proxy]);
      const outbox = app?.get(LifecycleOutbox);

      expect(await outbox?.prune()).toBe(1);
      expect((await rows()).map((row) => row.target)).not.toContain(proxy);
      expect(await rows()).toHaveLength(total - 1);
    } finally {
      await db.end();
    }
  });
});

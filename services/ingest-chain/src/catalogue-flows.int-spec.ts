import {
  COUNTER_FACET_SELECTORS,
  PAUSER_ROLE,
  accessControl,
  addSafeOwner,
  castVote,
  changeSafeThreshold,
  cutDiamond,
  deployAccessControlled,
  deployBravoGovernance,
  deployContract,
  deployDiamond,
  deployOzGovernance,
  deploySafe,
  deployTransparentProxy,
  deployUupsProxy,
  devnetClients,
  execSafeTransaction,
  executeProposal,
  increaseTime,
  loadArtifacts,
  mineUntil,
  propose,
  queueProposal,
  transferOwnerships,
  transparentUpgradeCall,
  uupsUpgradeCall,
  type DevnetClients,
  type GovernanceDeployment,
  type GovernanceVoter,
  type ProxyDeployment,
  type SafeDeployment,
} from '@pum/devnet';
import { TOPICS, catalogue, type ProtocolEvent, type ProtocolEventKind, type ProtocolEventOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther, toHex, type Address } from 'viem';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';

// The catalogue on real contracts (tools/devnet): governors and timelocks, Safes, access control and a
// diamond, each flow run on a private Hardhat node while a real ingest-chain follows it.

const lower = (address: string) => address.toLowerCase() as Address;

interface RegistryEntry {
  protocolId: string;
  address: Address;
  role: string;
}

/**
 * Runs contract flows on a private Hardhat node (they mine blocks and
 * move time) against a real ingest-chain, Kafka, Postgres and Redis, and reads the protocol events.
 */
class IngestHarness {
  readonly token: string;
  readonly probe: KafkaProbe;
  node!: DevnetNode;
  private app?: INestApplication;
  private readonly registryFile: string;

  constructor(label: string) {
    this.token = uniqueToken(label);
    this.probe = new KafkaProbe(`${this.token}.`);
    this.registryFile = join(tmpdir(), `${this.token}-protocols.yaml`);
  }

  /** Starts the private node and watches the protocol events topic. */
  async setUp(): Promise<void> {
    await loadArtifacts();
    this.node = await startDevnetNode();
    await this.probe.createTopics();
    await this.probe.watch([this.probe.namer.physical(TOPICS.protocolEvents), this.probe.namer.physical(TOPICS.chainLogsRaw)]);
  }

  /** Clients of one of the node's Hardhat accounts. */
  clients(accountIndex: number): DevnetClients {
    return devnetClients(this.node.rpcUrl, { accountIndex });
  }

  /** Writes the registry and starts ingest-chain on the node from block 0, publishing at first sight. */
  async startService(registry: readonly RegistryEntry[]): Promise<void> {
    const protocols = [...new Set(registry.map((entry) => entry.protocolId))].map((id) => {
      const contracts = registry.filter((entry) => entry.protocolId === id).map((entry) => `      - { chainId: 31337, address: '${entry.address}', role: ${entry.role} }`);
      return [`  - id: ${id}`, `    name: ${id}`, '    contracts:', ...contracts].join('\n');
    });
    writeFileSync(this.registryFile, `protocols:\n${protocols.join('\n')}\n`);
    const env = isolatedServiceEnv(this.token, {
      SERVICE: 'flows',
      PROTOCOL_REGISTRY_FILE: this.registryFile,
      CHAIN_RPC_URL: this.node.rpcUrl,
      CHAIN_START_BLOCK: '0',
      CHAIN_CONFIRMATIONS: '0',
      CHAIN_FINALITY_DEPTH: '4',
      CHAIN_POLL_INTERVAL_MS: '100',
    });
    this.app = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));
    // The flows' deployments emit upgrade events; the decoder's consumer group may take a while to join on a busy machine.
    await waitFor(() => this.events().length > 0, { what: 'the first protocol event', timeoutMs: 90_000 });
  }

  async tearDown(): Promise<void> {
    await this.app?.close();
    await this.node?.stop();
    await this.probe.dispose();
    await clearRedisPrefix(`${this.token}:`);
    await dropSchema(this.token.toLowerCase());
  }

  /** Confirmed protocol events published so far. */
  events(): ProtocolEvent[] {
    return this.probe
      .on(this.probe.namer.physical(TOPICS.protocolEvents))
      .map((m) => catalogue[TOPICS.protocolEvents].parse(JSON.parse(m.value ?? '')).payload)
      .filter((event) => event.status === 'confirmed');
  }

  /** Addresses of the raw logs published so far. */
  rawAddresses(): string[] {
    return this.probe.on(this.probe.namer.physical(TOPICS.chainLogsRaw)).map((m) => catalogue[TOPICS.chainLogsRaw].parse(JSON.parse(m.value ?? '')).payload.address);
  }

  /** The confirmed events of `kind` in transaction `tx`, once there are `count` of them. */
  async eventsOf<K extends ProtocolEventKind>(kind: K, tx: string, count = 1): Promise<ProtocolEventOf<K>[]> {
    return waitFor(
      () => {
        const found = this.events().filter((e): e is ProtocolEventOf<K> => e.kind === kind && e.transactionHash === tx.toLowerCase());
        return found.length >= count && found;
      },
      { what: `${count} ${kind} event(s) of tx ${tx}` },
    );
  }

  async eventOf<K extends ProtocolEventKind>(kind: K, tx: string): Promise<ProtocolEventOf<K>> {
    const [event] = await this.eventsOf(kind, tx);
    if (!event) throw new Error(`no ${kind} event of ${tx}`);
    return event;
  }
}

/**
 * OZ Governor + TimelockController and a GovernorBravo-style governor + Compound Timelock on a private
 * node, ingested by a running ingest-chain: every step of an upgrade through governance is published
 * with what was read at its block, and the upgrade is known, with its ETA, before it executes.
 */
describe('ingest-chain on governance flows (OZ Governor, GovernorBravo-style, both timelocks)', () => {
  const harness = new IngestHarness('gov');
  let c: DevnetClients;
  let voters: GovernanceVoter[];
  let oz: GovernanceDeployment;
  let bravo: GovernanceDeployment;
  let vault: ProxyDeployment;
  let token: ProxyDeployment;

  beforeAll(async () => {
    await harness.setUp();
    c = harness.clients(0);
    voters = [harness.clients(11), harness.clients(12), harness.clients(13)].map((account, i) => ({ account, weight: parseEther(['60', '30', '10'][i] ?? '0') }));
    vault = await deployUupsProxy(c);
    oz = await deployOzGovernance(c, { votingDelay: 2, votingPeriod: 8, quorumPercent: 20, timelockDelay: 3600, voters, transferToTimelock: [vault.proxy] });
    token = await deployTransparentProxy(c);
    bravo = await deployBravoGovernance(c, {
      votingDelay: 1,
      votingPeriod: 6,
      quorumPercent: 10,
      timelockDelay: 600,
      voters,
      transferToTimelock: [token.proxyAdmin ?? '0x'],
      name: 'Devnet Bravo',
    });
    await harness.startService([
      { protocolId: 'oz-dao', address: oz.governor, role: 'governor' },
      { protocolId: 'oz-dao', address: oz.timelock, role: 'timelock' },
      { protocolId: 'bravo-dao', address: bravo.governor, role: 'governor' },
      { protocolId: 'bravo-dao', address: bravo.timelock, role: 'timelock' },
    ]);
  }, 180_000);

  afterAll(() => harness.tearDown());

  it('follows an OZ Governor upgrade from proposal through the TimelockController to the Upgraded', async () => {
    const v2 = (await deployContract(c, 'VaultV2')).address.toLowerCase() as Address;
    const p = await propose(c, { governor: oz.governor, actions: [uupsUpgradeCall(vault.proxy, v2)], description: 'Upgrade the vault to V2' });

    const created = await harness.eventOf('proposal_created', p.tx);
    expect(created).toMatchObject({
      standard: 'governor',
      protocolId: 'oz-dao',
      proposalId: p.proposalId.toString(),
      quorum: parseEther('20').toString(), // 20% of the 100 tokens delegated before the proposal
      votingPeriod: '8',
      proposalState: 'pending',
      proposalEta: null,
      scheduledUpgrades: [{ kind: 'upgrade_to_and_call', target: vault.proxy.toLowerCase(), newImplementation: v2, via: [], callIndex: 0, eta: null }],
    });

    await mineUntil(c, p.voteStart + 1n);
    const vote = await castVote(voters[0]?.account ?? c, { governor: oz.governor, proposalId: p.proposalId, support: 'for', reason: 'V2 adds pausing', params: toHex('memo') });
    expect(await harness.eventOf('vote_cast', vote.tx)).toMatchObject({ support: 1, weight: parseEther('60').toString(), reason: 'V2 adds pausing', params: toHex('memo'), proposalState: 'active' });

    await mineUntil(c, p.voteEnd + 1n);
    const queued = await queueProposal(c, p);
    const scheduled = await harness.eventOf('timelock_call_scheduled', queued.tx);
    // Known before it runs: the upgrade, its target and the ETA (queue block time + the 3600 s delay).
    expect(scheduled).toMatchObject({
      standard: 'oz_timelock',
      protocolId: 'oz-dao',
      contract: oz.timelock.toLowerCase(),
      minDelay: '3600',
      delay: '3600',
      scheduledUpgrades: [{ kind: 'upgrade_to_and_call', target: vault.proxy.toLowerCase(), newImplementation: v2, eta: queued.eta.toString() }],
    });
    expect(await harness.eventOf('proposal_queued', queued.tx)).toMatchObject({ eta: queued.eta.toString(), proposalEta: queued.eta.toString(), proposalState: 'queued' });
    expect(harness.events().some((e) => e.kind === 'upgraded' && e.newImplementation === v2)).toBe(false);

    await increaseTime(c, 3600);
    const executed = await executeProposal(c, p);
    expect(await harness.eventOf('upgraded', executed.tx)).toMatchObject({ contract: vault.proxy.toLowerCase(), previousImplementation: vault.implementation.toLowerCase(), newImplementation: v2 });
    expect(await harness.eventOf('timelock_call_executed', executed.tx)).toMatchObject({ minDelay: '3600', target: vault.proxy.toLowerCase() });
    expect(await harness.eventOf('proposal_executed', executed.tx)).toMatchObject({ proposalState: 'executed' });
  });

  it('follows a GovernorBravo-style upgrade through the Compound Timelock, its ETA from the queued transaction', async () => {
    const v2 = (await deployContract(c, 'TokenLogicV2')).address.toLowerCase() as Address;
    const proxyAdmin = token.proxyAdmin ?? '0x';
    const p = await propose(c, { governor: bravo.governor, actions: [transparentUpgradeCall(proxyAdmin, token.proxy, v2)], description: 'Upgrade the token' });

    expect(await harness.eventOf('proposal_created', p.tx)).toMatchObject({
      protocolId: 'bravo-dao',
      quorum: parseEther('10').toString(),
      votingPeriod: '6',
      scheduledUpgrades: [{ kind: 'proxy_admin_upgrade_and_call', target: token.proxy.toLowerCase(), proxyAdmin: proxyAdmin.toLowerCase(), newImplementation: v2, eta: null }],
    });
    await mineUntil(c, p.voteStart + 1n);
    await castVote(voters[0]?.account ?? c, { governor: bravo.governor, proposalId: p.proposalId, support: 'for' });
    await mineUntil(c, p.voteEnd + 1n);
    const queued = await queueProposal(c, p);

    const tx = await harness.eventOf('timelock_tx_queued', queued.tx);
    expect(tx).toMatchObject({
      standard: 'compound_timelock',
      contract: bravo.timelock.toLowerCase(),
      minDelay: '600',
      eta: queued.eta.toString(),
      scheduledUpgrades: [{ kind: 'proxy_admin_upgrade_and_call', target: token.proxy.toLowerCase(), newImplementation: v2, eta: queued.eta.toString() }],
    });
    expect(await harness.eventOf('proposal_queued', queued.tx)).toMatchObject({ eta: queued.eta.toString(), proposalState: 'queued' });

    await increaseTime(c, 601);
    const executed = await executeProposal(c, p);
    expect(await harness.eventOf('timelock_tx_executed', executed.tx)).toMatchObject({ minDelay: '600', target: proxyAdmin.toLowerCase() });
    expect(await harness.eventOf('upgraded', executed.tx)).toMatchObject({ contract: token.proxy.toLowerCase(), previousImplementation: token.implementation.toLowerCase(), newImplementation: v2 });
  });
});

/**
 * Safe 1.4.1 and 1.3.0, an Ownable/AccessControl/Pausable contract and an EIP-2535 diamond on a
 * private node, ingested by a running ingest-chain.
 */
describe('ingest-chain on Safe, access-control and diamond flows', () => {
  const harness = new IngestHarness('safe');
  let c: DevnetClients;
  let owners: DevnetClients[];
  let safe14: SafeDeployment;
  let safe13: SafeDeployment;
  let vault: ProxyDeployment;
  let watched: Address;
  let unwatched: Address;

  beforeAll(async () => {
    await harness.setUp();
    c = harness.clients(0);
    owners = [harness.clients(1), harness.clients(2), harness.clients(3)];
    const ownerAddresses = owners.map((o) => o.account.address);
    safe14 = await deploySafe(c, { owners: ownerAddresses, threshold: 2, version: '1.4' });
    safe13 = await deploySafe(c, { owners: ownerAddresses.slice(0, 2), threshold: 2, version: '1.3' });
    vault = await deployUupsProxy(c);
    await transferOwnerships(c, [vault.proxy], safe14.safe);
    watched = (await deployAccessControlled(c)).address;
    unwatched = (await deployAccessControlled(c)).address;
    await harness.startService([
      { protocolId: 'multisig', address: safe14.safe, role: 'safe' },
      { protocolId: 'multisig', address: safe13.safe, role: 'safe' },
      { protocolId: 'guarded', address: watched, role: 'access-control' },
    ]);
  }, 180_000);

  afterAll(() => harness.tearDown());

  it('decodes the upgrade a Safe 1.4 executed from its transaction, with owners and threshold at the block', async () => {
    const v2 = lower((await deployContract(c, 'VaultV2')).address);

    const executed = await execSafeTransaction(c, { safe: safe14.safe, ...uupsUpgradeCall(vault.proxy, v2), to: vault.proxy, signers: owners.slice(0, 2) });

    const success = await harness.eventOf('safe_execution_success', executed.tx);
    const block = await c.publicClient.getBlock({ blockNumber: executed.block });
    expect(success).toMatchObject({
      standard: 'safe',
      safeVersion: '1.4',
      protocolId: 'multisig',
      txHash: executed.safeTxHash.toLowerCase(),
      safeOwners: owners.map((o) => lower(o.account.address)),
      safeThreshold: 2,
      scheduledUpgrades: [{ kind: 'upgrade_to_and_call', target: lower(vault.proxy), newImplementation: v2, via: [lower(safe14.safe)], eta: block.timestamp.toString() }],
    });
    expect(await harness.eventOf('upgraded', executed.tx)).toMatchObject({ contract: lower(vault.proxy), newImplementation: v2 });
  });

  it('reads the threshold before and after a Safe lowers it', async () => {
    const lowered = await changeSafeThreshold(c, { safe: safe14.safe, signers: owners.slice(0, 2), threshold: 1 });

    expect(await harness.eventOf('safe_threshold_changed', lowered.tx)).toMatchObject({ safeVersion: null, threshold: '1', safeThreshold: 1, previousSafeThreshold: 2 });
  });

  it('tells the Safe 1.3 layout from its logs and lists the new owner', async () => {
    const added = await addSafeOwner(c, { safe: safe13.safe, signers: owners.slice(0, 2), owner: owners[2]?.account.address ?? '0x', threshold: 2 });

    const event = await harness.eventOf('safe_owner_added', added.tx);
    expect(event).toMatchObject({ safeVersion: '1.3', owner: lower(owners[2]?.account.address ?? ''), safeThreshold: 2 });
    expect(event.safeOwners).toHaveLength(3);
    // Not a direct upgrade: the Safe transaction is decoded, and carries none.
    expect(await harness.eventOf('safe_execution_success', added.tx)).toMatchObject({ safeVersion: '1.3', scheduledUpgrades: [] });
  });

  it("publishes a registry contract's roles, pause and ownership, and none of another contract's", async () => {
    const granted = await accessControl(c, watched, { fn: 'grantRole', role: PAUSER_ROLE, account: c.account.address });
    const paused = await accessControl(c, watched, { fn: 'pause' });
    // Before the last watched transaction: once that one is in, the block of this one was read too.
    const grantedElsewhere = await accessControl(c, unwatched, { fn: 'grantRole', role: PAUSER_ROLE, account: c.account.address });
    const handedOver = await accessControl(c, watched, { fn: 'transferOwnership', newOwner: owners[0]?.account.address ?? '0x' });

    expect(await harness.eventOf('role_granted', granted.tx)).toMatchObject({ standard: 'access_control', protocolId: 'guarded', role: PAUSER_ROLE, account: lower(c.account.address) });
    expect(await harness.eventOf('paused', paused.tx)).toMatchObject({ standard: 'pausable', account: lower(c.account.address) });
    expect(await harness.eventOf('ownership_transferred', handedOver.tx)).toMatchObject({ newOwner: lower(owners[0]?.account.address ?? ''), newOwnerCodeSize: 0 });
    // Everything up to the last watched transaction is in; the unwatched contract's logs never left the chain.
    expect(harness.rawAddresses()).not.toContain(lower(unwatched));
    expect(harness.events().some((e) => e.transactionHash === grantedElsewhere.tx.toLowerCase())).toBe(false);
  });

  it('publishes the cuts of a diamond no registry lists', async () => {
    const { diamond } = await deployDiamond(c);
    const facet = lower((await deployContract(c, 'CounterFacetV1')).address);

    const cut = await cutDiamond(c, { diamond, cuts: [{ action: 'add', facet, selectors: COUNTER_FACET_SELECTORS.CounterFacetV1 }] });

    expect(await harness.eventOf('diamond_cut', cut.tx)).toMatchObject({
      standard: 'eip2535',
      contract: lower(diamond),
      protocolId: null,
      init: null,
      facetCuts: [{ facetAddress: facet, action: 'add', functionSelectors: COUNTER_FACET_SELECTORS.CounterFacetV1 }],
    });
  });
});

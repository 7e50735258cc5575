import { TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { deployTransparentProxy, deployUupsProxy, devnetClients, upgradeUupsProxy, type DevnetClients, type ProxyDeployment, type ProxyUpgrade } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, http } from 'viem';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';

const FIRST = 31338;
const SECOND = 31339;

/** The devnet helpers' clients for a node with another chain id (they are built for 31337). */
function clientsOn(node: DevnetNode, chainId: number): DevnetClients {
  const base = devnetClients(node.rpcUrl, { accountIndex: 0 });
  const chain = { ...base.chain, id: chainId };
  const transport = http(node.rpcUrl);
  return {
    ...base,
    chain,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 100 }),
    walletClient: createWalletClient({ chain, transport, account: base.account, pollingInterval: 100 }),
  };
}

/** Mines empty blocks (Hardhat's own method, not in viem's typed RPC schema). */
async function mine(chain: DevnetClients, blocks: number): Promise<void> {
  const request = chain.publicClient.request as (args: { method: string; params: unknown[] }) => Promise<unknown>;
  for (let i = 0; i < blocks; i++) await request({ method: 'evm_mine', params: [] });
}

/**
 * Two private Hardhat nodes with their own chain ids, followed by one ingest-chain instance from a
 * networks file, their endpoints from CHAIN_<NAME>_RPC_ENDPOINTS; and the two log filters (upgrade
 * topics on any address, the rest of the catalogue on registry contracts only).
 */
describe('ingest-chain over several networks at once', () => {
  const token = uniqueToken('nets');
  const probe = new KafkaProbe(`${token}.`);
  const networksFile = join(tmpdir(), `${token}-networks.yaml`);
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  let nodes: DevnetNode[] = [];
  let first: DevnetClients;
  let second: DevnetClients;
  let sut: INestApplication;
  let watched: ProxyDeployment;
  let unwatched: ProxyDeployment;
  let uups: ProxyDeployment;
  let upgrade: ProxyUpgrade;

  const rawAddresses = (): string[] => probe.on(probe.namer.physical(TOPICS.chainLogsRaw)).map((m) => catalogue[TOPICS.chainLogsRaw].parse(JSON.parse(m.value ?? '')).payload.address);
  const events = (): MessageOf<'protocol.events.v1'>['payload'][] =>
    probe.on(probe.namer.physical(TOPICS.protocolEvents)).map((m) => catalogue[TOPICS.protocolEvents].parse(JSON.parse(m.value ?? '')).payload);
  const confirmed = (chainId: number, tx: string, kind: string) =>
    waitFor(() => events().find((e) => e.chainId === chainId && e.transactionHash === tx.toLowerCase() && e.kind === kind && e.status === 'confirmed'), {
      what: `${kind} on chain ${chainId}`,
    });

  beforeAll(async () => {
    nodes = await Promise.all([startDevnetNode({ chainId: FIRST }), startDevnetNode({ chainId: SECOND })]);
    [first, second] = [clientsOn(nodes[0] as DevnetNode, FIRST), clientsOn(nodes[1] as DevnetNode, SECOND)];
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.protocolEvents), probe.namer.physical(TOPICS.chainLogsRaw)]);
    // Different deployment sequences, so an address on one chain is not the same contract on the other.
    uups = await deployUupsProxy(first);
    upgrade = await upgradeUupsProxy(first, { proxy: uups.proxy });
    watched = await deployTransparentProxy(second);
    unwatched = await deployTransparentProxy(second);
    const watchedAdmin = watched.proxyAdmin?.toLowerCase() ?? '';
    writeFileSync(registryFile, `protocols:\n  - id: watched\n    name: Watched\n    contracts:\n      - { chainId: ${SECOND}, address: '${watchedAdmin}', role: proxy-admin }\n`);
    const network = (name: string, chainId: number) =>
      `  - { name: ${name}, chainId: ${chainId}, blockTimeMs: 100, pollIntervalMs: 100, confirmations: 1, finalityDepth: 3, startBlock: 0 }`;
    writeFileSync(networksFile, ['networks:', network('first', FIRST), network('second', SECOND), ''].join('\n'));
    const env = isolatedServiceEnv(token, {
      SERVICE: 'nets',
      CHAIN_NETWORKS_FILE: networksFile,
      PROTOCOL_REGISTRY_FILE: registryFile,
      CHAIN_FIRST_RPC_ENDPOINTS: JSON.stringify([{ url: nodes[0]?.rpcUrl }]),
      CHAIN_SECOND_RPC_ENDPOINTS: JSON.stringify([{ url: nodes[1]?.rpcUrl }]),
    });

    sut = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));
    await Promise.all([mine(first, 2), mine(second, 2)]); // bury the last deployments under the confirmation depth
    // The decoder's consumer group may take a while to join on a busy machine.
    await waitFor(() => events().length > 0, { what: 'the first protocol event', timeoutMs: 90_000 });
  }, 180_000);

  afterAll(async () => {
    await sut?.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('ingests both chains, attributes each event to its chain and reads its state through that chain', async () => {
    const upgraded = await confirmed(FIRST, upgrade.tx, 'upgraded');
    expect(upgraded).toMatchObject({ contract: uups.proxy.toLowerCase(), previousImplementation: uups.implementation.toLowerCase(), protocolId: null });
    const admin = await confirmed(SECOND, watched.tx, 'admin_changed');
    // The ProxyAdmin exists on the second chain only: read through the first, it would have no code.
    expect(admin).toMatchObject({ newAdmin: watched.proxyAdmin?.toLowerCase() });
    expect(admin.kind === 'admin_changed' && admin.newAdminCodeSize).toBeGreaterThan(0);
    expect(events().filter((e) => e.chainId === FIRST).every((e) => e.transactionHash !== watched.tx.toLowerCase())).toBe(true);
    const metrics = await (await fetch(`${(await sut.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`pum_chain_ingested_block\\{chain_id="${FIRST}"`));
    expect(metrics).toMatch(new RegExp(`pum_chain_ingested_block\\{chain_id="${SECOND}"`));
  });

  it('publishes every catalogue event of a registry contract, only the upgrade events of other addresses', async () => {
    // Each ProxyAdmin (Ownable) emits OwnershipTransferred in its proxy's deployment; only the first is in the registry.
    const owned = await confirmed(SECOND, watched.tx, 'ownership_transferred');
    expect(owned).toMatchObject({ contract: watched.proxyAdmin?.toLowerCase(), protocolId: 'watched', standard: 'ownable', newOwner: second.account.address.toLowerCase() });
    expect(owned.kind === 'ownership_transferred' && owned.newOwnerCodeSize).toBe(0); // a Hardhat account: an EOA

    // The unknown proxy's upgrade events are published; its ProxyAdmin's ownership never leaves the chain.
    await confirmed(SECOND, unwatched.tx, 'upgraded');
    await confirmed(SECOND, unwatched.tx, 'admin_changed');
    expect(rawAddresses()).toContain(unwatched.proxy.toLowerCase());
    expect(rawAddresses()).not.toContain(unwatched.proxyAdmin?.toLowerCase());
    // Delivery is at least once (a decoder rebalance may decode a raw log again; consumers upsert on
    // eventId and status), so compare the distinct facts: one event, seen pending then confirmed.
    const ownerships = events().filter((e) => e.kind === 'ownership_transferred');
    expect([...new Set(ownerships.map((e) => `${e.contract} ${e.eventId} ${e.status}`))].sort()).toEqual(
      [`${owned.contract} ${owned.eventId} confirmed`, `${owned.contract} ${owned.eventId} pending`],
    );
  });
});

import { DLQ_HEADERS, TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { deployBeaconProxy, deployTransparentProxy, deployUupsProxy, devnetClients, upgradeBeacon, upgradeUupsProxy, type DevnetClients } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, startDevnetNode, testInfra, uniqueToken, waitFor, clearRedisPrefix, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';
import { toEventSelector } from 'viem';

const UPGRADED_TOPIC = toEventSelector('Upgraded(address)');

/**
 * On a private Hardhat node: on the shared devnet other suites' transactions mine blocks at any time,
 * and more than the finality depth (64) of them during a restart turns a log this suite expects
 * `pending` then `confirmed` into a backfilled, `confirmed`-only one.
 */
describe('ingest-chain (real devnet, Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('chain');
  const probe = new KafkaProbe(`${token}.`);
  let node: DevnetNode;
  let chain: DevnetClients;
  let sut: INestApplication | undefined;
  let env: Record<string, string>;
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);

  const start = async () => {
    sut = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));
  };
  const events = (): MessageOf<'protocol.events.v1'>[] =>
    probe.on(probe.namer.physical(TOPICS.protocolEvents)).map((m) => catalogue[TOPICS.protocolEvents].parse(JSON.parse(m.value ?? '')));
  // Ids of what the service published (the test's own malformed inputs carry no message-id header).
  const rawIds = (): string[] =>
    probe.on(probe.namer.physical(TOPICS.chainLogsRaw)).flatMap((m) => (m.headers['x-message-id'] ? [m.headers['x-message-id']] : []));

  beforeAll(async () => {
    node = await startDevnetNode();
    chain = devnetClients(node.rpcUrl, { accountIndex: 2 });
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.chainLogsRaw), probe.namer.physical(TOPICS.protocolEvents), probe.namer.deadLetter(TOPICS.chainLogsRaw)]);
    const head = await chain.publicClient.getBlockNumber();
    writeFileSync(registryFile, 'protocols: []\n');
    env = isolatedServiceEnv(token, { SERVICE: 'chain', PROTOCOL_REGISTRY_FILE: registryFile, CHAIN_RPC_URL: node.rpcUrl, CHAIN_START_BLOCK: (head + 1n).toString(), CHAIN_POLL_INTERVAL_MS: '200' });
    await start();
  }, 90_000);

  afterAll(async () => {
    await sut?.close();
    await node?.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('publishes the raw log and a normalised, enriched upgrade event, pending then confirmed', async () => {
    const deployment = await deployUupsProxy(chain);
    const upgrade = await upgradeUupsProxy(chain, { proxy: deployment.proxy });

    const eventId = `31337:${upgrade.tx.toLowerCase()}:0`;
    const event = await waitFor(() => events().find((e) => e.payload.eventId === eventId && e.payload.status === 'confirmed'), { what: 'confirmed upgrade event' });
    // Delivery is at least once (a decoder rebalance may decode a raw log again; consumers upsert on
    // eventId and status): the distinct statuses, in the order first seen.
    const statuses = new Set(events().filter((e) => e.payload.eventId === eventId).map((e) => e.payload.status));
    expect([...statuses]).toEqual(['pending', 'confirmed']);
    expect(event.payload).toMatchObject({
      kind: 'upgraded',
      status: 'confirmed',
      chainId: 31337,
      contract: deployment.proxy.toLowerCase(),
      previousImplementation: deployment.implementation.toLowerCase(),
      newImplementation: upgrade.implementation.toLowerCase(),
      blockNumber: upgrade.block.toString(),
      transactionHash: upgrade.tx.toLowerCase(),
    });
    expect(event.payload.kind === 'upgraded' && event.payload.newImplementationCodeSize).toBeGreaterThan(100);
    expect(event.payload.eventId).toBe(eventId);
    const initial = events().find((e) => e.payload.transactionHash === deployment.tx.toLowerCase());
    expect(initial?.payload).toMatchObject({ previousImplementation: null, newImplementation: deployment.implementation.toLowerCase() });
  });

  it('publishes the admin of a transparent proxy, read as a contract at its block', async () => {
    const deployment = await deployTransparentProxy(chain);

    const event = await waitFor(
      () => events().find((e) => e.payload.transactionHash === deployment.tx.toLowerCase() && e.payload.kind === 'admin_changed' && e.payload.status === 'confirmed'),
      { what: 'admin_changed event' },
    );
    expect(event.payload).toMatchObject({ kind: 'admin_changed', previousAdmin: null, newAdmin: deployment.proxyAdmin?.toLowerCase(), contract: deployment.proxy.toLowerCase() });
    expect(event.payload.kind === 'admin_changed' && event.payload.newAdminCodeSize).toBeGreaterThan(0);
  });

  it('follows a beacon: the proxy switching to it, and the beacon changing implementation', async () => {
    const deployment = await deployBeaconProxy(chain);
    const upgrade = await upgradeBeacon(chain, { beacon: deployment.beacon });

    const confirmed = (tx: string, kind: string) =>
      events().find((e) => e.payload.transactionHash === tx.toLowerCase() && e.payload.kind === kind && e.payload.status === 'confirmed');
    const switched = await waitFor(() => confirmed(deployment.tx, 'beacon_upgraded'), { what: 'beacon_upgraded' });
    expect(switched.payload).toMatchObject({
      contract: deployment.proxy.toLowerCase(),
      previousBeacon: null,
      newBeacon: deployment.beacon.toLowerCase(),
      newImplementation: deployment.implementation.toLowerCase(),
    });
    const changed = await waitFor(() => confirmed(upgrade.tx, 'upgraded'), { what: 'the beacon upgrade' });
    expect(changed.payload).toMatchObject({
      contract: deployment.beacon.toLowerCase(),
      previousImplementation: deployment.implementation.toLowerCase(),
      newImplementation: upgrade.implementation.toLowerCase(),
    });
  });

  it('dead-letters malformed raw logs and logs of chains it does not follow, and keeps decoding', async () => {
    const marker = uniqueToken('bad');
    const raw = probe.namer.physical(TOPICS.chainLogsRaw);
    const goodRaw = probe.on(raw)[0];
    if (!goodRaw?.value) throw new Error('expected a raw log from the previous test');
    const good = JSON.parse(goodRaw.value) as MessageOf<'chain.logs.raw.v1'>;
    const undecodable = { ...good, id: marker, payload: { ...good.payload, topics: [UPGRADED_TOPIC] } };
    const otherChain = { ...good, id: `${marker}:chain`, payload: { ...good.payload, chainId: 5 } };

    await probe.send(raw, [{ value: `not json ${marker}` }, { value: JSON.stringify(undecodable) }, { value: JSON.stringify(otherChain) }]);
    const deployment = await deployUupsProxy(chain);

    await waitFor(() => events().some((e) => e.payload.contract === deployment.proxy.toLowerCase()), { what: 'event after the bad ones' });
    // One dead letter per bad input, counted by the record it came from: a redelivered bad record is
    // dead-lettered again (at least once), with the same original offset.
    const dead = await waitFor(() => {
      const letters = probe.on(probe.namer.deadLetter(TOPICS.chainLogsRaw)).filter((m) => m.value?.includes(marker));
      const byOrigin = new Map(letters.map((m) => [`${m.headers[DLQ_HEADERS.originalPartition]}/${m.headers[DLQ_HEADERS.originalOffset]}`, m]));
      return byOrigin.size === 3 && [...byOrigin.values()];
    }, { what: 'three dead letters' });
    expect(dead.map((d) => d.headers[DLQ_HEADERS.errorKind]).sort()).toEqual(['failed', 'failed', 'invalid']);
    const errors = dead.map((d) => d.headers[DLQ_HEADERS.error]);
    expect(errors).toContainEqual(expect.stringMatching(/does not decode/));
    expect(errors).toContainEqual(expect.stringMatching(/no network with chain id 5 is configured here \(configured: 31337\)/));
  });

  it('resumes from its checkpoint after a restart without gaps or duplicates, attributing registry contracts', async () => {
    await sut?.close();
    sut = undefined;
    const deployment = await deployUupsProxy(chain);
    const upgrade = await upgradeUupsProxy(chain, { proxy: deployment.proxy });
    writeFileSync(registryFile, `protocols:\n  - id: test-protocol\n    name: Test\n    contracts:\n      - { chainId: 31337, address: '${deployment.proxy}', role: proxy }\n`);

    await start();

    const event = await waitFor(() => events().find((e) => e.payload.transactionHash === upgrade.tx.toLowerCase()), { what: 'upgrade made while stopped' });
    expect(event.payload.protocolId).toBe('test-protocol');
    const ids = rawIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith(`31337:${deployment.tx.toLowerCase()}:0:`))).toHaveLength(2);
  });

  it('retracts what it tracked and starts over when the chain has none of its blocks any more', async () => {
    await sut?.close();
    sut = undefined;
    const firstId = rawIds()[0] ?? '';
    const client = new Client({ connectionString: testInfra.databaseUrl });
    await client.connect();
    // What a restarted devnet looks like from here: none of the tracked block hashes is on the chain.
    const bogus = `0x${'0'.repeat(64)}`;
    await client.query(`UPDATE "${token.toLowerCase()}".checkpoints SET block_hash = $1`, [bogus]);
    const { rowCount } = await client.query(`UPDATE "${token.toLowerCase()}".recent_blocks SET block_hash = $1`, [bogus]);
    await client.end();
    expect(rowCount).toBeGreaterThan(0);

    await start();

    await waitFor(() => rawIds().filter((id) => id === firstId).length === 2, { what: 'the first log re-published' });
    expect(rawIds().some((id) => id.includes(':retracted@'))).toBe(true);
  });
});

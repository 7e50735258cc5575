import { TOPICS, catalogue, type NetworkStatus } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { ConfigResourceTypes } from 'kafkajs';
import { createPublicClient, http, type PublicClient } from 'viem';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';

const LIVE = 31341;
const DEAD = 31342;
const INTERVAL_MS = 1_000;

/**
 * A private Hardhat node 300 blocks high (so ingestion starts with a backfill) and a network whose RPC
 * refuses connections, followed by one ingest-chain instance that publishes their statuses.
 */
describe('ingest-chain network statuses (real devnet, Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('status');
  const probe = new KafkaProbe(`${token}.`);
  const networksFile = join(tmpdir(), `${token}-networks.yaml`);
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const topic = probe.namer.physical(TOPICS.networkStatus);
  let node: DevnetNode;
  let client: PublicClient;
  let sut: INestApplication | undefined;

  const statuses = (chainId: number) =>
    probe
      .on(topic)
      .map((m) => ({ key: m.key, message: catalogue[TOPICS.networkStatus].parse(JSON.parse(m.value ?? '')) }))
      .filter(({ message }) => message.payload.chainId === chainId);
  const payloads = (chainId: number): NetworkStatus[] => statuses(chainId).map(({ message }) => message.payload);
  /** Mines empty blocks one by one (hardhat_mine's reserved blocks change hash when first read: a reorg to the poller). */
  const mine = async (blocks: number) => {
    const request = client.request as (args: { method: string; params: unknown[] }) => Promise<unknown>;
    for (let i = 0; i < blocks; i++) await request({ method: 'evm_mine', params: [] });
  };

  beforeAll(async () => {
    node = await startDevnetNode({ chainId: LIVE });
    client = createPublicClient({ transport: http(node.rpcUrl) });
    await mine(300);
    await probe.createTopics();
    await probe.watch([topic]);
    await writeFile(registryFile, 'protocols: []\n');
    await writeFile(
      networksFile,
      [
        'networks:',
        `  - { name: live, chainId: ${LIVE}, blockTimeMs: 100, pollIntervalMs: 100, confirmations: 1, finalityDepth: 3, maxBlockRange: 10, startBlock: 0 }`,
        `  - { name: dead, chainId: ${DEAD}, blockTimeMs: 100, pollIntervalMs: 100, confirmations: 1, finalityDepth: 3, startBlock: latest }`,
        '',
      ].join('\n'),
    );
    const env = isolatedServiceEnv(token, {
      SERVICE: 'status',
      CHAIN_NETWORKS_FILE: networksFile,
      PROTOCOL_REGISTRY_FILE: registryFile,
      CHAIN_LIVE_RPC_ENDPOINTS: JSON.stringify([{ url: node.rpcUrl }]),
      CHAIN_DEAD_RPC_ENDPOINTS: JSON.stringify([{ url: 'http://127.0.0.1:1' }]),
      CHAIN_RPC_MAX_ATTEMPTS: '1',
      CHAIN_RPC_MAX_TOTAL_MS: '1000',
      CHAIN_STATUS_INTERVAL_MS: String(INTERVAL_MS),
      CHAIN_STATUS_LAGGING_BLOCKS: '5',
    });
    sut = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await node?.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
    await Promise.all([rm(networksFile, { force: true }), rm(registryFile, { force: true })]);
  });

  it('reports a backfill as lagging with its progress, then ok at the real head once caught up', async () => {
    const lagging = await waitFor(() => payloads(LIVE).find((s) => s.status === 'lagging'), { what: 'a lagging status during the backfill', timeoutMs: 60_000 });
    expect(lagging).toMatchObject({ network: 'live', confirmations: 1, finalityDepth: 3, intervalMs: INTERVAL_MS, lastError: null });
    expect(lagging.lagBlocks).toBeGreaterThan(5);
    expect(lagging.backfill?.blocksPerSecond).toBeGreaterThan(0);
    expect(Number(lagging.backfill?.targetBlock)).toBeGreaterThanOrEqual(300 - 3);

    await mine(2);
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const ok = await waitFor(() => payloads(LIVE).find((s) => s.status === 'ok' && s.headBlock === head.toString()), { what: `an ok status at head ${head}`, timeoutMs: 30_000 });
    expect(ok).toMatchObject({ ingestedBlock: head.toString(), lagBlocks: 0, backfill: null, lastError: null });
    const message = statuses(LIVE).find(({ message }) => message.payload.polledAt === ok.polledAt);
    expect(message?.key).toBe(String(LIVE));
    expect(message?.message).toMatchObject({ type: 'network.status', id: `${LIVE}:status@${ok.polledAt}`, occurredAt: ok.polledAt, source: expect.stringContaining('ingest-chain') });
  });

  it('publishes a status of the same kind at most once per interval', async () => {
    await waitFor(() => payloads(LIVE).filter((s) => s.status === 'ok').length >= 3, { what: 'three ok statuses', timeoutMs: 30_000 });
    const published = payloads(LIVE);
    // Between two statuses of the same kind in a row, at least an interval.
    const gaps = published.slice(1).flatMap((status, i) => (status.status === published[i]?.status ? [Date.parse(status.polledAt) - Date.parse(published[i].polledAt)] : []));
    expect(gaps.length).toBeGreaterThan(0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS);
  });

  it('reports a network whose RPC fails as failing, with the error and no head', async () => {
    const failing = await waitFor(() => payloads(DEAD).find((s) => s.status === 'failing'), { what: 'a failing status', timeoutMs: 30_000 });
    expect(failing).toMatchObject({ network: 'dead', headBlock: null, ingestedBlock: null, lagBlocks: 0 });
    expect(failing.lastError).toEqual(expect.any(String));
    expect(failing.lastError?.length).toBeGreaterThan(0);
    expect(payloads(DEAD).every((s) => s.status === 'failing')).toBe(true);
  });

  it('creates the status topic compacted', async () => {
    const admin = probe.kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }] });
      expect(described.resources[0]?.configEntries.find((entry) => entry.configName === 'cleanup.policy')?.configValue).toBe('compact');
    } finally {
      await admin.disconnect();
    }
  });

  it('turns failing at once when the live network stops answering', async () => {
    await node.stop();
    const failing = await waitFor(() => payloads(LIVE).find((s) => s.status === 'failing'), { what: 'the live network failing', timeoutMs: 30_000 });
    expect(failing.lastError).toEqual(expect.any(String));
    expect(failing.headBlock).not.toBeNull(); // the last head it saw
  });
});

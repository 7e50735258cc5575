import { TOPICS } from '@pum/contracts';
import { deployUupsProxy, devnetClients, type DevnetClients } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { FaultProxy, KafkaProbe, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode, type Fault, type ProxyRequest } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';

/**
 * Backfill through an RPC proxy that refuses large `eth_getLogs` ranges and sometimes fails:
 * the range shrinks, retries happen, and no log is lost or published twice.
 */
describe('ingest-chain backfill under RPC faults', () => {
  const token = uniqueToken('backfill');
  const probe = new KafkaProbe(`${token}.`);
  const MAX_SPAN = 4;
  // No registry contracts: config/protocols.yaml names the demo addresses account 0 deploys first on a
  // fresh node, whose every catalogue event would be published, so the count would depend on the order tests run.
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  let node: DevnetNode;
  let chain: DevnetClients;
  let proxy: FaultProxy;
  let sut: INestApplication | undefined;

  beforeAll(async () => {
    node = await startDevnetNode();
    chain = devnetClients(node.rpcUrl, { accountIndex: 0 });
    proxy = await FaultProxy.start(node.rpcUrl);
    writeFileSync(registryFile, 'protocols: []\n');
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.chainLogsRaw)]);
  }, 90_000);

  afterAll(async () => {
    await sut?.close();
    await proxy?.stop();
    await node?.stop();
    await probe.dispose();
    await dropSchema(token.toLowerCase());
    rmSync(registryFile, { force: true });
  });

  it('shrinks its block range on "too many results", survives 503s, and publishes every log once', async () => {
    const deployments = [];
    for (let i = 0; i < 6; i++) deployments.push(await deployUupsProxy(chain));
    for (let i = 0; i < 20; i++) await (chain.publicClient.request as (a: { method: string; params: unknown[] }) => Promise<unknown>)({ method: 'evm_mine', params: [] });
    // Like a provider with a result cap: any eth_getLogs spanning more than MAX_SPAN blocks is refused.
    proxy.decide = (request) => {
      if (request.method !== 'eth_getLogs') return undefined;
      const filter = request.params[0] as { fromBlock?: string; toBlock?: string } | undefined;
      if (!filter?.fromBlock || !filter.toBlock) return undefined;
      if (Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1 <= MAX_SPAN) return undefined;
      return { kind: 'body', body: JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32005, message: 'query returned more than 10000 results' } }) };
    };
    proxy.next({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });

    const env = isolatedServiceEnv(token, {
      SERVICE: 'backfill',
      PROTOCOL_REGISTRY_FILE: registryFile,
      CHAIN_RPC_URL: proxy.url,
      CHAIN_START_BLOCK: '0',
      CHAIN_FINALITY_DEPTH: '5',
      CHAIN_MAX_BLOCK_RANGE: '64',
      CHAIN_POLL_INTERVAL_MS: '100',
      CHAIN_RPC_BACKOFF_BASE_MS: '10',
    });
    sut = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));

    const expected = deployments.map((d) => d.tx.toLowerCase());
    const published = () => probe.on(probe.namer.physical(TOPICS.chainLogsRaw)).map((m) => m.headers['x-message-id'] ?? '');
    await waitFor(() => expected.every((tx) => published().some((id) => id.includes(tx))), { what: 'every deployment log' });
    const ids = published();
    expect(new Set(ids).size).toBe(ids.length);
    const served = proxy.hits.filter((hit) => hit.method === 'eth_getLogs' && (hit.params?.[0] as { fromBlock?: string })?.fromBlock);
    const spans = served.map((hit) => {
      const filter = hit.params?.[0] as { fromBlock: string; toBlock: string };
      return Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1;
    });
    expect(spans[0]).toBeGreaterThan(MAX_SPAN); // it started wide…
    expect(spans.filter((span) => span <= MAX_SPAN).length).toBeGreaterThan(0); // …and narrowed until answered
    const url = (await sut.getUrl()).replace('[::1]', '127.0.0.1');
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/pum_rpc_events_total\{endpoint="127\.0\.0\.1:\d+",kind="retry",chain_id="31337",service="ingest-chain"\} [1-9]/);
  }, 90_000);

  it('loses and duplicates nothing when stopped and restarted in the middle of a backfill', async () => {
    await sut?.close();
    sut = undefined;
    proxy.reset();
    const token2 = uniqueToken('midfill');
    const probe2 = new KafkaProbe(`${token2}.`);
    await probe2.createTopics();
    await probe2.watch([probe2.namer.physical(TOPICS.chainLogsRaw)]);
    const mine = (chain.publicClient.request as (a: { method: string; params: unknown[] }) => Promise<unknown>);
    const start = await chain.publicClient.getBlockNumber();
    const deployments = [];
    for (let i = 0; i < 8; i++) {
      deployments.push(await deployUupsProxy(chain));
      for (let j = 0; j < 25; j++) await mine({ method: 'evm_mine', params: [] });
    }
    const env = isolatedServiceEnv(token2, {
      SERVICE: 'midfill',
      PROTOCOL_REGISTRY_FILE: registryFile,
      CHAIN_RPC_URL: proxy.url,
      CHAIN_START_BLOCK: (start + 1n).toString(),
      CHAIN_FINALITY_DEPTH: '5',
      CHAIN_MAX_BLOCK_RANGE: '4',
      CHAIN_POLL_INTERVAL_MS: '100',
    });
    // A slow provider, slower past the second deployment: the first logs come quickly, and the rest of
    // the backfill (some 40 ranges at 500 ms) leaves ample time to stop the service in the middle even
    // when the probe sees the first logs late on a busy machine.
    const slowAfter = deployments[1]!.block;
    const slowProvider = (ms: number) => (request: ProxyRequest): Fault | undefined => {
      if (request.method !== 'eth_getLogs') return undefined;
      const fromBlock = (request.params[0] as { fromBlock?: string } | undefined)?.fromBlock;
      return { kind: 'delay', ms: fromBlock !== undefined && BigInt(fromBlock) > slowAfter ? ms : 30 };
    };
    proxy.decide = slowProvider(500);
    const published = () => probe2.on(probe2.namer.physical(TOPICS.chainLogsRaw)).map((m) => m.headers['x-message-id'] ?? '');
    try {
      sut = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));
      await waitFor(() => published().length >= 2, { what: 'the backfill under way' });
      await sut.close();
      sut = undefined;
      const before = published().length;
      expect(before).toBeLessThan(deployments.length); // stopped in the middle
      proxy.decide = slowProvider(30);

      sut = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));

      const expected = deployments.map((d) => d.tx.toLowerCase());
      await waitFor(() => expected.every((tx) => published().some((id) => id.includes(tx))), { what: 'every log after the restart' });
      const ids = published();
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(deployments.length);
    } finally {
      // The service must be gone before its schema is: a DROP … CASCADE beside its queries can deadlock.
      await sut?.close();
      sut = undefined;
      await probe2.dispose();
      await dropSchema(token2.toLowerCase());
    }
  }, 90_000);
});

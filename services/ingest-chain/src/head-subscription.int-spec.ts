import { TOPICS, catalogue } from '@pum/contracts';
import { deployUupsProxy, devnetClients, upgradeUupsProxy } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';

/** Far longer than the test waits: only the newHeads subscription can make ingest-chain look in time. */
const POLL_INTERVAL_MS = 120_000;

/**
 * `CHAIN_WS_URL`: the node's newHeads subscription (eth_subscribe over WebSocket) wakes the poller on each block, so
 * an upgrade is published within moments of its block although the poll interval is two minutes. On a private node
 * (Hardhat serves WebSocket JSON-RPC on its HTTP port).
 */
describe('ingest-chain woken by the newHeads subscription', () => {
  const token = uniqueToken('heads');
  const probe = new KafkaProbe(`${token}.`);
  let node: DevnetNode;
  let sut: INestApplication | undefined;

  const pendingUpgrade = (tx: string) =>
    probe
      .on(probe.namer.physical(TOPICS.protocolEvents))
      .map((m) => catalogue[TOPICS.protocolEvents].parse(JSON.parse(m.value ?? '')).payload)
      .find((event) => event.transactionHash === tx.toLowerCase() && event.kind === 'upgraded');

  beforeAll(async () => {
    node = await startDevnetNode();
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.protocolEvents)]);
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await node?.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('publishes an upgrade mined after start-up long before the next poll, and counts the announcements', async () => {
    const chain = devnetClients(node.rpcUrl, { accountIndex: 0 });
    const head = await chain.publicClient.getBlockNumber();
    const env = isolatedServiceEnv(token, {
      SERVICE: 'heads',
      CHAIN_RPC_URL: node.rpcUrl,
      CHAIN_WS_URL: node.rpcUrl.replace(/^http/, 'ws'),
      CHAIN_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
      CHAIN_START_BLOCK: (head + 1n).toString(),
    });
    const config = loadIngestChainConfig(env);
    sut = await startIngestChain(config, new JsonLogger('ingest-chain', 'silent'));
    // The first round runs at start-up; wait until the decoder's group has joined by seeing one event through.
    const deployment = await deployUupsProxy(chain);
    const upgrade = await upgradeUupsProxy(chain, { proxy: deployment.proxy });
    const minedAt = Date.now();
    const event = await waitFor(() => pendingUpgrade(upgrade.tx), { timeoutMs: 60_000, what: 'the upgrade, published after a newHeads announcement' });
    expect(event.status).toBe('pending');
    expect(Date.now() - minedAt).toBeLessThan(POLL_INTERVAL_MS / 2);

    const metrics = await (await fetch(`${(await sut.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`)).text();
    const announced = Number(/pum_chain_head_announcements_total\{chain_id="31337"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
    expect(announced).toBeGreaterThanOrEqual(2); // the deployment's block and the upgrade's
  }, 150_000);
});

import { TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { deployUupsProxy, devnetClients, upgradeUupsProxy, type DevnetClients } from '@pum/devnet';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, startDevnetNode, uniqueToken, waitFor, type DevnetNode } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import type { Hex } from 'viem';
import { loadIngestChainConfig } from './config';
import { startIngestChain } from './create-app';

/** Reorgs made on a private Hardhat node with evm_snapshot / evm_revert and new blocks. */
describe('ingest-chain across reorgs', () => {
  const token = uniqueToken('reorg');
  const probe = new KafkaProbe(`${token}.`);
  let node: DevnetNode;
  let chain: DevnetClients;
  let sut: INestApplication;

  const events = (): MessageOf<'protocol.events.v1'>[] =>
    probe.on(probe.namer.physical(TOPICS.protocolEvents)).map((m) => catalogue[TOPICS.protocolEvents].parse(JSON.parse(m.value ?? '')));
  // Delivery is at least once (a decoder rebalance may decode a raw log again; consumers upsert on
  // eventId and status): the distinct statuses of a transaction's events, in the order first seen.
  const statusesOf = (tx: string) => [...new Set(events().filter((e) => e.payload.transactionHash === tx.toLowerCase()).map((e) => e.payload.status))];
  // Hardhat's own methods (evm_snapshot, evm_revert, evm_mine) are not in viem's typed RPC schema.
  const rpc = (method: string, params: unknown[] = []) =>
    (chain.publicClient.request as (args: { method: string; params: unknown[] }) => Promise<unknown>)({ method, params });
  const mine = async (blocks: number) => {
    for (let i = 0; i < blocks; i++) await rpc('evm_mine');
  };

  beforeAll(async () => {
    node = await startDevnetNode();
    chain = devnetClients(node.rpcUrl, { accountIndex: 0 });
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.protocolEvents)]);
    const env = isolatedServiceEnv(token, {
      SERVICE: 'reorg',
      CHAIN_RPC_URL: node.rpcUrl,
      CHAIN_START_BLOCK: '0',
      CHAIN_CONFIRMATIONS: '2',
      CHAIN_FINALITY_DEPTH: '10',
      CHAIN_POLL_INTERVAL_MS: '100',
    });
    sut = await startIngestChain(loadIngestChainConfig(env), new JsonLogger('ingest-chain', 'silent'));
  }, 90_000);

  afterAll(async () => {
    await sut?.close();
    await node?.stop();
    await probe.dispose();
    await dropSchema(token.toLowerCase());
  });

  it('retracts a pending upgrade whose block was reorged out, and never confirms it', async () => {
    const deployment = await deployUupsProxy(chain);
    const snapshot = (await rpc('evm_snapshot')) as Hex;
    const upgrade = await upgradeUupsProxy(chain, { proxy: deployment.proxy });
    await waitFor(() => statusesOf(upgrade.tx).includes('pending'), { what: 'pending upgrade' });

    await rpc('evm_revert', [snapshot]);
    await mine(3);

    await waitFor(() => statusesOf(upgrade.tx).includes('retracted'), { what: 'retraction' });
    await mine(3);
    await waitFor(() => statusesOf(deployment.tx).includes('confirmed'), { what: 'the deployment, still canonical, confirmed' });
    expect(statusesOf(upgrade.tx)).toEqual(['pending', 'retracted']);
  });

  it('retracts an upgrade that was already confirmed when its block left the chain', async () => {
    const deployment = await deployUupsProxy(chain);
    await mine(2);
    const snapshot = (await rpc('evm_snapshot')) as Hex;
    const upgrade = await upgradeUupsProxy(chain, { proxy: deployment.proxy });
    await mine(2);
    await waitFor(() => statusesOf(upgrade.tx).includes('confirmed'), { what: 'confirmed upgrade' });

    await rpc('evm_revert', [snapshot]);
    await mine(4);

    await waitFor(() => statusesOf(upgrade.tx).includes('retracted'), { what: 'retraction' });
    expect(statusesOf(upgrade.tx)).toEqual(['pending', 'confirmed', 'retracted']);
    expect(statusesOf(deployment.tx)).not.toContain('retracted');
  });

  it('ingests the new branch after a reorg and retracts only what left the chain', async () => {
    const deployment = await deployUupsProxy(chain);
    const snapshot = (await rpc('evm_snapshot')) as Hex;
    const orphan = await upgradeUupsProxy(chain, { proxy: deployment.proxy });
    await waitFor(() => statusesOf(orphan.tx).includes('pending'), { what: 'pending upgrade' });

    await rpc('evm_revert', [snapshot]);
    await mine(1); // the new branch differs from the first block on
    const replacement = await upgradeUupsProxy(chain, { proxy: deployment.proxy });
    await mine(3);

    await waitFor(() => statusesOf(replacement.tx).includes('confirmed'), { what: 'the new branch confirmed' });
    expect(replacement.tx).not.toBe(orphan.tx);
    expect(statusesOf(orphan.tx)).toEqual(['pending', 'retracted']);
    expect(statusesOf(replacement.tx)).toEqual(['pending', 'confirmed']);
  });
});

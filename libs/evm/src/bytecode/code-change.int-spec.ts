import { deployMetamorphicKit, destroyMetamorphic, devnetClients, loadArtifacts, placeMetamorphic, type DevnetClients, type MetamorphicKit } from '@pum/devnet';
import { FaultProxy, startDevnetNode, type DevnetNode } from '@pum/testing';
import { keccak256, type PublicClient } from 'viem';
import { createChainClient } from '../chain-clients';
import { RpcServerError, findRpcError } from '../rpc/errors';
import { codeAt } from './code-at';
import { codeChangeBetween as sut } from './code-change';

const SALT = `0x${'42'.repeat(32)}` as const;

describe('codeChangeBetween', () => {
  let artifacts: Awaited<ReturnType<typeof loadArtifacts>>;
  beforeAll(async () => {
    artifacts = await loadArtifacts();
  });

  // The metamorphic trick needs SELFDESTRUCT to delete code in a later transaction, which Cancun (EIP-6780) stopped:
  // a private Shanghai node shows what the check sees on a chain, or in a block, from before it.
  describe('on a pre-Cancun chain (Shanghai)', () => {
    let node: DevnetNode;
    let c: DevnetClients;
    let client: PublicClient;
    let kit: MetamorphicKit;
    beforeAll(async () => {
      node = await startDevnetNode({ hardfork: 'shanghai' });
      c = devnetClients(node.rpcUrl, { accountIndex: 0 });
      client = createChainClient([{ url: node.rpcUrl, name: 'shanghai' }]);
      kit = await deployMetamorphicKit(c);
    });
    afterAll(async () => {
      await node?.stop();
    });

    it('sees a proposal target destroyed and redeployed with other code at the same address as changed', async () => {
      const reviewed = await placeMetamorphic(c, kit, SALT, 'benign');
      await destroyMetamorphic(c, reviewed.address);
      const swapped = await placeMetamorphic(c, kit, SALT, 'malicious');

      const change = await sut(client, reviewed.address, reviewed.block, swapped.block);

      expect(swapped.address).toBe(reviewed.address);
      expect(change).toMatchObject({
        kind: 'changed',
        from: { address: reviewed.address, blockNumber: reviewed.block, hash: keccak256(artifacts.contracts.MetamorphicProposalBenign.deployedBytecode) },
        to: { address: reviewed.address, blockNumber: swapped.block, hash: keccak256(artifacts.contracts.MetamorphicProposalMalicious.deployedBytecode) },
      });
    });

    it('sees code appear as created and a SELFDESTRUCT as destroyed', async () => {
      const salt = `0x${'43'.repeat(32)}` as const;
      const before = await c.publicClient.getBlockNumber({ cacheTime: 0 });
      const placed = await placeMetamorphic(c, kit, salt, 'benign');
      const destroyed = await destroyMetamorphic(c, placed.address);

      expect((await sut(client, placed.address, before, placed.block)).kind).toBe('created');
      const change = await sut(client, placed.address, placed.block, destroyed.block);
      expect(change).toMatchObject({ kind: 'destroyed', to: { code: '0x', size: 0, hash: keccak256('0x') } });
    });

    it('sees the same code at both blocks as unchanged', async () => {
      const placed = await placeMetamorphic(c, kit, `0x${'44'.repeat(32)}`, 'malicious');
      const later = await c.publicClient.getBlockNumber({ cacheTime: 0 });

      const change = await sut(client, placed.address, placed.block, later);

      expect(change.kind).toBe('unchanged');
      expect(change.from.hash).toBe(change.to.hash);
    });
  });

  describe('on a Cancun chain', () => {
    let node: DevnetNode;
    let c: DevnetClients;
    let client: PublicClient;
    let kit: MetamorphicKit;
    beforeAll(async () => {
      node = await startDevnetNode(); // the devnet's own hardfork, cancun
      c = devnetClients(node.rpcUrl, { accountIndex: 0 });
      client = createChainClient([{ url: node.rpcUrl, name: 'cancun' }]);
      kit = await deployMetamorphicKit(c);
    });
    afterAll(async () => {
      await node?.stop();
    });

    it('sees the code stay after SELFDESTRUCT (EIP-6780), so the address cannot be redeployed', async () => {
      const placed = await placeMetamorphic(c, kit, SALT, 'benign');
      const destroyed = await destroyMetamorphic(c, placed.address);

      const change = await sut(client, placed.address, placed.block, destroyed.block);

      expect(change.kind).toBe('unchanged');
      expect(change.to.size).toBeGreaterThan(0);
      await expect(placeMetamorphic(c, kit, SALT, 'malicious')).rejects.toThrow();
    });
  });
});

describe('codeAt', () => {
  let node: DevnetNode;
  let proxy: FaultProxy;
  beforeAll(async () => {
    node = await startDevnetNode();
    proxy = await FaultProxy.start(node.rpcUrl);
  });
  afterAll(async () => {
    await proxy?.stop();
    await node?.stop();
  });

  it('reads the head block when none is given and names it', async () => {
    const client = createChainClient([{ url: node.rpcUrl, name: 'node' }]);
    const head = await client.getBlockNumber({ cacheTime: 0 });

    const read = await codeAt(client, '0x000000000000000000000000000000000000dEaD');

    expect(read).toMatchObject({ blockNumber: head, code: '0x', size: 0, hash: keccak256('0x') });
  });

  it('rejects with a retryable error when the endpoint fails, never answering "no code"', async () => {
    const client = createChainClient([{ url: proxy.url, name: 'failing' }], { maxAttempts: 1 });
    proxy.mode = { kind: 'status', status: 503 };

    const error: unknown = await codeAt(client, '0x000000000000000000000000000000000000dEaD', 1n).catch((e: unknown) => e);

    expect(findRpcError(error)).toBeInstanceOf(RpcServerError);
    expect(findRpcError(error)?.retryable).toBe(true);
  });
});

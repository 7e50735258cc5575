import { devnetClients, type DevnetClients } from '@pum/devnet';
import { createChainClient } from '@pum/evm';
import { FaultProxy, startDevnetNode, type DevnetNode } from '@pum/testing';
import type { PublicClient } from 'viem';

/** A private Hardhat node, a fault proxy in front of it, and a client over the proxy as ingest-market builds one. */
export interface FaultyChain {
  node: DevnetNode;
  /** Signs and reads on the node directly, past the proxy. */
  chain: DevnetClients;
  proxy: FaultProxy;
  /** The lib's client through the proxy, with a short retry budget so a fault surfaces at once. */
  client: PublicClient;
  /** Clears the proxy's faults and counts (for afterEach). */
  heal(): void;
  stop(): Promise<void>;
}

/**
 * Starts a private node with a fault proxy in front of it.
 * @example const faulty = await startFaultyChain(); faulty.proxy.decide = () => ({ kind: 'status', status: 503 });
 */
export async function startFaultyChain(): Promise<FaultyChain> {
  const node = await startDevnetNode();
  const proxy = await FaultProxy.start(node.rpcUrl);
  return {
    node,
    chain: devnetClients(node.rpcUrl, { accountIndex: 0 }),
    proxy,
    client: createChainClient([{ url: proxy.url }], { selection: 'priority', maxAttempts: 2, backoff: { baseMs: 1, capMs: 1 } }),
    heal() {
      proxy.reset();
      proxy.decide = undefined;
    },
    async stop() {
      await proxy.stop();
      await node.stop();
    },
  };
}

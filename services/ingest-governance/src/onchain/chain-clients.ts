import { PermanentMessageError, rpcTransport } from '@pum/platform';
import { createPublicClient, type PublicClient } from 'viem';
import { GovernorReader } from './governor-reader';
import type { GovernanceChain } from './onchain-config';

/** An event came from a chain this service has no RPC endpoints for: configure them; retrying cannot help. */
export class UnknownChainError extends PermanentMessageError {
  constructor(chainId: number) {
    super(`no RPC endpoints for chain ${chainId}: set CHAIN_<NAME>_RPC_ENDPOINTS for its network in CHAIN_NETWORKS_FILE (or add it to GOVERNANCE_RPC_URLS when that is set)`);
    this.name = 'UnknownChainError';
  }
}

/**
 * One viem public client (and Governor reader) per configured chain, over its endpoints in weight
 * order with failover (rpcTransport). viem retries only what can pass (timeouts, 429, 5xx,
 * rate-limit codes) and never a revert, so a call to a contract that lacks the function fails at once.
 */
export class ChainClients {
  private readonly clients = new Map<number, PublicClient>();
  private readonly readers = new Map<number, GovernorReader>();

  constructor(chains: readonly GovernanceChain[]) {
    for (const { chainId, endpoints } of chains) {
      this.clients.set(chainId, createPublicClient({ transport: rpcTransport(endpoints, { timeoutMs: 10_000, retryCount: 3, retryDelay: 200 }) }));
    }
  }

  get chainIds(): number[] {
    return [...this.clients.keys()];
  }

  client(chainId: number): PublicClient {
    const client = this.clients.get(chainId);
    if (!client) throw new UnknownChainError(chainId);
    return client;
  }

  /** The Governor reader of a chain (it caches each governor's clock and token decimals). */
  governors(chainId: number): GovernorReader {
    let reader = this.readers.get(chainId);
    if (!reader) {
      reader = new GovernorReader(this.client(chainId));
      this.readers.set(chainId, reader);
    }
    return reader;
  }
}

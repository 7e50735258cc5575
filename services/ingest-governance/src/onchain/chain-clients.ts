import { PermanentMessageError } from '@pum/platform';
import { createPublicClient, http, type PublicClient } from 'viem';
import { GovernorReader } from './governor-reader';

export const GOVERNANCE_RPC_URLS = Symbol('GOVERNANCE_RPC_URLS');

/** An event came from a chain with no RPC URL in `GOVERNANCE_RPC_URLS`: configure one; retrying cannot help. */
export class UnknownChainError extends PermanentMessageError {
  constructor(chainId: number) {
    super(`no RPC URL for chain ${chainId}: add it to GOVERNANCE_RPC_URLS`);
    this.name = 'UnknownChainError';
  }
}

/**
 * One viem public client (and Governor reader) per configured chain. viem's HTTP transport retries only what can pass
 * (timeouts, 429, 5xx, rate-limit codes) and never a revert or invalid params, so a call to a
 * contract that lacks the function fails at once.
 */
export class ChainClients {
  private readonly clients = new Map<number, PublicClient>();
  private readonly readers = new Map<number, GovernorReader>();

  constructor(urls: Record<number, string>) {
    for (const [chainId, url] of Object.entries(urls)) {
      this.clients.set(Number(chainId), createPublicClient({ transport: http(url, { retryCount: 3, retryDelay: 200, timeout: 10_000 }) }));
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

import type { HealthCheck } from '@pum/platform';
import { Logger } from '@nestjs/common';
import { createPublicClient, http, type PublicClient } from 'viem';

/** Endpoints that failed to say their chain are asked again after this long. */
const RETRY_UNRESOLVED_MS = 30_000;

/**
 * The configured JSON-RPC endpoints, one per chain, each keyed by the chain id it reports
 * (`eth_chainId`). Asked lazily and again while unanswered, so an RPC that is down at start-up (or
 * a devnet that is not running) delays that chain's pools instead of stopping the service.
 * viem's HTTP transport retries transient failures itself.
 */
export class ChainClients {
  private readonly logger = new Logger(ChainClients.name);
  private readonly byChain = new Map<number, PublicClient>();
  private readonly unresolved: Map<string, PublicClient>;
  private lastAttempt = 0;

  constructor(urls: string[], timeoutMs: number) {
    this.unresolved = new Map(urls.map((url) => [url, createPublicClient({ transport: http(url, { retryCount: 3, retryDelay: 200, timeout: timeoutMs }) })]));
  }

  get configured(): number {
    return this.byChain.size + this.unresolved.size;
  }

  /** The client of a chain; undefined while no configured endpoint has said it serves that chain. */
  async client(chainId: number): Promise<PublicClient | undefined> {
    if (!this.byChain.has(chainId) && this.unresolved.size > 0 && Date.now() - this.lastAttempt >= RETRY_UNRESOLVED_MS) await this.resolve();
    return this.byChain.get(chainId);
  }

  /** Asks every unresolved endpoint its chain id; throws naming the endpoints that did not answer. */
  async resolve(): Promise<void> {
    this.lastAttempt = Date.now();
    const failures: string[] = [];
    for (const [url, client] of this.unresolved) {
      try {
        const chainId = await client.getChainId();
        if (this.byChain.has(chainId)) this.logger.warn({ msg: 'a second ONCHAIN_RPC_URLS endpoint for one chain; ignored', chain_id: chainId, endpoint: new URL(url).host });
        else this.byChain.set(chainId, client);
        this.unresolved.delete(url);
      } catch (error) {
        failures.push(`${new URL(url).host}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
    if (failures.length > 0) {
      this.logger.warn({ msg: 'on-chain RPC endpoints did not answer eth_chainId; their chains wait', failures });
      throw new Error(`RPC endpoints did not answer eth_chainId: ${failures.join('; ')}`);
    }
  }

  /** Resolved chains and their clients. */
  entries(): [number, PublicClient][] {
    return [...this.byChain];
  }
}

/** Every configured RPC endpoint answers, and each still serves the chain it reported. */
export class MarketRpcHealthCheck implements HealthCheck {
  readonly name = 'rpc';
  constructor(private readonly clients: ChainClients) {}

  async check(): Promise<void> {
    await this.clients.resolve();
    await Promise.all(
      this.clients.entries().map(async ([expected, client]) => {
        const actual = await client.getChainId();
        if (actual !== expected) throw new Error(`RPC endpoint of chain ${expected} now serves chain ${actual}`);
      }),
    );
  }
}

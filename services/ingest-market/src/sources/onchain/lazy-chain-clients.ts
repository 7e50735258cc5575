import { createChainClient } from '@pum/evm';
import type { HealthCheck } from '@pum/platform';
import { Logger } from '@nestjs/common';
import type { PublicClient } from 'viem';
import type { OnChainRpc } from '../../config';

/** Endpoints that failed to say their chain are asked again after this long. */
const RETRY_UNRESOLVED_MS = 30_000;

interface Unresolved {
  /** The chain the networks file says these endpoints serve; none for an ONCHAIN_RPC_URLS entry. */
  expected?: number;
  /** For logs and errors: hosts or names only (a URL's path may hold an API key). */
  label: string;
  client: PublicClient;
}

/**
 * One client per chain (from @pum/evm: failover in weight order, the one RPC retry policy), each
 * keyed by the chain id its endpoints report (`eth_chainId`), which must be the networks file's for
 * that network. Asked lazily and again while unanswered, so an RPC that is down at start-up (or a
 * devnet that is not running) delays that chain's pools instead of stopping the service. Kept here,
 * over the lib's factory, because only this service takes endpoints whose chain is not configured
 * (ONCHAIN_RPC_URLS) and waits for chains rather than failing at start-up.
 */
export class LazyChainClients {
  private readonly logger = new Logger(LazyChainClients.name);
  private readonly byChain = new Map<number, PublicClient>();
  private readonly unresolved: Set<Unresolved>;
  private lastAttempt = 0;

  constructor(chains: readonly OnChainRpc[], timeoutMs: number) {
    this.unresolved = new Set(
      chains.map((chain) => ({
        expected: chain.chainId,
        label: `${chain.chainId === undefined ? '' : `chain ${chain.chainId} at `}${chain.endpoints.map((e) => e.name ?? new URL(e.url).host).join(', ')}`,
        client: createChainClient(chain.endpoints, { selection: 'priority', timeoutMs }),
      })),
    );
  }

  get configured(): number {
    return this.byChain.size + this.unresolved.size;
  }

  /** The client of a chain; undefined while no configured endpoint has said it serves that chain. */
  async client(chainId: number): Promise<PublicClient | undefined> {
    if (!this.byChain.has(chainId) && this.unresolved.size > 0 && Date.now() - this.lastAttempt >= RETRY_UNRESOLVED_MS) await this.resolve();
    return this.byChain.get(chainId);
  }

  /** Asks every unresolved chain's endpoints their chain id; throws naming those that did not answer, or answered another chain. */
  async resolve(): Promise<void> {
    this.lastAttempt = Date.now();
    const failures: string[] = [];
    for (const entry of this.unresolved) {
      try {
        const chainId = await entry.client.getChainId();
        if (entry.expected !== undefined && chainId !== entry.expected) {
          failures.push(`${entry.label}: serves chain ${chainId}, not the networks file's ${entry.expected}`);
          continue;
        }
        if (this.byChain.has(chainId)) this.logger.warn({ msg: 'a second RPC endpoint for one chain; ignored', chain_id: chainId, endpoint: entry.label });
        else this.byChain.set(chainId, entry.client);
        this.unresolved.delete(entry);
      } catch (error) {
        failures.push(`${entry.label}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
    if (failures.length > 0) {
      this.logger.warn({ msg: 'on-chain RPC endpoints did not answer eth_chainId as configured; their chains wait', failures });
      throw new Error(`RPC endpoints did not answer eth_chainId as configured: ${failures.join('; ')}`);
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
  constructor(private readonly clients: LazyChainClients) {}

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

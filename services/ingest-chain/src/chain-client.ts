import { createPublicClient, http, type PublicClient } from 'viem';
import type { HealthCheck } from '@pum/platform';

export const CHAIN_CLIENT = Symbol('CHAIN_CLIENT');

/** A viem public client on the configured RPC endpoint. */
export function createChainClient(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl, { timeout: 10_000, retryCount: 2 }) });
}

/** The RPC endpoint answers and serves the chain we were configured for. */
export class ChainRpcHealthCheck implements HealthCheck {
  readonly name = 'rpc';
  constructor(
    private readonly client: PublicClient,
    private readonly expectedChainId: number,
  ) {}

  async check(): Promise<void> {
    const chainId = await this.client.getChainId();
    if (chainId !== this.expectedChainId) {
      throw new Error(`RPC serves chain ${chainId}, configured CHAIN_ID is ${this.expectedChainId}`);
    }
  }
}

import type { NetworkEntry } from '@pum/evm';

/** A network of the networks file: what the gateway knows of it before any status arrives. */
export type ConfiguredNetwork = Pick<NetworkEntry, 'name' | 'chainId' | 'confirmations' | 'finalityDepth'>;

/**
 * The enabled networks of the networks file (CHAIN_NETWORKS_FILE, the file ingest-chain follows), read once at
 * start-up: the networks `/api/v1/networks` lists before they report, and the names `/api/v1/events/{network}` knows.
 */
export class NetworkDirectory {
  constructor(readonly networks: readonly ConfiguredNetwork[]) {}

  /** The network of that name or chain id. */
  find(ref: { name: string } | { chainId: number }): ConfiguredNetwork | undefined {
    return this.networks.find((network) => ('name' in ref ? network.name === ref.name : network.chainId === ref.chainId));
  }
}

import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { chainNetworksConfigShape, loadChainNetworks, rpcPoolConfigShape, type NetworkSettings } from '@pum/evm';
import { z } from 'zod';

export const ingestChainConfigSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('ingest_chain'),
  /** The protocol registry (YAML), relative to the working directory. */
  ...registryConfigShape,
  /**
   * The networks to follow: CHAIN_NETWORKS_FILE, CHAIN_<NAME>_RPC_ENDPOINTS and the single-chain
   * CHAIN_* keys (CHAIN_ID, CHAIN_RPC_URL, CHAIN_CONFIRMATIONS, …), shared with the other services
   * that read a chain.
   */
  ...chainNetworksConfigShape,
  /** Retry, backoff and circuit settings of every network's RPC pool. */
  ...rpcPoolConfigShape,
  /** Each network's status (system.networks.v1) is published at most once per this interval, unless it changes kind. */
  CHAIN_STATUS_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** A network whose last ingested block is more than this many blocks behind the head is `lagging`. */
  CHAIN_STATUS_LAGGING_BLOCKS: z.coerce.number().int().min(0).default(50),
});

export type IngestChainConfig = z.infer<typeof ingestChainConfigSchema> & {
  /** The networks to follow, from CHAIN_NETWORKS_FILE, the CHAIN_<NAME>_RPC_ENDPOINTS keys and the CHAIN_* override. */
  networks: NetworkSettings[];
};

/**
 * The service's configuration, with the networks resolved. Fails fast listing every bad key,
 * including those of the networks file (`<file>: networks.2.confirmations: …`).
 */
export function loadIngestChainConfig(env: Record<string, string | undefined>): IngestChainConfig {
  const config = loadConfig(ingestChainConfigSchema, env);
  return { ...config, networks: loadChainNetworks(config, env) };
}

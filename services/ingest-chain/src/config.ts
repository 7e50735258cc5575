import { ConfigError, baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { z } from 'zod';
import { readNetworksFile } from './networks/networks-file';
import { resolveNetworks, type NetworkSettings } from './networks/resolve-networks';
import { rpcPoolConfigShape } from './rpc/rpc-config';

export const ingestChainConfigSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...redisConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('ingest_chain'),
  /** The protocol registry (YAML), relative to the working directory. */
  ...registryConfigShape,
  /** The networks to follow (YAML), relative to the working directory. */
  CHAIN_NETWORKS_FILE: z.string().min(1).default('config/networks.yaml'),
  /** Retry, backoff and circuit settings of every network's RPC pool, and CHAIN_RPC_ENDPOINTS (below). */
  ...rpcPoolConfigShape,
  // The single-chain keys: each one set overrides that field of the network with chain id CHAIN_ID
  // (default the devnet, 31337); a chain id the networks file lacks is added (see resolveNetworks).
  CHAIN_ID: z.coerce.number().int().positive().optional(),
  CHAIN_NAME: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case slug (a-z, 0-9, -)').optional(),
  /** JSON-RPC endpoint when CHAIN_RPC_ENDPOINTS (several, weighted) is not set. */
  CHAIN_RPC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CHAIN_POLL_INTERVAL_MS: z.coerce.number().int().min(50).optional(),
  /** Blocks a log must be buried under before its event is published again as `confirmed`. */
  CHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).optional(),
  /** Depth beyond which a block cannot reorg; must be at least the confirmations. */
  CHAIN_FINALITY_DEPTH: z.coerce.number().int().min(1).max(10_000).optional(),
  /** First block to ingest when there is no checkpoint: a number or `latest`. */
  CHAIN_START_BLOCK: z.union([z.literal('latest'), z.coerce.number().int().min(0)]).optional(),
  /** Largest `eth_getLogs` block range per request. */
  CHAIN_MAX_BLOCK_RANGE: z.coerce.number().int().min(1).max(100_000).optional(),
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
  const file = readNetworksFile(config.CHAIN_NETWORKS_FILE);
  if (file.problems.length > 0) throw new ConfigError(file.problems);
  const { networks, problems } = resolveNetworks(file.networks, config, env);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, networks };
}

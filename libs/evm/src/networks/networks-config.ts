import { z } from 'zod';
import { ConfigError } from '@pum/platform';
import { readNetworksFile } from './networks-file';
import { resolveNetworks, type NetworkSettings } from './resolve-networks';
import { rpcEndpointList } from './rpc-endpoint';

/**
 * The keys that say which chains exist and how to reach them, to spread into the config schema of
 * every service that reads a chain (ingest-chain, ingest-governance, ingest-market), so a chain is
 * configured once for all of them. The endpoints of a network named NAME in the file also come from
 * the env key CHAIN_<NAME>_RPC_ENDPOINTS, read by `loadChainNetworks` (its name depends on the file).
 *
 * @example const schema = z.object({ ...baseConfigShape, ...chainNetworksConfigShape });
 */
export const chainNetworksConfigShape = {
  /** The networks (YAML), relative to the working directory. */
  CHAIN_NETWORKS_FILE: z.string().min(1).default('config/networks.yaml'),
  // The single-chain keys: each one set overrides that field of the network with chain id CHAIN_ID
  // (default the devnet, 31337); a chain id the networks file lacks is added (see resolveNetworks).
  CHAIN_ID: z.coerce.number().int().positive().optional(),
  CHAIN_NAME: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case slug (a-z, 0-9, -)').optional(),
  /** JSON-RPC endpoint when CHAIN_RPC_ENDPOINTS (several, weighted) is not set. */
  CHAIN_RPC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** JSON array of endpoints of the CHAIN_ID network; without it, CHAIN_RPC_URL. */
  CHAIN_RPC_ENDPOINTS: rpcEndpointList.optional(),
  /** WebSocket endpoint of the CHAIN_ID network whose newHeads subscription wakes ingest-chain at once on a new block. */
  CHAIN_WS_URL: z.url({ protocol: /^wss?$/ }).optional(),
  CHAIN_POLL_INTERVAL_MS: z.coerce.number().int().min(50).optional(),
  /** Blocks a log must be buried under before its event is published again as `confirmed`. */
  CHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).optional(),
  /** Depth beyond which a block cannot reorg; must be at least the confirmations. */
  CHAIN_FINALITY_DEPTH: z.coerce.number().int().min(1).max(10_000).optional(),
  /** First block to ingest when there is no checkpoint: a number or `latest`. */
  CHAIN_START_BLOCK: z.union([z.literal('latest'), z.coerce.number().int().min(0)]).optional(),
  /** Largest `eth_getLogs` block range per request. */
  CHAIN_MAX_BLOCK_RANGE: z.coerce.number().int().min(1).max(100_000).optional(),
};

/** The parsed chain keys; a service config that spreads `chainNetworksConfigShape` is one. */
export type ChainNetworksConfig = z.infer<z.ZodObject<typeof chainNetworksConfigShape>>;

/**
 * The networks to read: CHAIN_NETWORKS_FILE, its networks' CHAIN_<NAME>_RPC_ENDPOINTS keys in `env`
 * and the single-chain CHAIN_* keys (precedence in `resolveNetworks`). With nothing set, the devnet
 * on 127.0.0.1:8545. Throws a ConfigError naming every bad key, the file's included
 * (`config/networks.yaml: networks.2.confirmations: …`).
 *
 * @example const networks = loadChainNetworks(loadConfig(schema, process.env), process.env);
 */
export function loadChainNetworks(config: ChainNetworksConfig, env: Record<string, string | undefined>): NetworkSettings[] {
  const file = readNetworksFile(config.CHAIN_NETWORKS_FILE);
  if (file.problems.length > 0) throw new ConfigError(file.problems);
  const { networks, problems } = resolveNetworks(file.networks, config, env);
  if (problems.length > 0) throw new ConfigError(problems);
  return networks;
}

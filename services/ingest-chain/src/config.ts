import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape } from '@pum/platform';
import { z } from 'zod';
import { rpcPoolConfigShape } from './rpc/rpc-config';

export const DEVNET_CHAIN_ID = 31337;

export const ingestChainConfigSchema = z
  .object({
    ...baseConfigShape,
    ...databaseConfigShape,
    ...redisConfigShape,
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('ingest_chain'),
    /** The protocol registry (YAML), relative to the working directory. */
    PROTOCOL_REGISTRY_FILE: z.string().min(1).default('config/protocols.yaml'),
    /** JSON-RPC endpoint when CHAIN_RPC_ENDPOINTS (several, weighted) is not set; default the local devnet. */
    CHAIN_RPC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8545'),
    ...rpcPoolConfigShape,
    CHAIN_ID: z.coerce.number().int().positive().default(DEVNET_CHAIN_ID),
    CHAIN_NAME: z.string().min(1).default('devnet'),
    CHAIN_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
    /** Blocks a log must be buried under before its event is published again as `confirmed`. */
    CHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).default(0),
    /**
     * Depth beyond which a block cannot reorg: blocks above it are tracked (hashes, published logs)
     * so a reorg can retract what they carried. Must be at least CHAIN_CONFIRMATIONS.
     */
    CHAIN_FINALITY_DEPTH: z.coerce.number().int().min(1).max(10_000).default(64),
    /** First block to ingest when there is no checkpoint: a number or `latest`. Devnet default 0, else latest. */
    CHAIN_START_BLOCK: z.union([z.literal('latest'), z.coerce.number().int().min(0)]).optional(),
    /** Largest `eth_getLogs` block range per request. */
    CHAIN_MAX_BLOCK_RANGE: z.coerce.number().int().min(1).max(100_000).default(2000),
  })
  .refine((config) => config.CHAIN_FINALITY_DEPTH >= config.CHAIN_CONFIRMATIONS, {
    path: ['CHAIN_FINALITY_DEPTH'],
    message: 'must be at least CHAIN_CONFIRMATIONS',
  })
  .transform((config) => ({
    ...config,
    CHAIN_START_BLOCK: config.CHAIN_START_BLOCK ?? (config.CHAIN_ID === DEVNET_CHAIN_ID ? 0 : ('latest' as const)),
  }));

export type IngestChainConfig = z.infer<typeof ingestChainConfigSchema>;

export function loadIngestChainConfig(env: Record<string, string | undefined>): IngestChainConfig {
  return loadConfig(ingestChainConfigSchema, env);
}

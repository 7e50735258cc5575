import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { rpcEndpointSchema } from './rpc-endpoint';

/** One network of the networks file (`config/networks.yaml`), shared by every service that reads a chain. */
export const networkEntry = z
  .object({
    /** Lower-case slug; also names its RPC env key, CHAIN_<NAME>_RPC_ENDPOINTS. */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case slug (a-z, 0-9, -)'),
    chainId: z.number().int().positive(),
    enabled: z.boolean().default(true),
    blockTimeMs: z.number().int().positive(),
    /** Default: the block time, at least 50 ms. */
    pollIntervalMs: z.number().int().min(50).optional(),
    /** Blocks a log must be buried under before its event is published again as `confirmed`. */
    confirmations: z.number().int().min(0),
    /** Depth beyond which a block cannot reorg; blocks above it are tracked so a reorg can retract. */
    finalityDepth: z.number().int().min(1).max(10_000),
    maxBlockRange: z.number().int().min(1).max(100_000).default(2000),
    startBlock: z.union([z.literal('latest'), z.number().int().min(0)]).default('latest'),
    /**
     * Which DEX `Swap` logs ingest-chain asks for (docs/analytics.md): of `all` addresses (any pool), of the
     * `registry`'s contracts only (the default: swap volume on a public chain is large), or `off`.
     */
    dexSwaps: z.enum(['off', 'registry', 'all']).default('registry'),
    /** Endpoints used when the env key CHAIN_<NAME>_RPC_ENDPOINTS is not set. */
    rpcEndpoints: z.array(rpcEndpointSchema).min(1).optional(),
    /**
     * A WebSocket endpoint of the same chain whose `eth_subscribe` newHeads wakes ingest-chain's poller at once on a
     * new block (polling at `pollIntervalMs` stays, as the fallback). Used with `rpcEndpoints`, not when the env gives
     * the endpoints: then CHAIN_<NAME>_WS_URL (or CHAIN_WS_URL for the CHAIN_ID network) says it.
     */
    wsUrl: z.url({ protocol: /^wss?$/ }).optional(),
  })
  .strict()
  .refine((network) => network.finalityDepth >= network.confirmations, { path: ['finalityDepth'], message: 'must be at least confirmations' });
export type NetworkEntry = z.infer<typeof networkEntry>;

export const networksFile = z
  .object({ networks: z.array(networkEntry).min(1) })
  .strict()
  .superRefine(({ networks }, ctx) => {
    const seen = new Map<string, number>();
    networks.forEach((network, i) => {
      for (const key of [`name ${network.name}`, `chainId ${network.chainId}`]) {
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['networks', i], message: `${key} is already used by networks.${seen.get(key)}` });
        seen.set(key, i);
      }
    });
  });

/**
 * Reads and validates the networks file; every problem is returned as `<file>: <key path>: <reason>`.
 *
 * @example const { networks, problems } = readNetworksFile('config/networks.yaml')
 */
export function readNetworksFile(file: string): { networks: NetworkEntry[]; problems: string[] } {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { networks: [], problems: [`CHAIN_NETWORKS_FILE: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const result = networksFile.safeParse(document);
  if (!result.success) {
    return { networks: [], problems: result.error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`) };
  }
  return { networks: result.data.networks, problems: [] };
}

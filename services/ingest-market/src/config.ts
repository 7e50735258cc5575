import { baseConfigShape, databaseConfigShape, loadConfig, registryConfigShape } from '@pum/platform';
import { chainNetworksConfigShape, loadChainNetworks, type RpcEndpoint } from '@pum/evm';
import { z } from 'zod';

/** `false`/`0`/`no`/`off` or `true`/`1`/`yes`/`on` (z.coerce.boolean would take "false" as true). */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** A comma-separated list; blanks dropped. */
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item));

const httpUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

/** `chainId:address` of an extra pool or feed to watch. */
const contractRef = z
  .string()
  .regex(/^\d+:0x[0-9a-fA-F]{40}$/, 'expected chainId:0xaddress')
  .transform((value) => {
    const [chainId, address] = value.split(':');
    return { chainId: Number(chainId), address: address.toLowerCase() as `0x${string}` };
  });

export const configSchema = z.object({
  ...baseConfigShape,
  ...databaseConfigShape,
  ...registryConfigShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('ingest_market'),
  /** How much history a subject gets the first time it is seen. */
  MARKET_BACKFILL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Per HTTP attempt. */
  MARKET_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Attempts per HTTP request (429, 5xx, timeouts are retried with backoff), the first included. */
  MARKET_HTTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** First retry waits up to this long (full jitter), doubling each retry; a Retry-After is always honoured. */
  MARKET_HTTP_BACKOFF_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  /** A raw answer larger than this is published as its size and hash only (Kafka's default message limit is 1 MiB). */
  MARKET_RAW_MAX_BYTES: z.coerce.number().int().min(1024).max(900_000).default(256_000),

  COINGECKO_ENABLED: flag.default(true),
  /** Demo/public `https://api.coingecko.com/api/v3`, or Pro `https://pro-api.coingecko.com/api/v3`. */
  COINGECKO_BASE_URL: httpUrl.default('https://api.coingecko.com/api/v3'),
  /** Sent as `x-cg-pro-api-key` to the Pro host, as `x-cg-demo-api-key` otherwise. */
  COINGECKO_API_KEY: z.string().min(1).optional(),
  /** The public/demo plan allows about 30 calls a minute. */
  COINGECKO_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(25),
  COINGECKO_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** CoinGecko ids to price besides the registry's `coingeckoId`s. */
  COINGECKO_ASSETS: list(z.string().regex(/^[a-z0-9-]+$/, 'expected a CoinGecko id')).default([]),

  DEFILLAMA_ENABLED: flag.default(true),
  DEFILLAMA_BASE_URL: httpUrl.default('https://api.llama.fi'),
  DEFILLAMA_COINS_BASE_URL: httpUrl.default('https://coins.llama.fi'),
  DEFILLAMA_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
  DEFILLAMA_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(300_000),
  /** DeFiLlama protocol slugs to follow besides the registry's `defillamaSlug`s. */
  DEFILLAMA_PROTOCOLS: list(z.string().regex(/^[a-z0-9.-]+$/, 'expected a DeFiLlama slug')).default([]),
  /** DeFiLlama coins (`coingecko:<id>` or `<chain>:0xaddress`) to price besides the registry's CoinGecko ids. */
  DEFILLAMA_COINS: list(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9-]+$/, 'expected coingecko:<id> or <chain>:0xaddress')).default([]),

  ONCHAIN_ENABLED: flag.default(true),
  /**
   * The chains pools and feeds are read on, as ingest-chain follows them: CHAIN_NETWORKS_FILE, its
   * CHAIN_<NAME>_RPC_ENDPOINTS keys and the single-chain CHAIN_* keys (default: the devnet).
   */
  ...chainNetworksConfigShape,
  /**
   * Override kept for deployments configured before the shared networks file: JSON-RPC URLs, one per
   * chain (each is asked its chain id); when set, the networks file and the CHAIN_* keys are not read.
   */
  ONCHAIN_RPC_URLS: list(z.url({ protocol: /^https?$/ })).optional(),
  ONCHAIN_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
  /** Blocks an event must be buried under before it is read (no reorg handling below that). */
  ONCHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).default(0),
  /** Blocks of history a pool or feed gets the first time it is seen. */
  ONCHAIN_BACKFILL_BLOCKS: z.coerce.number().int().min(0).default(50_000),
  ONCHAIN_MAX_BLOCK_RANGE: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** Swap volume is summed over fixed windows of this length, published once a window has closed. */
  ONCHAIN_VOLUME_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  /** Uniswap V2/V3 pools (`chainId:0xaddress`) besides registry contracts with role `pool`. */
  ONCHAIN_POOLS: list(contractRef).default([]),
  /** Chainlink-style USD feeds besides registry contracts with role `oracle`. */
  ONCHAIN_FEEDS: list(contractRef).default([]),
  /** Tokens worth one US dollar (`chainId:0xaddress`): a pool is priced in USD through one of them. */
  ONCHAIN_USD_TOKENS: list(contractRef).default([]),
});

/** One chain's endpoints; no `chainId` for an ONCHAIN_RPC_URLS entry, which is asked its chain id. */
export interface OnChainRpc {
  chainId?: number;
  endpoints: RpcEndpoint[];
}

export type IngestMarketConfig = z.infer<typeof configSchema> & {
  /** Where pools and feeds are read: ONCHAIN_RPC_URLS when set, else the shared networks; none with ONCHAIN_ENABLED=false. */
  onChainRpc: OnChainRpc[];
};

/** The service's configuration; fails fast listing every bad key, those of the networks file included. */
export function loadIngestMarketConfig(env: Record<string, string | undefined>): IngestMarketConfig {
  const config = loadConfig(configSchema, env);
  return { ...config, onChainRpc: onChainRpc(config, env) };
}

function onChainRpc(config: z.infer<typeof configSchema>, env: Record<string, string | undefined>): OnChainRpc[] {
  if (!config.ONCHAIN_ENABLED) return [];
  if (config.ONCHAIN_RPC_URLS) return config.ONCHAIN_RPC_URLS.map((url) => ({ endpoints: [{ url }] }));
  return loadChainNetworks(config, env).map(({ chainId, endpoints }) => ({ chainId, endpoints }));
}

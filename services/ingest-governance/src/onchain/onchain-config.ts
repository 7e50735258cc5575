import { loadChainNetworks, type ChainNetworksConfig, type RpcEndpoint } from '@pum/evm';
import { z } from 'zod';

/**
 * `GOVERNANCE_RPC_URLS`: a JSON object of chain id → JSON-RPC URL. An override kept for deployments
 * configured before the shared networks file: when set, it alone names the chains whose Governors
 * and timelocks this service reads, and the networks file is not read.
 *
 * @example GOVERNANCE_RPC_URLS='{"1":"https://eth.example","31337":"http://127.0.0.1:8545"}'
 */
const governanceRpcUrls = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object of chain id → RPC URL' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().regex(/^[1-9][0-9]*$/, 'expected a chain id'), z.url({ protocol: /^https?$/ })))
  .transform((map) => Object.fromEntries(Object.entries(map).map(([chainId, url]) => [Number(chainId), url])) as Record<number, string>)
  .optional();

/**
 * Settings of the on-chain Governor tracker. The chains it reads are those ingest-chain follows
 * (chainNetworksConfigShape, spread by the service config), unless GOVERNANCE_RPC_URLS is set.
 */
export const onChainConfigShape = {
  GOVERNANCE_RPC_URLS: governanceRpcUrls,
  /** How often open proposals are read again from the chain, to see transitions no event announces. */
  GOVERNANCE_RECHECK_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
  /** Most proposals read per re-check round (the rest wait for the next round): bounds the RPC rate. */
  GOVERNANCE_RECHECK_BATCH: z.coerce.number().int().min(1).max(10_000).default(50),
};

/** One chain whose Governors and timelocks are read, and its endpoints. */
export interface GovernanceChain {
  chainId: number;
  endpoints: RpcEndpoint[];
}

/**
 * The chains to read: GOVERNANCE_RPC_URLS when set, else the shared networks (CHAIN_NETWORKS_FILE,
 * CHAIN_<NAME>_RPC_ENDPOINTS, the CHAIN_* keys; by default the devnet). Throws a ConfigError naming
 * the bad keys of the networks.
 *
 * @example governanceChains(config, process.env) // [{ chainId: 31337, endpoints: [{ url: 'http://127.0.0.1:8545' }] }]
 */
export function governanceChains(config: ChainNetworksConfig & { GOVERNANCE_RPC_URLS?: Record<number, string> }, env: Record<string, string | undefined>): GovernanceChain[] {
  if (config.GOVERNANCE_RPC_URLS) return Object.entries(config.GOVERNANCE_RPC_URLS).map(([chainId, url]) => ({ chainId: Number(chainId), endpoints: [{ url }] }));
  return loadChainNetworks(config, env).map(({ chainId, endpoints }) => ({ chainId, endpoints }));
}

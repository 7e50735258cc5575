import { z } from 'zod';

/** The local devnet, where the stack runs when nothing else is configured. */
const DEVNET_RPC_URLS = { 31337: 'http://127.0.0.1:8545' };

/**
 * `GOVERNANCE_RPC_URLS`: a JSON object of chain id → JSON-RPC URL, the chains whose Governors and
 * timelocks this service reads. Default: the devnet, `{"31337":"http://127.0.0.1:8545"}`.
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
  .default(DEVNET_RPC_URLS);

/** Settings of the on-chain Governor tracker. */
export const onChainConfigShape = {
  GOVERNANCE_RPC_URLS: governanceRpcUrls,
  /** How often open proposals are read again from the chain, to see transitions no event announces. */
  GOVERNANCE_RECHECK_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
  /** Most proposals read per re-check round (the rest wait for the next round): bounds the RPC rate. */
  GOVERNANCE_RECHECK_BATCH: z.coerce.number().int().min(1).max(10_000).default(50),
};

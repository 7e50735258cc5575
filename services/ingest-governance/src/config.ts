import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { chainNetworksConfigShape } from '@pum/evm';
import { z } from 'zod';
import { offChainConfigShape } from './off-chain-config';
import { governanceChains, onChainConfigShape, type GovernanceChain } from './onchain/onchain-config';

export const configSchema = z
  .object({
    ...baseConfigShape,
    ...databaseConfigShape,
    ...redisConfigShape,
    ...registryConfigShape,
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('ingest_governance'),
    ...offChainConfigShape,
    /** The chains ingest-chain follows: CHAIN_NETWORKS_FILE, CHAIN_<NAME>_RPC_ENDPOINTS, the CHAIN_* keys. */
    ...chainNetworksConfigShape,
    ...onChainConfigShape,
  })
  .refine((config) => !config.TALLY_ENABLED || config.TALLY_API_KEY !== undefined, {
    path: ['TALLY_API_KEY'],
    message: 'required when TALLY_ENABLED=true',
  });

export type IngestGovernanceConfig = z.infer<typeof configSchema> & {
  /** The chains whose Governors and timelocks are read: GOVERNANCE_RPC_URLS when set, else the shared networks. */
  chains: GovernanceChain[];
};

/** The service's configuration; fails fast listing every bad key, those of the networks file included. */
export function loadIngestGovernanceConfig(env: Record<string, string | undefined>): IngestGovernanceConfig {
  const config = loadConfig(configSchema, env);
  return { ...config, chains: governanceChains(config, env) };
}

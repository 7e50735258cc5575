import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { z } from 'zod';
import { offChainConfigShape } from './off-chain-config';
import { onChainConfigShape } from './onchain/onchain-config';

export const configSchema = z
  .object({
    ...baseConfigShape,
    ...databaseConfigShape,
    ...redisConfigShape,
    ...registryConfigShape,
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('ingest_governance'),
    ...offChainConfigShape,
    ...onChainConfigShape,
  })
  .refine((config) => !config.TALLY_ENABLED || config.TALLY_API_KEY !== undefined, {
    path: ['TALLY_API_KEY'],
    message: 'required when TALLY_ENABLED=true',
  });

export type IngestGovernanceConfig = z.infer<typeof configSchema>;

/** Injection token of the validated config. */
export const GOVERNANCE_CONFIG = Symbol('GOVERNANCE_CONFIG');

export function loadIngestGovernanceConfig(env: Record<string, string | undefined>): IngestGovernanceConfig {
  return loadConfig(configSchema, env);
}

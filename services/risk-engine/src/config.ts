import { chainNetworksConfigShape, loadChainNetworks, type NetworkSettings } from '@pum/evm';
import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape } from '@pum/platform';
import { z } from 'zod';

const weight = z.coerce.number().min(0).max(10);

export const riskEngineConfigSchema = z
  .object({
    ...baseConfigShape,
    ...databaseConfigShape,
    ...redisConfigShape,
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
    /** The chains whose code the technical component reads (bytecode facts): ingest-chain's networks, by default the devnet. */
    ...chainNetworksConfigShape,
    /** Postgres schema of the engine's inputs and assessment versions. */
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('risk_engine'),
    /** Window in which a second upgrade of the same proxy counts as a rapid succession. */
    RISK_RAPID_UPGRADE_WINDOW_SECONDS: z.coerce.number().int().positive().default(24 * 3600),
    /** Component weights of the rules' score (docs/risk-rules.md); they need not sum to 1, they are normalised. */
    RISK_WEIGHT_TECHNICAL: weight.default(0.35),
    RISK_WEIGHT_GOVERNANCE: weight.default(0.35),
    RISK_WEIGHT_MARKET: weight.default(0.15),
    RISK_WEIGHT_LIQUIDITY: weight.default(0.15),
    /** Share of the trained model's probability in the overall score (the rules' share is the rest). */
    RISK_MODEL_WEIGHT: z.coerce.number().min(0).max(1).default(0.3),
    /** The trained model file (docs/risk-model.md). */
    RISK_MODEL_FILE: z.string().min(1).default('libs/risk-model/model/upgrade-risk-model.v1.json'),
    /** Relative TVL/price move that re-assesses: figures are read in steps of this size, so smaller moves change nothing. */
    RISK_MARKET_STEP: z.coerce.number().gt(0).lt(1).default(0.05),
    /** Window over which drawdown, TVL change and volume are measured (ending at the newest tick). */
    RISK_MARKET_WINDOW_SECONDS: z.coerce.number().int().positive().default(7 * 86_400),
    /** A timelock delay lowered within this long before the assessment counts as `delay_lowered`. */
    RISK_DELAY_LOWERED_WINDOW_SECONDS: z.coerce.number().int().positive().default(30 * 86_400),
    /** A proposal executed (or executable) sooner than this after its creation is `fast_execution`. */
    RISK_FAST_EXECUTION_SECONDS: z.coerce.number().int().positive().default(3 * 86_400),
  })
  .refine((c) => c.RISK_WEIGHT_TECHNICAL + c.RISK_WEIGHT_GOVERNANCE + c.RISK_WEIGHT_MARKET + c.RISK_WEIGHT_LIQUIDITY > 0, {
    message: 'at least one RISK_WEIGHT_* must be positive',
    path: ['RISK_WEIGHT_TECHNICAL'],
  });

export type RiskEngineConfig = z.infer<typeof riskEngineConfigSchema> & {
  /** The networks of CHAIN_NETWORKS_FILE and the CHAIN_* keys that have endpoints. */
  chains: NetworkSettings[];
};

/** The service's configuration; fails fast listing every bad key, those of the networks file included. */
export function loadRiskEngineConfig(env: Record<string, string | undefined>): RiskEngineConfig {
  const config = loadConfig(riskEngineConfigSchema, env);
  return { ...config, chains: loadChainNetworks(config, env) };
}

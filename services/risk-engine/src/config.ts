import { chainNetworksConfigShape, loadChainNetworks, type NetworkSettings } from '@pum/evm';
import { baseConfigShape, databaseConfigShape, loadConfig, redisConfigShape, registryConfigShape } from '@pum/platform';
import { z } from 'zod';

const weight = z.coerce.number().min(0).max(10);
const positive = z.coerce.number().gt(0);

/** A comma-separated list, blanks dropped. */
const split = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** `chainId:0xaddress`, the address lower-cased. */
const contractRef = z
  .string()
  .regex(/^\d+:0x[0-9a-fA-F]{40}$/, 'expected chainId:0xaddress')
  .transform((value) => value.toLowerCase());

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
    /** Window over which drawdown, TVL change, volume and the reference asset's β are measured (ending at the newest tick). */
    RISK_MARKET_WINDOW_SECONDS: z.coerce.number().int().positive().default(7 * 86_400),
    /** A timelock delay lowered within this long before the assessment counts as `delay_lowered`. */
    RISK_DELAY_LOWERED_WINDOW_SECONDS: z.coerce.number().int().positive().default(30 * 86_400),
    /** A proposal executed (or executable) sooner than this after its creation is `fast_execution`. */
    RISK_FAST_EXECUTION_SECONDS: z.coerce.number().int().positive().default(3 * 86_400),

    // Execution guidance (guidance.v1, docs/guidance.md): the registry's pools of a protocol, priced through these tokens.
    ...registryConfigShape,
    /** Tokens worth one US dollar (`chainId:0xaddress`), as ingest-market's: a pool is quoted in dollars through one of them. */
    ONCHAIN_USD_TOKENS: z.string().transform(split).pipe(z.array(contractRef)).default([]),
    /** The position guided, in dollars (its price impact sets the impact rules and the lead time); unset: the trade sizes only. */
    RISK_GUIDANCE_POSITION_USD: positive.optional(),
    /** Dollar sizes quoted on every pool in both directions. */
    RISK_GUIDANCE_TRADE_SIZES_USD: z.string().transform((value) => split(value).map(Number)).pipe(z.array(z.number().gt(0)).min(1)).default([1000, 10_000, 100_000]),
    RISK_GUIDANCE_TARGET_ANNUAL_VOLATILITY: positive.default(0.4),
    /** Cap of the position scale (1: never lever up). */
    RISK_GUIDANCE_MAX_POSITION_SCALE: positive.default(1),
    /** Fewest returns, at the window forecast's bar, of the protocol's stored prices for a realised volatility. */
    RISK_GUIDANCE_MIN_REALISED_RETURNS: z.coerce.number().int().min(2).default(5),
    RISK_GUIDANCE_VOLATILITY_ELEVATED: positive.default(1.5),
    RISK_GUIDANCE_VOLATILITY_EXTREME: positive.default(3),
    RISK_GUIDANCE_IMPACT_ELEVATED_BPS: positive.default(50),
    RISK_GUIDANCE_IMPACT_SEVERE_BPS: positive.default(200),
    RISK_GUIDANCE_IMMINENT_HOURS: z.coerce.number().min(0).default(24),
    RISK_GUIDANCE_BASE_LEAD_HOURS: z.coerce.number().min(0).default(24),
    RISK_GUIDANCE_IMPACT_SCALE_BPS: positive.default(100),
    RISK_GUIDANCE_MAX_LEAD_HOURS: z.coerce.number().min(0).default(96),
    RISK_GUIDANCE_SETTLE_HOURS: z.coerce.number().min(0).default(6),
    /** The hedge asset, also the market component's reference asset (β, correlation): a market.ticks.v1 subject id whose prices the engine keeps (a CoinGecko id, a feed's `chainId:address`); unset: neither. */
    RISK_HEDGE_ASSET: z.string().min(1).optional(),
    /** Both price series are cut into bars of this length (last price per bar) before the hedge fit. */
    RISK_HEDGE_BAR_SECONDS: z.coerce.number().int().positive().default(3600),
    RISK_HEDGE_MIN_OBSERVATIONS: z.coerce.number().int().min(3).default(30),
    RISK_HEDGE_MIN_ABS_CORRELATION: z.coerce.number().min(0).max(1).default(0.3),
  })
  .refine((c) => c.RISK_GUIDANCE_VOLATILITY_EXTREME >= c.RISK_GUIDANCE_VOLATILITY_ELEVATED, { message: 'must be at least RISK_GUIDANCE_VOLATILITY_ELEVATED', path: ['RISK_GUIDANCE_VOLATILITY_EXTREME'] })
  .refine((c) => c.RISK_GUIDANCE_IMPACT_SEVERE_BPS >= c.RISK_GUIDANCE_IMPACT_ELEVATED_BPS, { message: 'must be at least RISK_GUIDANCE_IMPACT_ELEVATED_BPS', path: ['RISK_GUIDANCE_IMPACT_SEVERE_BPS'] })
  .refine((c) => c.RISK_GUIDANCE_MAX_LEAD_HOURS >= c.RISK_GUIDANCE_BASE_LEAD_HOURS, { message: 'must be at least RISK_GUIDANCE_BASE_LEAD_HOURS', path: ['RISK_GUIDANCE_MAX_LEAD_HOURS'] })
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

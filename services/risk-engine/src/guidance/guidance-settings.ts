import type { GuidanceSettings } from '@pum/guidance';
import type { RiskEngineConfig } from '../config';

/** DI token of the engine's {@link EngineGuidanceSettings}. */
export const GUIDANCE_SETTINGS = Symbol('GUIDANCE_SETTINGS');

/** What the engine's guidance step is configured with: the library's settings and where its inputs come from. */
export interface EngineGuidanceSettings {
  /** `buildGuidance`'s settings (docs/guidance.md, "Settings"). */
  library: GuidanceSettings;
  /** The position guided, in dollars; null: the trade sizes only. */
  positionUsd: number | null;
  /** market.ticks.v1 subject id of the hedge asset; null: no hedge (`no_hedge_asset`). */
  hedgeAssetId: string | null;
  /** Bar both price series are cut into before the hedge fit. */
  hedgeBarSeconds: number;
  /** Fewest returns of the stored prices, at the forecast's bar, that give a realised volatility. */
  minRealisedReturns: number;
  /** How far back stored prices are read (what the engine keeps: twice the market window). */
  priceWindowSeconds: number;
  /** `chainId:0xaddress` (lower case) of tokens worth a dollar. */
  usdTokens: ReadonlySet<string>;
}

/**
 * The guidance settings of the engine's configuration.
 *
 * @example guidanceSettings(loadRiskEngineConfig(process.env)).library.tradeSizesUsd // [1000, 10000, 100000]
 */
export function guidanceSettings(config: RiskEngineConfig): EngineGuidanceSettings {
  return {
    library: {
      targetAnnualVolatility: config.RISK_GUIDANCE_TARGET_ANNUAL_VOLATILITY,
      maxPositionScale: config.RISK_GUIDANCE_MAX_POSITION_SCALE,
      tradeSizesUsd: config.RISK_GUIDANCE_TRADE_SIZES_USD,
      hedge: { minObservations: config.RISK_HEDGE_MIN_OBSERVATIONS, minAbsCorrelation: config.RISK_HEDGE_MIN_ABS_CORRELATION },
      stance: {
        volatilityRatio: { elevated: config.RISK_GUIDANCE_VOLATILITY_ELEVATED, extreme: config.RISK_GUIDANCE_VOLATILITY_EXTREME },
        impactBps: { elevated: config.RISK_GUIDANCE_IMPACT_ELEVATED_BPS, severe: config.RISK_GUIDANCE_IMPACT_SEVERE_BPS },
        imminentHours: config.RISK_GUIDANCE_IMMINENT_HOURS,
      },
      window: {
        baseLeadHours: config.RISK_GUIDANCE_BASE_LEAD_HOURS,
        impactScaleBps: config.RISK_GUIDANCE_IMPACT_SCALE_BPS,
        maxLeadHours: config.RISK_GUIDANCE_MAX_LEAD_HOURS,
        settleHours: config.RISK_GUIDANCE_SETTLE_HOURS,
      },
    },
    positionUsd: config.RISK_GUIDANCE_POSITION_USD ?? null,
    hedgeAssetId: config.RISK_HEDGE_ASSET ?? null,
    hedgeBarSeconds: config.RISK_HEDGE_BAR_SECONDS,
    minRealisedReturns: config.RISK_GUIDANCE_MIN_REALISED_RETURNS,
    priceWindowSeconds: 2 * config.RISK_MARKET_WINDOW_SECONDS,
    usdTokens: new Set(config.ONCHAIN_USD_TOKENS),
  };
}

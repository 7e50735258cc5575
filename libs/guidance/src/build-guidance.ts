import { actionWindow, type ActionWindow, type ActionWindowSettings } from './action-window';
import { hedgeRatio, type HedgeRatio, type HedgeRatioSettings, type PricePoint } from './hedge-ratio';
import { tradeSlippage, type PoolState, type TradeDirection, type TradeSlippage } from './slippage';
import { decideStance, type RiskLevel, type StanceResult, type StanceSettings } from './stance';
import { volatilityTargetScale, type PositionScale } from './volatility-target';

/** Everything guidance is computed from, for one upgrade with a market. */
export interface GuidanceInputs {
  upgradeId: string;
  protocolId: string;
  /** The time the guidance is for (the assessment's time, not the clock: the same inputs give the same guidance). */
  asOf: string;
  /** The upgrade's ETA; null when none is known yet (no window, no `eta_imminent`). */
  eta: string | null;
  risk: { score: number; level: RiskLevel };
  /**
   * Per-period volatility of the window around the ETA (see `forecastWindowVolatility`) and of the recent realised
   * returns at the same bar, with the bars per year; null without a forecast.
   */
  volatility: { forecastPeriodVolatility: number; realisedPeriodVolatility: number | null; periodsPerYear: number } | null;
  /** The position to guide, in dollars; null to guide on the configured trade sizes only. */
  positionUsd: number | null;
  /** The registry pools of the market, read from the chain. */
  pools: readonly PoolState[];
  /** The asset's prices and a correlated asset's, for the hedge; null when no hedge asset is configured. */
  hedge: { hedgeAssetId: string; assetPrices: readonly PricePoint[]; hedgePrices: readonly PricePoint[] } | null;
}

export interface GuidanceSettings {
  /** Target annualised volatility of the position (0.4 = 40 %). */
  targetAnnualVolatility: number;
  /** Largest position scale (1: never lever up). */
  maxPositionScale: number;
  /** Dollar trade sizes quoted on every pool in both directions. */
  tradeSizesUsd: readonly number[];
  hedge: HedgeRatioSettings;
  stance: StanceSettings;
  window: ActionWindowSettings;
}

/** The selling of the whole position on the pool where it costs least: what the stance and the window use. */
export interface PositionImpact {
  poolId: string;
  sizeUsd: number;
  priceImpactBps: number;
  slippageBps: number;
}

/** Plain, JSON-safe guidance, shaped for a future `guidance.v1` message. */
export interface Guidance {
  upgradeId: string;
  protocolId: string;
  asOf: string;
  stance: StanceResult['stance'];
  reasons: StanceResult['reasons'];
  /** The stance's full working: severity, missing inputs and the inputs themselves. */
  stanceDetail: Omit<StanceResult, 'stance' | 'reasons'>;
  positionScale: PositionScale | { available: false; reason: 'no_volatility_forecast' };
  hedge: HedgeRatio;
  positionImpact: PositionImpact | null;
  slippage: TradeSlippage[];
  window: ActionWindow | null;
  settings: GuidanceSettings;
}

const DIRECTIONS: readonly TradeDirection[] = ['buy', 'sell'];

/**
 * Execution guidance for one upgrade: stance and reasons, position scale by volatility targeting, hedge ratio,
 * slippage per configured size on every pool, and the window around the ETA. Pure and deterministic: the same
 * inputs and settings give the same object.
 *
 * @example
 * const guidance = buildGuidance({ upgradeId, protocolId, asOf, eta, risk: { score: 62, level: 'high' }, volatility, positionUsd: 250_000, pools, hedge }, settings);
 * guidance.stance; // 'hedge'
 * guidance.window?.actBy; // '2025-03-09T00:00:00.000Z'
 */
export function buildGuidance(inputs: GuidanceInputs, settings: GuidanceSettings): Guidance {
  const slippage = inputs.pools.flatMap((pool) =>
    settings.tradeSizesUsd.flatMap((size) => DIRECTIONS.map((direction) => tradeSlippage(pool, direction, size)).filter((q): q is TradeSlippage => q !== undefined)),
  );
  const positionImpact = inputs.positionUsd === null ? null : bestExit(inputs.pools, inputs.positionUsd);

  const hedge: HedgeRatio =
    inputs.hedge === null
      ? { available: false, reason: 'no_hedge_asset', observations: 0, correlation: null, inputs: { hedgeAssetId: '', alignedPoints: 0, from: null, to: null, settings: settings.hedge } }
      : hedgeRatio(inputs.hedge.assetPrices, inputs.hedge.hedgePrices, { ...settings.hedge, hedgeAssetId: inputs.hedge.hedgeAssetId });

  const positionScale: Guidance['positionScale'] =
    inputs.volatility === null
      ? { available: false, reason: 'no_volatility_forecast' }
      : volatilityTargetScale({
          targetAnnualVolatility: settings.targetAnnualVolatility,
          forecastPeriodVolatility: inputs.volatility.forecastPeriodVolatility,
          periodsPerYear: inputs.volatility.periodsPerYear,
          maxScale: settings.maxPositionScale,
        });

  const impactBps = positionImpact?.priceImpactBps ?? null;
  const window = inputs.eta === null ? null : actionWindow(inputs.eta, inputs.asOf, impactBps, settings.window);
  const { stance, reasons, ...stanceDetail } = decideStance(
    {
      risk: inputs.risk,
      forecastVolatility: inputs.volatility?.forecastPeriodVolatility ?? null,
      realisedVolatility: inputs.volatility?.realisedPeriodVolatility ?? null,
      positionImpactBps: impactBps,
      hedgeAvailable: hedge.available,
      hoursToEta: window?.hoursToEta ?? null,
    },
    settings.stance,
  );

  return {
    upgradeId: inputs.upgradeId,
    protocolId: inputs.protocolId,
    asOf: inputs.asOf,
    stance,
    reasons,
    stanceDetail,
    positionScale,
    hedge,
    positionImpact,
    slippage,
    window,
    settings,
  };
}

/** Selling the position where it moves the price least; null when no pool can quote it. */
function bestExit(pools: readonly PoolState[], sizeUsd: number): PositionImpact | null {
  let best: PositionImpact | null = null;
  for (const pool of pools) {
    const quote = tradeSlippage(pool, 'sell', sizeUsd);
    if (quote && (best === null || quote.priceImpactBps < best.priceImpactBps)) {
      best = { poolId: quote.poolId, sizeUsd, priceImpactBps: quote.priceImpactBps, slippageBps: quote.slippageBps };
    }
  }
  return best;
}

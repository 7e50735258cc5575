import { forecastWindowVolatility, type GuidanceInputs, type PoolState, type RiskLevel } from '@pum/guidance';
import type { ForecastSummary, MarketPoint } from '../inputs/risk-state.repository';
import type { EngineGuidanceSettings } from './guidance-settings';
import { lastPerBar, realisedPeriodVolatility } from './price-bars';

/** What the engine holds for one lifecycle's guidance, read from its schema and the chain. */
export interface GuidanceSources {
  upgradeId: string;
  protocolId: string;
  /** The assessment's time: the guidance is for it, not for the clock. */
  asOf: string;
  eta: string | null;
  risk: { score: number; level: RiskLevel };
  /** The upgrade's event-window volatility forecast as stored (null: none yet). */
  windowForecast: ForecastSummary | null;
  /** The protocol's stored price ticks, oldest first. */
  prices: readonly Pick<MarketPoint, 'observedAt' | 'value'>[];
  pools: readonly PoolState[];
  /** The hedge asset's stored price ticks; null when no hedge asset is configured. */
  hedgePrices: readonly Pick<MarketPoint, 'observedAt' | 'value'>[] | null;
}

/**
 * `buildGuidance`'s inputs from what the engine stores: σ per bar of the window forecast (`forecastWindowVolatility`)
 * with the realised σ of the stored prices at the same bar; both price series cut into hedge bars; null when the
 * protocol has no market (no pool that could be read, no price).
 *
 * @example guidanceInputsOf({ upgradeId, protocolId, asOf, eta, risk, windowForecast, prices, pools, hedgePrices: null }, settings)?.volatility
 */
export function guidanceInputsOf(sources: GuidanceSources, settings: EngineGuidanceSettings): GuidanceInputs | null {
  if (sources.pools.length === 0 && sources.prices.length === 0) return null;
  return {
    upgradeId: sources.upgradeId,
    protocolId: sources.protocolId,
    asOf: sources.asOf,
    eta: sources.eta,
    risk: sources.risk,
    volatility: volatilityOf(sources.windowForecast, sources.prices, settings.minRealisedReturns),
    positionUsd: settings.positionUsd,
    pools: sources.pools,
    hedge:
      settings.hedgeAssetId === null || sources.hedgePrices === null
        ? null
        : { hedgeAssetId: settings.hedgeAssetId, assetPrices: lastPerBar(sources.prices, settings.hedgeBarSeconds), hedgePrices: lastPerBar(sources.hedgePrices, settings.hedgeBarSeconds) },
  };
}

/** The window's σ per bar, and the realised σ at that bar; null without a window forecast that kept its variance and bar. */
function volatilityOf(forecast: ForecastSummary | null, prices: GuidanceSources['prices'], minRealisedReturns: number): GuidanceInputs['volatility'] {
  if (!forecast?.window || forecast.barSeconds === undefined) return null;
  const window = forecastWindowVolatility({ input: { barSeconds: forecast.barSeconds }, window: forecast.window });
  if (window === null) return null;
  return {
    forecastPeriodVolatility: window.periodVolatility,
    realisedPeriodVolatility: realisedPeriodVolatility(prices, forecast.barSeconds, minRealisedReturns),
    periodsPerYear: window.periodsPerYear,
  };
}

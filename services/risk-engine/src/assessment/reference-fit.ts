import { hedgeRatio } from '@pum/guidance';
import { lastPerBar } from '../guidance/price-bars';
import type { MarketPoint } from '../inputs/risk-state.repository';
import { observationsBucket, stepped, type ObservedReadings, type ReferenceFit } from './inputs';

export interface ReferenceFitSettings {
  /** market.ticks.v1 subject id of the reference asset. */
  assetId: string;
  barSeconds: number;
  windowSeconds: number;
  /** Fewest aligned returns to fit on (RISK_HEDGE_MIN_OBSERVATIONS). */
  minObservations: number;
  /** RISK_MARKET_STEP: correlation and β are read in steps of it. */
  step: number;
}

type Points = readonly Pick<MarketPoint, 'observedAt' | 'value'>[];

/**
 * The protocol's price against the reference asset: both series cut into bars and aligned as the guidance's hedge
 * fit does them (`lastPerBar`, `hedgeRatio` of @pum/guidance, with no correlation floor), correlation and β in
 * steps for the inputs, the exact figures for the evidence. Null with too few aligned returns or a flat reference.
 *
 * @example referenceFitOf(tokenPrices, ethPrices, { assetId: 'ethereum', barSeconds: 3600, windowSeconds: 604_800, minObservations: 30, step: 0.05 })?.fit.beta // 1.95
 */
export function referenceFitOf(prices: Points, referencePrices: Points, settings: ReferenceFitSettings): { fit: ReferenceFit; observed: NonNullable<ObservedReadings['reference']> } | null {
  const result = hedgeRatio(lastPerBar(prices, settings.barSeconds), lastPerBar(referencePrices, settings.barSeconds), {
    hedgeAssetId: settings.assetId,
    minObservations: settings.minObservations,
    minAbsCorrelation: 0,
  });
  if (!result.available) return null;
  const correlation = stepped(result.correlation, settings.step);
  const beta = stepped(result.beta, settings.step);
  if (correlation === null || beta === null) return null;
  return {
    fit: {
      assetId: settings.assetId,
      correlation,
      beta,
      observationsAtLeast: observationsBucket(result.observations, settings.minObservations),
      barSeconds: settings.barSeconds,
      windowSeconds: settings.windowSeconds,
    },
    observed: { correlation: round4(result.correlation), beta: round4(result.beta), observations: result.observations, from: result.inputs.from, to: result.inputs.to },
  };
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

import { logReturns, studentTQuantile } from '@pum/timeseries';

/** One observation of a price series. */
export interface PricePoint {
  /** ISO-8601 time of the observation; the two series are aligned on equal times. */
  at: string;
  price: number;
}

export interface HedgeRatioSettings {
  /** Fewest aligned log returns to fit on (at least 3: the standard error needs n − 2 > 0). */
  minObservations: number;
  /** Smallest |correlation| of the returns for the other asset to count as a hedge. */
  minAbsCorrelation: number;
}

/** Why no hedge ratio is given. */
export type HedgeUnavailableReason = 'too_few_points' | 'correlation_below_floor' | 'hedge_series_flat' | 'no_hedge_asset';

/** The series the fit used: where the aligned window starts and ends, and how many points it had. */
export interface HedgeFitInputs {
  hedgeAssetId: string;
  alignedPoints: number;
  from: string | null;
  to: string | null;
  settings: HedgeRatioSettings;
}

export type HedgeRatio =
  | {
      available: true;
      /** OLS slope of the asset's log returns on the hedge's: the minimum-variance hedge ratio (short β of the hedge per unit held). */
      beta: number;
      alpha: number;
      correlation: number;
      rSquared: number;
      betaStandardError: number;
      /** β ± t(0.975, n − 2) · se. */
      betaInterval95: [number, number];
      /** Log returns fitted on. */
      observations: number;
      inputs: HedgeFitInputs;
    }
  | { available: false; reason: HedgeUnavailableReason; observations: number; correlation: number | null; inputs: HedgeFitInputs };

/**
 * The minimum-variance hedge ratio of an asset against a correlated one: both series aligned on equal timestamps,
 * log returns between consecutive aligned points, the asset's returns regressed on the hedge's by OLS. Refuses (a
 * reason, not a number) with too few aligned returns, a flat hedge series, or |correlation| under the floor.
 *
 * @example
 * const sut = hedgeRatio(tokenPrices, ethPrices, { hedgeAssetId: 'eth', minObservations: 30, minAbsCorrelation: 0.3 });
 * if (sut.available) sut.beta; // short β dollars of ETH per dollar of the token
 */
export function hedgeRatio(
  assetPrices: readonly PricePoint[],
  hedgePrices: readonly PricePoint[],
  settings: HedgeRatioSettings & { hedgeAssetId: string },
): HedgeRatio {
  const { hedgeAssetId, ...fitSettings } = settings;
  if (!Number.isInteger(fitSettings.minObservations) || fitSettings.minObservations < 3) throw new RangeError(`minObservations must be an integer ≥ 3, got ${fitSettings.minObservations}`);
  if (!(fitSettings.minAbsCorrelation >= 0 && fitSettings.minAbsCorrelation <= 1)) throw new RangeError(`minAbsCorrelation must be in [0, 1], got ${fitSettings.minAbsCorrelation}`);

  const aligned = align(assetPrices, hedgePrices);
  const inputs: HedgeFitInputs = {
    hedgeAssetId,
    alignedPoints: aligned.length,
    from: aligned.length > 0 ? new Date(aligned[0].at).toISOString() : null,
    to: aligned.length > 0 ? new Date(aligned[aligned.length - 1].at).toISOString() : null,
    settings: fitSettings,
  };
  const y = logReturns(aligned.map((p) => p.asset));
  const x = logReturns(aligned.map((p) => p.hedge));
  const n = x.length;
  if (n < fitSettings.minObservations) return { available: false, reason: 'too_few_points', observations: n, correlation: null, inputs };

  const meanX = mean(x);
  const meanY = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - meanX) ** 2;
    syy += (y[i] - meanY) ** 2;
    sxy += (x[i] - meanX) * (y[i] - meanY);
  }
  if (sxx === 0) return { available: false, reason: 'hedge_series_flat', observations: n, correlation: null, inputs };
  // A flat asset is perfectly hedged by nothing: correlation 0.
  const correlation = syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  if (Math.abs(correlation) < fitSettings.minAbsCorrelation) return { available: false, reason: 'correlation_below_floor', observations: n, correlation, inputs };

  const beta = sxy / sxx;
  const alpha = meanY - beta * meanX;
  const ssr = Math.max(0, syy - beta * sxy);
  const betaStandardError = Math.sqrt(ssr / (n - 2) / sxx);
  const t = studentTQuantile(0.975, n - 2);
  return {
    available: true,
    beta,
    alpha,
    correlation,
    rSquared: correlation ** 2,
    betaStandardError,
    betaInterval95: [beta - t * betaStandardError, beta + t * betaStandardError],
    observations: n,
    inputs,
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/** Points at times both series have, in time order (a repeated time keeps its last price). */
function align(asset: readonly PricePoint[], hedge: readonly PricePoint[]): { at: number; asset: number; hedge: number }[] {
  const byTime = (series: readonly PricePoint[], name: string) => {
    const out = new Map<number, number>();
    for (const p of series) {
      const at = Date.parse(p.at);
      if (Number.isNaN(at)) throw new RangeError(`${name} series: "${p.at}" is not an ISO time`);
      out.set(at, p.price);
    }
    return out;
  };
  const hedgeByTime = byTime(hedge, 'hedge');
  return [...byTime(asset, 'asset')]
    .filter(([at]) => hedgeByTime.has(at))
    .sort(([a], [b]) => a - b)
    .map(([at, price]) => ({ at, asset: price, hedge: hedgeByTime.get(at) as number }));
}

import type { ForecastSeries, MarketTick } from '@pum/contracts';

/** What a stored series is forecast with: prices get volatility models, TVL gets ARIMA and flows. */
export type SeriesKind = 'price' | 'tvl';

/**
 * The series a tick belongs to: one subject, metric, source and chain. Sources are kept apart
 * (CoinGecko and a DEX pool price the same asset slightly differently, and interleaving them
 * would show the difference as volatility). Volume ticks belong to no series: nothing here
 * forecasts volume.
 *
 * @example seriesOf(tick)?.key // 'asset:aave:price:coingecko:all'
 */
export function seriesOf(tick: MarketTick): ForecastSeries | null {
  if (tick.metric === 'volume') return null;
  return {
    key: `${tick.subject.type}:${tick.subject.id}:${tick.metric}:${tick.source}:${tick.chainId ?? 'all'}`,
    subject: tick.subject,
    metric: tick.metric,
    source: tick.source,
    protocolId: tick.protocolId,
    chainId: tick.chainId,
  };
}

export function kindOf(series: Pick<ForecastSeries, 'metric'>): SeriesKind {
  return series.metric === 'tvl' ? 'tvl' : 'price';
}

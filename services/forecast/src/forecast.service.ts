import { TOPICS, type ForecastLiquidity, type ForecastSeries, type ForecastVolatility } from '@pum/contracts';
import { EventPublisher, JsonLogger } from '@pum/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ForecastMetrics } from './forecast-metrics';
import { FORECAST_SETTINGS, type ForecastSettings } from './forecast-settings';
import type { UpgradeWindow } from './forecasting/forecast-scope';
import { FitPool } from './fitting/fit-pool';
import type { FlowsOf } from './forecasting/liquidity-forecaster';
import { netFlow } from './forecasting/net-flows';
import { regularBars, type Bars } from './series/bars';
import { kindOf } from './series/series-identity';
import { SeriesRepository, type StoredSeries } from './series/series.repository';
import { ProtocolDirectory } from './upgrades/protocol-directory';
import { UpgradeWindowsRepository } from './upgrades/upgrade-windows.repository';

/** Fits one stored series and publishes its forecasts (the series' own and its open upgrade windows'). */
@Injectable()
export class ForecastService {
  constructor(
    private readonly series: SeriesRepository,
    private readonly windows: UpgradeWindowsRepository,
    private readonly directory: ProtocolDirectory,
    private readonly publisher: EventPublisher,
    private readonly metrics: ForecastMetrics,
    private readonly fits: FitPool,
    private readonly logger: JsonLogger,
    @Inject(FORECAST_SETTINGS) private readonly settings: ForecastSettings,
  ) {}

  /** Refits a series from what is stored now; marks the data it saw as fitted once published. */
  async refit(key: string): Promise<void> {
    const series = await this.series.find(key);
    if (series === null) return;
    const kind = kindOf(series);
    const barSeconds = kind === 'price' ? this.settings.priceBarSeconds : this.settings.tvlBarSeconds;
    const bars = regularBars(await this.series.lastPerBar(key, barSeconds, this.settings.maxObservations), this.settings.maxObservations);
    if (bars.values.length === 0) return;
    const lastBarEnd = new Date((bars.firstBucket + bars.values.length) * barSeconds * 1000);
    const protocols = this.directory.protocolsOf(series);
    const windows = await this.upgradeWindows(protocols, lastBarEnd);
    const request = { series: publishedSeries(series, protocols), bars, barSeconds, windows };
    const started = process.hrtime.bigint();
    const outcome = await this.fits.run(
      kind === 'price'
        ? { kind: 'volatility', request, settings: this.settings.volatility }
        : { kind: 'liquidity', request, settings: this.settings.liquidity, flows: await this.flowsOf(request.series, bars, barSeconds) },
    );
    this.observe(outcome.kind, outcome.forecasts[0], started);
    if (outcome.kind === 'volatility') await this.publishVolatility(outcome.forecasts);
    else await this.publishLiquidity(outcome.forecasts);
    await this.series.markFitted(key, series.dataVersion, new Date());
  }

  /** The upgrade windows of the series' protocols that have not ended before the data does. */
  private async upgradeWindows(protocols: string[], lastBarEnd: Date): Promise<UpgradeWindow[]> {
    const references = await this.windows.ofProtocols(protocols, new Date(lastBarEnd.getTime() - this.settings.windowAfterMs));
    return references.map((reference) => {
      const eta = new Date(reference.eta).getTime();
      return { reference, from: new Date(eta - this.settings.windowBeforeMs), to: new Date(eta + this.settings.windowAfterMs) };
    });
  }

  /** Cross-protocol flows over the regime window: per-chain protocol TVL series only. */
  private async flowsOf(series: ForecastSeries, bars: Bars, barSeconds: number): Promise<FlowsOf> {
    if (series.chainId === null || series.subject.type !== 'protocol') return null;
    const barMs = barSeconds * 1000;
    const end = new Date((bars.firstBucket + bars.values.length) * barMs - 1);
    const start = new Date(end.getTime() - this.settings.liquidity.windowBars * barMs);
    const flow = netFlow(series.key, await this.series.chainTvlAt(series.chainId, series.source, start, end));
    return flow === null ? null : { chainId: series.chainId, from: start.toISOString(), to: end.toISOString(), ...flow };
  }

  private observe(kind: 'volatility' | 'liquidity', forecast: ForecastVolatility | ForecastLiquidity, started: bigint): void {
    this.metrics.fitSeconds.observe({ kind }, Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics.fits.inc({ kind, model: forecast.model });
    if (forecast.fallbackReason !== null) {
      this.metrics.fallbacks.inc({ kind });
      this.logger.warn({ msg: 'forecast fell back', kind, series_key: forecast.series.key, model: forecast.model, reason: forecast.fallbackReason });
    }
    this.logger.log({ msg: 'series forecast', kind, series_key: forecast.series.key, model: forecast.model, forecast_id: forecast.forecastId, observations: forecast.input.observations });
  }

  private async publishVolatility(forecasts: ForecastVolatility[]): Promise<void> {
    await this.publisher.publish(
      TOPICS.forecastVolatility,
      forecasts.map((payload) => ({ key: messageKey(payload), id: payload.forecastId, occurredAt: payload.input.to, payload })),
    );
  }

  private async publishLiquidity(forecasts: ForecastLiquidity[]): Promise<void> {
    await this.publisher.publish(
      TOPICS.forecastLiquidity,
      forecasts.map((payload) => ({ key: messageKey(payload), id: payload.forecastId, occurredAt: payload.input.to, payload })),
    );
  }
}

/**
 * The series as published: its protocol is the one its ticks named or, failing that, the only
 * registry protocol whose market ids match its subject.
 */
function publishedSeries(series: StoredSeries, protocols: string[]): ForecastSeries {
  const { key, subject, metric, source, chainId } = series;
  return { key, subject, metric, source, chainId, protocolId: series.protocolId ?? (protocols.length === 1 ? protocols[0] : null) };
}

/** Results are keyed by protocol (the series subject when it has none), so one protocol's forecasts stay ordered. */
function messageKey(payload: ForecastVolatility | ForecastLiquidity): string {
  return payload.upgrade?.protocolId ?? payload.series.protocolId ?? `${payload.series.subject.type}:${payload.series.subject.id}`;
}

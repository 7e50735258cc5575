import { MetricsService } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';

/** The forecast service's own metrics, on the service's registry. */
@Injectable()
export class ForecastMetrics {
  readonly fits: Counter<'kind' | 'model'>;
  readonly fitSeconds: Histogram<'kind'>;
  readonly fallbacks: Counter<'kind'>;
  readonly refitFailures: Counter;
  readonly ticks: Counter<'outcome'>;
  readonly pruned: Counter<'what'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.fits = new Counter({ name: 'pum_forecast_fits_total', help: 'Series fits, by kind (volatility, liquidity) and model chosen.', labelNames: ['kind', 'model'], registers });
    this.fitSeconds = new Histogram({
      name: 'pum_forecast_fit_seconds',
      help: 'Time to fit one series and build its forecasts.',
      labelNames: ['kind'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.fallbacks = new Counter({
      name: 'pum_forecast_fallbacks_total',
      help: 'Fits that did not give the requested model (EWMA fallback, or no model), by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.refitFailures = new Counter({ name: 'pum_forecast_refit_failures_total', help: 'Refits that failed (retried later).', registers });
    this.ticks = new Counter({
      name: 'pum_forecast_ticks_total',
      help: 'market.ticks.v1 messages by outcome: stored (new or corrected), duplicate, ignored (not a forecast series).',
      labelNames: ['outcome'],
      registers,
    });
    this.pruned = new Counter({
      name: 'pum_forecast_pruned_total',
      help: 'Rows deleted by series housekeeping: points (no fit reads them) and windows (long past).',
      labelNames: ['what'],
      registers,
    });
  }
}

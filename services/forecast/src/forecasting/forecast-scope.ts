import type { ForecastSeries, UpgradeReference } from '@pum/contracts';
import type { Bars } from '../series/bars';
import { BarClock, type StepRange } from './bar-clock';
import { forecastId } from './forecast-id';

/** An upgrade whose window around its ETA is forecast. */
export interface UpgradeWindow {
  reference: UpgradeReference;
  from: Date;
  to: Date;
}

/** What a fit of one series is asked for: the series forecast and the forecasts of its open upgrade windows. */
export interface FitRequest {
  series: ForecastSeries;
  bars: Bars;
  barSeconds: number;
  windows: readonly UpgradeWindow[];
}

/** An upgrade window with the forecast steps it covers. */
export interface CoveredWindow extends UpgradeWindow {
  steps: StepRange;
}

/** The clock of a request's bars, the windows it can forecast and the horizon that reaches them all. */
export function planFit(request: FitRequest, horizon: number, maxHorizon: number): { clock: BarClock; covered: CoveredWindow[]; fitHorizon: number } {
  const clock = new BarClock(request.bars.firstBucket + request.bars.values.length - 1, request.barSeconds);
  const covered: CoveredWindow[] = [];
  for (const window of request.windows) {
    const steps = clock.stepsIn(window.from, window.to, maxHorizon);
    if (steps !== null) covered.push({ ...window, steps });
  }
  const fitHorizon = Math.max(horizon, ...covered.map((window) => window.steps.last));
  return { clock, covered, fitHorizon };
}

/** The `input` block of a forecast: the bars it saw. */
export function inputWindow(request: FitRequest, clock: BarClock) {
  return {
    from: clock.bucketStart(request.bars.firstBucket),
    to: clock.bucketStart(clock.lastBucket),
    observations: request.bars.values.length,
    barSeconds: request.barSeconds,
  };
}

/** Id parts that name what a forecast is about: kind, series and (for event windows) the upgrade. */
function scopeParts(model: 'volatility' | 'liquidity', series: ForecastSeries, window: UpgradeWindow | null, inputEnd: string): string[] {
  return window === null
    ? [model, 'series', series.key, inputEnd]
    : [model, 'event_window', series.key, window.reference.upgradeId, window.reference.stage, inputEnd];
}

/**
 * What tells a series forecast (window null) from an upgrade window's, made from the same fit: the
 * id, kind, horizon, forecasts (up to the window's last step) and the upgrade reference.
 */
export function scoped<P>(
  model: 'volatility' | 'liquidity',
  series: ForecastSeries,
  inputEnd: string,
  dependsOn: unknown,
  points: readonly P[],
  seriesHorizon: number,
  window: CoveredWindow | null,
) {
  const horizon = window === null ? seriesHorizon : window.steps.last;
  return {
    forecastId: forecastId(scopeParts(model, series, window, inputEnd), window === null ? { dependsOn, horizon } : { dependsOn, window }),
    kind: window === null ? ('series' as const) : ('event_window' as const),
    horizon,
    forecasts: points.slice(0, horizon),
    upgrade: window === null ? null : window.reference,
  };
}

/** A number that must be finite in a message, else null (standard errors of a singular Hessian). */
export function finiteOrNull(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

import type { ForecastLiquidity } from '@pum/contracts';
import { autoArima, type AutoArimaResult } from '@pum/timeseries';
import { finiteOrNull, inputWindow, planFit, scoped, type CoveredWindow, type FitRequest } from './forecast-scope';
import { liquidityRegime } from './liquidity-regime';

export interface LiquiditySettings {
  /** Fewest bars for ARIMA. */
  minObservations: number;
  /** p ≤ maxOrder and q ≤ maxOrder in the AIC search. */
  maxOrder: number;
  /** Bars of the regime rule and of the flow window. */
  windowBars: number;
  horizon: number;
  maxHorizon: number;
  level: number;
}

/** Flows of a per-chain TVL series over the regime window (null for aggregate series). */
export type FlowsOf = ForecastLiquidity['flows'];

type Fit = { ok: true; fit: AutoArimaResult } | { ok: false; reason: string };

/**
 * The ARIMA search the service runs on a TVL series; exported so tests reproduce a published forecast.
 *
 * @example fitTvl(values, settings, 10).order
 */
export function fitTvl(values: readonly number[], settings: LiquiditySettings, horizon: number): AutoArimaResult {
  return autoArima(values, { maxP: settings.maxOrder, maxQ: settings.maxOrder, horizon, level: settings.level });
}

function tryFit(values: readonly number[], settings: LiquiditySettings, horizon: number): Fit {
  if (values.length < settings.minObservations) {
    return { ok: false, reason: `only ${values.length} TVL bar(s); ARIMA needs at least ${settings.minObservations}` };
  }
  if (values.every((value) => value === values[0])) {
    return { ok: false, reason: `TVL is constant (${values[0]}) over all ${values.length} bars: nothing to model` };
  }
  try {
    const fit = fitTvl(values, settings, horizon);
    const finite = fit.forecast.every((p) => [p.mean, p.se, p.lower, p.upper].every(Number.isFinite)) && Number.isFinite(fit.sigma2);
    return finite ? { ok: true, fit } : { ok: false, reason: `ARIMA(${fit.order.p},${fit.order.d},${fit.order.q}) gave non-finite forecasts` };
  } catch (error) {
    return { ok: false, reason: `ARIMA estimation failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function describe(result: Fit): Pick<ForecastLiquidity, 'model' | 'order' | 'fallbackReason' | 'estimates' | 'standardErrors' | 'sigma2' | 'logLikelihood' | 'aic' | 'candidatesTried'> {
  if (!result.ok) {
    return {
      model: 'none',
      order: null,
      fallbackReason: result.reason,
      estimates: { ar: [], ma: [] },
      standardErrors: { ar: [], ma: [] },
      sigma2: null,
      logLikelihood: null,
      aic: null,
      candidatesTried: 0,
    };
  }
  const { fit } = result;
  return {
    model: 'arima',
    order: fit.order,
    fallbackReason: null,
    estimates: {
      ar: fit.ar,
      ma: fit.ma,
      ...(fit.intercept === null ? {} : { mu: fit.intercept }),
      ...(fit.drift === null ? {} : { drift: fit.drift }),
    },
    standardErrors: {
      ar: fit.stdErrors.ar.map(finiteOrNull),
      ma: fit.stdErrors.ma.map(finiteOrNull),
      ...(fit.intercept === null ? {} : { mu: finiteOrNull(fit.stdErrors.intercept) }),
      ...(fit.drift === null ? {} : { drift: finiteOrNull(fit.stdErrors.drift) }),
    },
    sigma2: fit.sigma2,
    logLikelihood: finiteOrNull(fit.logLikelihood),
    aic: finiteOrNull(fit.aic),
    candidatesTried: fit.candidates.length,
  };
}

/**
 * Liquidity forecasts of one TVL series: ARIMA by AIC, the regime rule, the flows given, and one
 * forecast per open upgrade window — all from a single fit. A series ARIMA cannot model gives
 * model `none` with the reason (the regime is still assessed from the data).
 */
export function forecastLiquidity(request: FitRequest, settings: LiquiditySettings, flows: FlowsOf): ForecastLiquidity[] {
  const { clock, covered, fitHorizon } = planFit(request, settings.horizon, settings.maxHorizon);
  const values = request.bars.values;
  const result = tryFit(values, settings, fitHorizon);
  const points = result.ok ? result.fit.forecast.map(({ step, mean, se, lower, upper }) => ({ step, at: clock.stepStart(step), mean, se, lower, upper })) : [];
  const ahead = points[Math.min(settings.windowBars, points.length) - 1];
  const input = inputWindow(request, clock);
  const base = {
    series: request.series,
    input,
    ...describe(result),
    level: settings.level,
    regime: liquidityRegime(values, settings.windowBars, ahead === undefined ? null : ahead.mean),
    flows,
  };
  const dependsOn = { values, settings, flows, firstBucket: request.bars.firstBucket, barSeconds: request.barSeconds };
  const scope = (window: CoveredWindow | null) => scoped('liquidity', request.series, input.to, dependsOn, points, settings.horizon, window);
  const seriesForecast: ForecastLiquidity = { ...base, ...scope(null), window: null };
  if (!result.ok) return [seriesForecast];
  const last = values[values.length - 1];
  return [
    seriesForecast,
    ...covered.map((window): ForecastLiquidity => {
      const end = points[window.steps.last - 1];
      return {
        ...base,
        ...scope(window),
        window: {
          from: window.from.toISOString(),
          to: window.to.toISOString(),
          steps: window.steps.last - window.steps.first + 1,
          mean: end.mean,
          lower: end.lower,
          upper: end.upper,
          changeFromLast: last > 0 ? end.mean / last - 1 : 0,
        },
      };
    }),
  ];
}

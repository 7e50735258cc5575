import type { ForecastLiquidity, ForecastVolatility } from '@pum/contracts';
import type { FitRequest } from '../forecasting/forecast-scope';
import { forecastLiquidity, type FlowsOf, type LiquiditySettings } from '../forecasting/liquidity-forecaster';
import { forecastVolatility, type VolatilitySettings } from '../forecasting/volatility-forecaster';

/** One series fit, as posted to a fit worker: plain data (structured-clonable), nothing else. */
export type FitTask =
  | { kind: 'volatility'; request: FitRequest; settings: VolatilitySettings }
  | { kind: 'liquidity'; request: FitRequest; settings: LiquiditySettings; flows: FlowsOf };

export type FitOutcome = { kind: 'volatility'; forecasts: ForecastVolatility[] } | { kind: 'liquidity'; forecasts: ForecastLiquidity[] };

/** Runs a fit with the same model code in a worker thread or in-process (the results are the same). */
export function runFit(task: FitTask): FitOutcome {
  return task.kind === 'volatility'
    ? { kind: 'volatility', forecasts: forecastVolatility(task.request, task.settings) }
    : { kind: 'liquidity', forecasts: forecastLiquidity(task.request, task.settings, task.flows) };
}

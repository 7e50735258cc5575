/**
 * Public API of the time-series numerics (pure TypeScript, no I/O): GARCH, EGARCH, EWMA, ARIMA,
 * unit-root tests and the optimiser and distributions behind them.
 */
export { logReturns, type LogReturnsOptions } from './log-returns';
export {
  minimize,
  numericalGradient,
  numericalHessian,
  numericalJacobian,
  type HessianOptions,
  type MinimizeOptions,
  type MinimizeResult,
  type ObjectiveFunction,
} from './optimizer';
export type { VolatilityForecastOptions, VolatilityForecastPoint } from './types';
export {
  fitGarch,
  garchForecast,
  garchLogLikelihood,
  type GarchDistribution,
  type GarchOptions,
  type GarchParams,
  type GarchResult,
  type GarchStdErrors,
} from './garch';
export { fitEgarch, egarchForecast, type EgarchOptions, type EgarchParams, type EgarchResult, type EgarchStdErrors } from './egarch';
export { ewmaVolatility, type EwmaOptions, type EwmaResult } from './ewma';
export { adfTest, mackinnonCriticalValues, mackinnonPValue, type AdfOptions, type AdfResult } from './adf';
export { kpssTest, type KpssOptions, type KpssResult } from './kpss';
export {
  autoArima,
  difference,
  fitArima,
  ndiffs,
  type ArimaForecastPoint,
  type ArimaOptions,
  type ArimaOrder,
  type ArimaResult,
  type AutoArimaCandidate,
  type AutoArimaOptions,
  type AutoArimaResult,
} from './arima';
export {
  fitVolatility,
  type FitVolatilityOptions,
  type NoVolatilityModel,
  type VolatilityCandidate,
  type VolatilityMeta,
  type VolatilityModelName,
  type VolatilityResult,
} from './volatility';
export { createRandom, type RandomSource } from './random';
export { normalCdf, normalQuantile, studentTQuantile } from './distributions';

/**
 * Public API of execution guidance (pure TypeScript, no I/O): what to do with a position around an upgrade's ETA —
 * stance, position scale, hedge ratio, slippage on Uniswap V2/V3 pools and the time window. See docs/guidance.md.
 */
export { buildGuidance, type Guidance, type GuidanceInputs, type GuidanceSettings, type PositionImpact } from './build-guidance';
export { decideStance, STANCE_ORDER, type RiskLevel, type Stance, type StanceInputs, type StanceReason, type StanceReasonCode, type StanceResult, type StanceSettings } from './stance';
export { forecastWindowVolatility, volatilityTargetScale, type PositionScale, type VolatilityForecastWindow, type VolatilityTargetInputs } from './volatility-target';
export { hedgeRatio, type HedgeFitInputs, type HedgeRatio, type HedgeRatioSettings, type HedgeUnavailableReason, type PricePoint } from './hedge-ratio';
export { actionWindow, type ActionWindow, type ActionWindowSettings, type WindowPhase } from './action-window';
export { poolUsdPrice, tradeSlippage, type PoolState, type TradeDirection, type TradeSlippage } from './slippage';
export { UNISWAP_V2_FEE_BPS, uniswapV2AmountOut, uniswapV2Quote, type UniswapV2State } from './uniswap-v2';
export { approximateSqrtPriceAtTick, uniswapV3Quote, type UniswapV3Quote, type UniswapV3State } from './uniswap-v3';
export type { ExactInput, SwapQuote, TokenIndex } from './swap-quote';
export { units, usdVolume, v2Price, v3Price, v3Price1Per0, type UsdPair } from './pool-price';

import type { RiskComponent } from '@pum/contracts';
import { ComponentBuilder } from './component';
import type { AssessmentInputs } from './inputs';

export interface LiquiditySettings {
  /** Price impacts (bps) of the position that grade pool depth: the guidance's stance thresholds (RISK_GUIDANCE_IMPACT_*_BPS). */
  poolImpactBps: { elevated: number; severe: number };
}

/**
 * How hard it would be to get out (docs/risk-rules.md, "Liquidity"): TVL level and recent change,
 * the forecast TVL trend and regime, volume against TVL, and the price impact of selling the position on the
 * protocol's deepest registry pool.
 *
 * @example liquidityComponent(inputs, { poolImpactBps: { elevated: 50, severe: 200 } }).score // 25
 */
export function liquidityComponent(inputs: AssessmentInputs, settings: LiquiditySettings): RiskComponent {
  const c = new ComponentBuilder('liquidity');
  const { tvlUsd, tvlChange, regime, forecastChange, volumeToTvl } = inputs.liquidity;
  if (regime === 'stressed') c.add('liquidity_stressed', 40, 'TVL regime: stressed', { regime });
  else if (regime === 'contracting') c.add('liquidity_contracting', 25, 'TVL regime: contracting', { regime });
  if (forecastChange !== null && forecastChange <= -0.1) c.add('tvl_forecast_falling', 15, `TVL forecast to change ${(forecastChange * 100).toFixed(0)} %`, { forecastChange });
  if (tvlChange !== null && tvlChange <= -0.1) c.add('tvl_falling', tvlChange <= -0.2 ? 30 : 15, `TVL changed ${(tvlChange * 100).toFixed(0)} % over the window`, { tvlChange });
  if (tvlUsd !== null && tvlUsd < 1_000_000) c.add('low_tvl', 15, `TVL about $${Math.round(tvlUsd).toLocaleString('en-US')}`, { tvlUsd });
  if (volumeToTvl !== null && volumeToTvl < 0.01) c.add('thin_volume', 10, `volume is ${(volumeToTvl * 100).toFixed(2)} % of TVL`, { volumeToTvl });
  const depth = inputs.liquidity.poolDepth;
  if (depth !== null) {
    const seen = inputs.observed.poolDepth;
    const evidence = { poolId: depth.poolId, sizeUsd: depth.sizeUsd, impactBpsAtLeast: depth.impactBps, ...(seen && { impactBps: seen.impactBps, blockNumber: seen.blockNumber }) };
    const detail = `selling $${depth.sizeUsd.toLocaleString('en-US')} on ${depth.poolId} moves the price ${depth.impactBps} bps or more`;
    const { elevated, severe } = settings.poolImpactBps;
    if (depth.impactBps >= severe) c.add('thin_pool_depth', 30, detail, evidence);
    else if (depth.impactBps >= elevated) c.add('thin_pool_depth', 15, detail, evidence);
    else c.add('pool_depth', 0, detail, evidence);
  }
  return c.build();
}

import type { RiskComponent } from '@pum/contracts';
import { ComponentBuilder } from './component';
import type { AssessmentInputs } from './inputs';

/**
 * How hard it would be to get out (docs/risk-rules.md, "Liquidity"): TVL level and recent change,
 * the forecast TVL trend and regime, and volume against TVL.
 *
 * @example liquidityComponent(inputs).score // 25
 */
export function liquidityComponent(inputs: AssessmentInputs): RiskComponent {
  const c = new ComponentBuilder('liquidity');
  const { tvlUsd, tvlChange, regime, forecastChange, volumeToTvl } = inputs.liquidity;
  if (regime === 'stressed') c.add('liquidity_stressed', 40, 'TVL regime: stressed', { regime });
  else if (regime === 'contracting') c.add('liquidity_contracting', 25, 'TVL regime: contracting', { regime });
  if (forecastChange !== null && forecastChange <= -0.1) c.add('tvl_forecast_falling', 15, `TVL forecast to change ${(forecastChange * 100).toFixed(0)} %`, { forecastChange });
  if (tvlChange !== null && tvlChange <= -0.1) c.add('tvl_falling', tvlChange <= -0.2 ? 30 : 15, `TVL changed ${(tvlChange * 100).toFixed(0)} % over the window`, { tvlChange });
  if (tvlUsd !== null && tvlUsd < 1_000_000) c.add('low_tvl', 15, `TVL about $${Math.round(tvlUsd).toLocaleString('en-US')}`, { tvlUsd });
  if (volumeToTvl !== null && volumeToTvl < 0.01) c.add('thin_volume', 10, `volume is ${(volumeToTvl * 100).toFixed(2)} % of TVL`, { volumeToTvl });
  return c.build();
}

import type { ForecastSeries } from '@pum/contracts';
import { fixture } from '../../test/messages';
import { autoArima } from '@pum/timeseries';
import type { UpgradeWindow } from './forecast-scope';
import { forecastLiquidity, type LiquiditySettings } from './liquidity-forecaster';

const DAY = 86_400;
const series: ForecastSeries = { key: 'protocol:p:tvl:defillama:all', subject: { type: 'protocol', id: 'p' }, metric: 'tvl', source: 'defillama', protocolId: 'p', chainId: null };
const settings: LiquiditySettings = { minObservations: 20, maxOrder: 2, windowBars: 7, horizon: 5, maxHorizon: 30, level: 0.9 };
const tvl = fixture('lakehuron.csv');
const firstBucket = 20_000;
const lastBucket = firstBucket + tvl.length - 1;
const at = (bucket: number) => new Date(bucket * DAY * 1000);
const request = (values: number[], windows: UpgradeWindow[] = []) => ({ series, bars: { firstBucket, values }, barSeconds: DAY, windows });

describe('forecastLiquidity', () => {
  const sut = forecastLiquidity;

  it('publishes the ARIMA the AIC search gives, with the regime of the data', () => {
    const [forecast] = sut(request(tvl), settings, null);

    const expected = autoArima(tvl, { maxP: 2, maxQ: 2, horizon: 5, level: 0.9 });
    expect(forecast.order).toEqual(expected.order);
    expect(forecast.forecasts.map((f) => f.mean)).toEqual(expected.forecast.map((f) => f.mean));
    expect(forecast.candidatesTried).toBe(expected.candidates.length);
    expect(forecast.regime?.windowChange).toBeCloseTo(tvl[tvl.length - 1] / tvl[tvl.length - 8] - 1, 12);
    expect(forecast.regime?.forecastChange).toBeCloseTo(expected.forecast[4].mean / tvl[tvl.length - 1] - 1, 12);
  });

  it('summarises an upgrade window by the forecast at its last step', () => {
    const window: UpgradeWindow = {
      reference: { upgradeId: 'u', stage: 'executed', eta: at(lastBucket + 2).toISOString(), protocolId: 'p', messageId: 'm' },
      from: at(lastBucket + 1),
      to: at(lastBucket + 8),
    };

    const [, event] = sut(request(tvl, [window]), settings, null);

    expect(event.window).toMatchObject({ steps: 8, mean: event.forecasts[7].mean, upper: event.forecasts[7].upper });
    expect(event.window?.changeFromLast).toBeCloseTo(event.forecasts[7].mean / tvl[tvl.length - 1] - 1, 12);
  });

  it('gives too short or constant series no model and the reason, but still a regime', () => {
    const [short] = sut(request(tvl.slice(0, 10)), settings, null);
    const [flat] = sut(request(Array.from({ length: 30 }, () => 5e6)), settings, null);

    expect(short).toMatchObject({ model: 'none', order: null, forecasts: [] });
    expect(short.fallbackReason).toMatch(/only 10 TVL bar\(s\); ARIMA needs at least 20/);
    expect(short.regime).not.toBeNull();
    expect(flat.fallbackReason).toMatch(/constant/);
    expect(flat.regime?.state).toBe('stable');
  });
});

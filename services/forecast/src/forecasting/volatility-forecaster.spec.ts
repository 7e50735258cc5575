import type { ForecastSeries } from '@pum/contracts';
import { fixture, pricesFromReturns } from '../../test/messages';
import { fitVolatility } from '@pum/timeseries';
import type { UpgradeWindow } from './forecast-scope';
import { forecastVolatility, type VolatilitySettings } from './volatility-forecaster';

const DAY = 86_400;
const series: ForecastSeries = { key: 'asset:x:price:coingecko:all', subject: { type: 'asset', id: 'x' }, metric: 'price', source: 'coingecko', protocolId: null, chainId: null };
const settings: VolatilitySettings = { model: 'auto', distribution: 'normal', minReturns: 100, horizon: 5, maxHorizon: 30, level: 0.95 };
const prices = pricesFromReturns(fixture('dem2gbp.csv').slice(0, 400));
const firstBucket = 20_000;
const lastBucket = firstBucket + prices.length - 1;
const at = (bucket: number) => new Date(bucket * DAY * 1000);
const window = (etaBucket: number): UpgradeWindow => ({
  reference: { upgradeId: 'u1', stage: 'queued', eta: at(etaBucket).toISOString(), protocolId: 'p', messageId: 'm1' },
  from: at(etaBucket - 1),
  to: at(etaBucket + 2),
});
const request = (values: number[], windows: UpgradeWindow[] = []) => ({ series, bars: { firstBucket, values }, barSeconds: DAY, windows });

describe('forecastVolatility', () => {
  const sut = forecastVolatility;

  it('publishes what fitVolatility gives on the bars, dated by bar', () => {
    const [forecast] = sut(request(prices), settings);

    const expected = fitVolatility(prices, { input: 'prices', model: 'auto', horizon: 5, minObservations: 100 });
    expect(forecast.model).toBe(expected.model);
    expect(forecast.forecasts.map((f) => f.variance)).toEqual(expected.forecast.map((f) => f.variance));
    expect(forecast.forecasts[0].at).toBe(at(lastBucket + 1).toISOString());
    expect(forecast.input).toMatchObject({ from: at(firstBucket).toISOString(), to: at(lastBucket).toISOString(), observations: 400 + 1, returns: 400 });
  });

  it('gives the same id for the same data and another for changed data', () => {
    const again = sut(request([...prices]), settings)[0].forecastId;
    const changed = sut(request([...prices.slice(0, -1), prices[prices.length - 1] * 1.001]), settings)[0].forecastId;

    expect(sut(request(prices), settings)[0].forecastId).toBe(again);
    expect(changed).not.toBe(again);
  });

  it('adds an event-window forecast whose variance sums the steps inside the window', () => {
    const [series, event] = sut(request(prices, [window(lastBucket + 4)]), settings);

    expect(event.kind).toBe('event_window');
    expect(event.upgrade?.upgradeId).toBe('u1');
    expect(event.window?.steps).toBe(4);
    const inside = event.forecasts.slice(2, 6).reduce((sum, f) => sum + f.variance, 0);
    expect(event.window?.variance).toBeCloseTo(inside, 14);
    expect(event.forecasts.slice(0, 5)).toEqual(series.forecasts);
    expect(event.forecastId).not.toBe(series.forecastId);
  });

  it('leaves out windows already observed or beyond the largest horizon', () => {
    expect(sut(request(prices, [window(lastBucket - 10), window(lastBucket + 40)]), settings)).toHaveLength(1);
  });

  it('gives a constant series no model, its reason and no event windows', () => {
    const forecasts = sut(request(Array.from({ length: 50 }, () => 7), [window(lastBucket + 3)]), settings);

    expect(forecasts).toHaveLength(1);
    expect(forecasts[0]).toMatchObject({ model: 'none', forecasts: [], stationarity: null });
    expect(forecasts[0].fallbackReason).toMatch(/zero/);
    expect(forecasts[0].warnings.join()).toMatch(/ADF test not run/);
  });

  it('estimates Student-t degrees of freedom when configured', () => {
    const [forecast] = sut(request(prices), { ...settings, model: 'garch', distribution: 'student-t' });

    expect(forecast.distribution).toBe('student-t');
    expect(forecast.estimates.nu).toBeGreaterThan(2);
    expect(forecast.standardErrors.nu).not.toBeUndefined();
  });
});

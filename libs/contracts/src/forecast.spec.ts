import { catalogue, TOPICS } from './catalogue';
import type { ForecastLiquidity, ForecastVolatility } from './forecast';

const series = { key: 'asset:aave:price:coingecko:all', subject: { type: 'asset', id: 'aave' }, metric: 'price', source: 'coingecko', protocolId: null, chainId: null } as const;
const input = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-10T00:00:00.000Z', observations: 100, barSeconds: 86_400 };
const envelope = (type: string, payload: unknown) => ({
  version: 1,
  type,
  id: 'volatility:series:asset:aave:price:coingecko:all:2026-04-10T00:00:00.000Z:0123456789abcdef',
  occurredAt: input.to,
  producedAt: input.to,
  source: 'forecast',
  payload,
});

const volatility: ForecastVolatility = {
  forecastId: 'volatility:series:k:2026-04-10T00:00:00.000Z:0123456789abcdef',
  kind: 'series',
  series,
  input: { ...input, returns: 99 },
  stationarity: { test: 'adf', statistic: -9.1, pValue: 0.0001, lags: 2, stationary: true, criticalValues: { '1%': -3.5, '5%': -2.9, '10%': -2.6 } },
  requestedModel: 'auto',
  model: 'garch',
  distribution: 'normal',
  fallbackReason: null,
  warnings: [],
  estimates: { mu: 0.001, omega: 0.00001, alpha: 0.1, beta: 0.85 },
  standardErrors: { mu: 0.0005, omega: null, alpha: 0.02, beta: 0.03 },
  robustStandardErrors: { mu: 0.0006, omega: null, alpha: 0.03, beta: 0.04 },
  logLikelihood: 250.5,
  aic: -493,
  candidates: [{ model: 'egarch', estimates: {}, standardErrors: {}, logLikelihood: null, aic: null, converged: false, rejected: 'EGARCH estimation failed' }],
  horizon: 1,
  level: 0.95,
  forecasts: [{ step: 1, at: '2026-04-11T00:00:00.000Z', variance: 0.0004, volatility: 0.02, lower: -0.039, upper: 0.041 }],
  window: null,
  upgrade: null,
};

const liquidity: ForecastLiquidity = {
  forecastId: 'liquidity:event_window:k:u:queued:2026-04-10T00:00:00.000Z:0123456789abcdef',
  kind: 'event_window',
  series: { ...series, key: 'protocol:aave:tvl:defillama:1', subject: { type: 'protocol', id: 'aave' }, metric: 'tvl', source: 'defillama', chainId: 1 },
  input,
  model: 'arima',
  order: { p: 1, d: 1, q: 0 },
  fallbackReason: null,
  estimates: { ar: [0.3], ma: [], drift: 1000 },
  standardErrors: { ar: [0.1], ma: [], drift: null },
  sigma2: 1e10,
  logLikelihood: -1200,
  aic: 2406,
  candidatesTried: 32,
  horizon: 2,
  level: 0.95,
  forecasts: [
    { step: 1, at: '2026-04-11T00:00:00.000Z', mean: 1e9, se: 1e5, lower: 9.998e8, upper: 1.0002e9 },
    { step: 2, at: '2026-04-12T00:00:00.000Z', mean: 1e9, se: 2e5, lower: 9.996e8, upper: 1.0004e9 },
  ],
  regime: { state: 'stable', windowChange: 0.01, worstBarChange: -0.004, forecastChange: 0.002, windowBars: 7 },
  flows: { chainId: 1, from: '2026-04-03T00:00:00.000Z', to: '2026-04-10T23:59:59.999Z', protocols: 3, chainGrowth: 0.01, netFlowUsd: -2.5e6 },
  window: { from: '2026-04-11T00:00:00.000Z', to: '2026-04-12T00:00:00.000Z', steps: 2, mean: 1e9, lower: 9.996e8, upper: 1.0004e9, changeFromLast: 0 },
  upgrade: { upgradeId: '1:0xab:0xcd', stage: 'queued', eta: '2026-04-11T12:00:00.000Z', protocolId: 'aave', messageId: 'm' },
};

describe('forecast topics', () => {
  it('accept a volatility and a liquidity forecast', () => {
    expect(catalogue[TOPICS.forecastVolatility].safeParse(envelope('forecast.volatility', volatility)).success).toBe(true);
    expect(catalogue[TOPICS.forecastLiquidity].safeParse(envelope('forecast.liquidity', liquidity)).success).toBe(true);
  });

  it.each([
    ['an infinite estimate', { estimates: { alpha: Number.POSITIVE_INFINITY } }],
    ['a negative variance', { forecasts: [{ ...volatility.forecasts[0], variance: -1 }] }],
    ['a negative standard error', { standardErrors: { alpha: -0.1 } }],
    ['an unknown model', { model: 'figarch' }],
    ['a level given in percent', { level: 95 }],
  ])('reject a volatility forecast with %s', (_case, change) => {
    const sut = catalogue[TOPICS.forecastVolatility].safeParse(envelope('forecast.volatility', { ...volatility, ...change }));

    expect(sut.success).toBe(false);
  });

  it.each([
    ['an unknown regime', { regime: { ...liquidity.regime, state: 'booming' } }],
    ['an event window without steps', { window: { ...liquidity.window, steps: 0 } }],
    ['flows of no protocols', { flows: { ...liquidity.flows, protocols: 0 } }],
    ['an upgrade stage other than queued or executed', { upgrade: { ...liquidity.upgrade, stage: 'voting' } }],
  ])('reject a liquidity forecast with %s', (_case, change) => {
    const sut = catalogue[TOPICS.forecastLiquidity].safeParse(envelope('forecast.liquidity', { ...liquidity, ...change }));

    expect(sut.success).toBe(false);
  });
});

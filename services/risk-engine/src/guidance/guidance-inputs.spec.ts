import type { PoolState } from '@pum/guidance';
import { guidanceInputsOf, type GuidanceSources } from './guidance-inputs';
import type { EngineGuidanceSettings } from './guidance-settings';

const DAY = 86_400;
const at = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * DAY * 1000).toISOString();
const settings: EngineGuidanceSettings = {
  library: {
    targetAnnualVolatility: 0.4,
    maxPositionScale: 1,
    tradeSizesUsd: [1000],
    hedge: { minObservations: 30, minAbsCorrelation: 0.3 },
    stance: { volatilityRatio: { elevated: 1.5, extreme: 3 }, impactBps: { elevated: 50, severe: 200 }, imminentHours: 24 },
    window: { baseLeadHours: 24, impactScaleBps: 100, maxLeadHours: 96, settleHours: 6 },
  },
  positionUsd: 50_000,
  hedgeAssetId: null,
  hedgeBarSeconds: DAY,
  minRealisedReturns: 3,
  priceWindowSeconds: 14 * DAY,
  usdTokens: new Set(),
};
const pool: PoolState = { protocol: 'uniswap_v2', poolId: '31337:0xpool', usdIndex: 0, decimals: [6, 18], reserves: [1_000_000n * 10n ** 6n, 400_000n * 10n ** 18n] };
const prices = [2.5, 2.6, 2.4, 2.55, 2.5].map((value, i) => ({ observedAt: at(i), value }));
const sources = (overrides: Partial<GuidanceSources> = {}): GuidanceSources => ({
  upgradeId: 'u',
  protocolId: 'p',
  asOf: at(5),
  eta: at(7),
  risk: { score: 62, level: 'high' },
  windowForecast: { perStepVolatility: 0.03, annualisedVolatility: 0.57, barSeconds: DAY, window: { variance: 0.0036, steps: 4 } },
  prices,
  pools: [pool],
  hedgePrices: null,
  ...overrides,
});

describe('guidanceInputsOf', () => {
  it("takes the window forecast's σ per bar and the realised σ of the stored prices at the same bar", () => {
    const sut = guidanceInputsOf(sources(), settings);

    expect(sut?.volatility?.forecastPeriodVolatility).toBeCloseTo(0.03, 12);
    expect(sut?.volatility?.periodsPerYear).toBe(365);
    expect(sut?.volatility?.realisedPeriodVolatility).toBeGreaterThan(0);
    expect(sut).toMatchObject({ asOf: at(5), eta: at(7), risk: { score: 62, level: 'high' }, positionUsd: 50_000, pools: [pool], hedge: null });
  });

  it('has no volatility without a window forecast, nor with one stored before the window was kept', () => {
    expect(guidanceInputsOf(sources({ windowForecast: null }), settings)?.volatility).toBeNull();
    expect(guidanceInputsOf(sources({ windowForecast: { perStepVolatility: 0.03, annualisedVolatility: 0.57 } }), settings)?.volatility).toBeNull();
  });

  it('leaves the realised σ unknown when the stored prices give too few returns', () => {
    expect(guidanceInputsOf(sources({ prices: prices.slice(0, 2) }), settings)?.volatility).toMatchObject({ realisedPeriodVolatility: null });
  });

  it('fits the hedge on both series cut into the same bars', () => {
    const hedgePrices = [2000, 2100, 1950, 2050, 2000].map((value, i) => ({ observedAt: `${at(i).slice(0, 10)}T13:00:00.000Z`, value }));

    const sut = guidanceInputsOf(sources({ hedgePrices }), { ...settings, hedgeAssetId: 'ethereum' });

    expect(sut?.hedge?.hedgeAssetId).toBe('ethereum');
    expect(sut?.hedge?.assetPrices.map((p) => p.at)).toEqual(sut?.hedge?.hedgePrices.map((p) => p.at));
  });

  it('gives guidance on pools alone or on prices alone, and none without either', () => {
    expect(guidanceInputsOf(sources({ prices: [] }), settings)).not.toBeNull();
    expect(guidanceInputsOf(sources({ pools: [] }), settings)).not.toBeNull();
    expect(guidanceInputsOf(sources({ prices: [], pools: [] }), settings)).toBeNull();
  });
});

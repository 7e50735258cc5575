import { createRandom } from '@pum/timeseries';
import { buildGuidance, type GuidanceInputs, type GuidanceSettings } from './build-guidance';
import type { PricePoint } from './hedge-ratio';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const DAY_MS = 86_400_000;

const settings: GuidanceSettings = {
  targetAnnualVolatility: 0.4,
  maxPositionScale: 1,
  tradeSizesUsd: [1_000, 100_000],
  hedge: { minObservations: 30, minAbsCorrelation: 0.3 },
  stance: { volatilityRatio: { elevated: 1.5, extreme: 3 }, impactBps: { elevated: 50, severe: 200 }, imminentHours: 24 },
  window: { baseLeadHours: 24, impactScaleBps: 100, maxLeadHours: 96, settleHours: 6 },
};

/** Daily prices of an asset with beta 1.2 to its hedge, 120 days to 2025-03-01. */
function correlatedSeries(): { assetPrices: PricePoint[]; hedgePrices: PricePoint[] } {
  const rng = createRandom(3);
  const assetPrices: PricePoint[] = [];
  const hedgePrices: PricePoint[] = [];
  let asset = 2.5;
  let hedge = 3_000;
  for (let day = 0; day < 120; day++) {
    const at = new Date(Date.parse('2024-11-01T00:00:00Z') + day * DAY_MS).toISOString();
    const market = 0.03 * rng.normal();
    hedge *= Math.exp(market);
    asset *= Math.exp(1.2 * market + 0.01 * rng.normal());
    assetPrices.push({ at, price: asset });
    hedgePrices.push({ at, price: hedge });
  }
  return { assetPrices, hedgePrices };
}

const inputs: GuidanceInputs = {
  upgradeId: 'upg-1',
  protocolId: 'demo-dao',
  asOf: '2025-03-01T00:00:00Z',
  eta: '2025-03-10T12:00:00Z',
  risk: { score: 62, level: 'high' },
  volatility: { forecastPeriodVolatility: 0.04, realisedPeriodVolatility: 0.035, periodsPerYear: 365 },
  positionUsd: 2_000,
  pools: [
    { protocol: 'uniswap_v2', poolId: 'pair', usdIndex: 0, decimals: [6, 18], reserves: [1_000_000n * E6, 400_000n * E18] },
    { protocol: 'uniswap_v3', poolId: 'pool', usdIndex: 0, decimals: [6, 18], sqrtPriceX96: BigInt(Math.floor(Math.sqrt(1e12 / 2.5) * 2 ** 96)), liquidity: 10n ** 17n, feePips: 3000 },
  ],
  hedge: { hedgeAssetId: 'eth', ...correlatedSeries() },
};

describe('buildGuidance', () => {
  it('hedges a high-risk upgrade with a correlated asset, each number beside its inputs', () => {
    const sut = buildGuidance(inputs, settings);

    expect(sut.stance).toBe('hedge');
    expect(sut.reasons.map((r) => r.code)).toEqual(['risk_high']);
    expect(sut.hedge).toMatchObject({ available: true, inputs: { hedgeAssetId: 'eth', alignedPoints: 120 } });
    if (sut.hedge.available) expect(Math.abs(sut.hedge.beta - 1.2)).toBeLessThan(3 * sut.hedge.betaStandardError);
    expect(sut.positionScale).toMatchObject({ scale: 0.4 / (0.04 * Math.sqrt(365)), capped: false, inputs: { forecastPeriodVolatility: 0.04, periodsPerYear: 365 } });
    // 2 pools × 2 sizes × buy and sell.
    expect(sut.slippage).toHaveLength(8);
    expect(sut.slippage.map((s) => `${s.poolId}:${s.direction}:${s.sizeUsd}`)).toContain('pool:sell:100000');
    expect(sut.window).toMatchObject({ eta: '2025-03-10T12:00:00.000Z', riskPastAt: '2025-03-10T18:00:00.000Z', phase: 'before_act_by' });
  });

  it('takes the position’s impact from the pool where selling it costs least, and leads the window by it', () => {
    const sut = buildGuidance(inputs, settings);

    const sells = sut.slippage.filter((s) => s.direction === 'sell');
    expect(sells.length).toBeGreaterThan(0);
    const v2Sell = buildGuidance({ ...inputs, pools: [inputs.pools[0]] }, settings).positionImpact;
    const v3Sell = buildGuidance({ ...inputs, pools: [inputs.pools[1]] }, settings).positionImpact;
    expect(sut.positionImpact?.poolId).toBe('pair');
    expect(sut.positionImpact?.priceImpactBps).toBe(Math.min(v2Sell?.priceImpactBps ?? Infinity, v3Sell?.priceImpactBps ?? Infinity));
    expect(sut.window?.leadHours).toBeCloseTo(24 * (1 + (sut.positionImpact?.priceImpactBps ?? 0) / 100), 9);
    expect(sut.stanceDetail.inputs.positionImpactBps).toBe(sut.positionImpact?.priceImpactBps);
  });

  it('exits before the ETA when the hedge asset does not move with the asset', () => {
    const rng = createRandom(5);
    const unrelated = inputs.hedge?.hedgePrices.map((p) => ({ ...p, price: 3_000 * Math.exp(0.03 * rng.normal()) })) ?? [];

    const sut = buildGuidance({ ...inputs, hedge: { hedgeAssetId: 'eth', assetPrices: inputs.hedge?.assetPrices ?? [], hedgePrices: unrelated } }, settings);

    expect(sut.hedge).toMatchObject({ available: false, reason: 'correlation_below_floor' });
    expect(sut.stance).toBe('exit_before_eta');
    expect(sut.reasons.map((r) => r.code)).toContain('hedge_unavailable');
  });

  it('says what is missing without an ETA, a forecast, a position or a hedge asset', () => {
    const sut = buildGuidance({ ...inputs, eta: null, volatility: null, positionUsd: null, hedge: null, risk: { score: 30, level: 'medium' } }, settings);

    expect(sut).toMatchObject({
      stance: 'reduce',
      window: null,
      positionImpact: null,
      positionScale: { available: false, reason: 'no_volatility_forecast' },
      hedge: { available: false, reason: 'no_hedge_asset' },
      stanceDetail: { missing: ['volatility', 'impact', 'eta'] },
    });
  });

  it('is plain JSON and the same for the same inputs', () => {
    const sut = buildGuidance(inputs, settings);

    expect(JSON.parse(JSON.stringify(sut))).toEqual(sut);
    expect(buildGuidance(inputs, settings)).toEqual(sut);
  });
});

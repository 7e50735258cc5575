import { ConfigError } from '@pum/platform';
import { loadRiskEngineConfig } from '../config';
import { guidanceSettings } from './guidance-settings';

describe('guidanceSettings', () => {
  it("defaults to docs/guidance.md's settings, no position and no hedge", () => {
    const sut = guidanceSettings(loadRiskEngineConfig({}));

    expect(sut.library).toEqual({
      targetAnnualVolatility: 0.4,
      maxPositionScale: 1,
      tradeSizesUsd: [1000, 10_000, 100_000],
      hedge: { minObservations: 30, minAbsCorrelation: 0.3 },
      stance: { volatilityRatio: { elevated: 1.5, extreme: 3 }, impactBps: { elevated: 50, severe: 200 }, imminentHours: 24 },
      window: { baseLeadHours: 24, impactScaleBps: 100, maxLeadHours: 96, settleHours: 6 },
    });
    expect(sut).toMatchObject({ positionUsd: null, hedgeAssetId: null, hedgeBarSeconds: 3600, priceWindowSeconds: 14 * 86_400 });
    expect([...sut.usdTokens]).toEqual([]);
  });

  it('reads the lists, lower-casing the dollar tokens as the registry pools are matched', () => {
    const sut = guidanceSettings(
      loadRiskEngineConfig({ RISK_GUIDANCE_TRADE_SIZES_USD: '500, 5000', ONCHAIN_USD_TOKENS: '1:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', RISK_HEDGE_ASSET: 'ethereum', RISK_GUIDANCE_POSITION_USD: '250000' }),
    );

    expect(sut.library.tradeSizesUsd).toEqual([500, 5000]);
    expect([...sut.usdTokens]).toEqual(['1:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48']);
    expect(sut).toMatchObject({ hedgeAssetId: 'ethereum', positionUsd: 250_000 });
  });

  it('fails at start naming every bad key', () => {
    const sut = () =>
      loadRiskEngineConfig({ RISK_GUIDANCE_TRADE_SIZES_USD: '1000,lots', ONCHAIN_USD_TOKENS: 'usdc', RISK_HEDGE_MIN_ABS_CORRELATION: '2', RISK_GUIDANCE_POSITION_USD: '-1' });

    expect(sut).toThrow(ConfigError);
    for (const key of ['RISK_GUIDANCE_TRADE_SIZES_USD', 'ONCHAIN_USD_TOKENS', 'RISK_HEDGE_MIN_ABS_CORRELATION', 'RISK_GUIDANCE_POSITION_USD']) expect(sut).toThrow(new RegExp(key));
  });

  it('refuses thresholds out of order', () => {
    expect(() => loadRiskEngineConfig({ RISK_GUIDANCE_IMPACT_ELEVATED_BPS: '300' })).toThrow(/RISK_GUIDANCE_IMPACT_SEVERE_BPS: must be at least/);
  });
});

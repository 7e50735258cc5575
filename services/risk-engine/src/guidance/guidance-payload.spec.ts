import { catalogue, guidancePayload } from '@pum/contracts';
import { buildGuidance, type GuidanceInputs, type GuidanceSettings } from '@pum/guidance';
import { guidancePayloadOf, type GuidanceSubject } from './guidance-payload';

const settings: GuidanceSettings = {
  targetAnnualVolatility: 0.4,
  maxPositionScale: 1,
  tradeSizesUsd: [1000, 100_000],
  hedge: { minObservations: 30, minAbsCorrelation: 0.3 },
  stance: { volatilityRatio: { elevated: 1.5, extreme: 3 }, impactBps: { elevated: 50, severe: 200 }, imminentHours: 24 },
  window: { baseLeadHours: 24, impactScaleBps: 100, maxLeadHours: 96, settleHours: 6 },
};
const inputs: GuidanceInputs = {
  upgradeId: '31337:0xp:impl:0xi#eoa',
  protocolId: 'demo',
  asOf: '2026-01-01T00:00:00.000Z',
  eta: '2026-01-02T00:00:00.000Z',
  risk: { score: 62, level: 'high' },
  volatility: { forecastPeriodVolatility: 0.05, realisedPeriodVolatility: 0.03, periodsPerYear: 365 },
  positionUsd: 250_000,
  pools: [{ protocol: 'uniswap_v2', poolId: '31337:0xpool', usdIndex: 0, decimals: [6, 18], reserves: [1_000_000n * 10n ** 6n, 400_000n * 10n ** 18n] }],
  hedge: null,
};
const subject: GuidanceSubject = { upgradeId: inputs.upgradeId, assessmentId: 'lifecycle:x:v2:abc', assessmentVersion: 2, chainId: 31337, protocolId: 'demo', risk: inputs.risk, eta: inputs.eta };

describe('guidancePayloadOf', () => {
  it('is a valid guidance.v1 payload, with the id of the assessment version', () => {
    const sut = guidancePayloadOf(buildGuidance(inputs, settings), subject, new Map());

    expect(guidancePayload.parse(sut)).toEqual(sut);
    expect(sut).toMatchObject({ guidanceId: `${inputs.upgradeId}:g2`, assessmentVersion: 2, positionScale: { available: true }, hedge: { available: false, reason: 'no_hedge_asset' } });
    expect(catalogue['guidance.v1'].safeParse({ version: 1, type: 'guidance', id: sut.guidanceId, occurredAt: sut.asOf, producedAt: sut.asOf, source: 'test', payload: sut }).success).toBe(true);
  });

  it("carries the stance's severity and missing inputs at the top", () => {
    const guidance = buildGuidance({ ...inputs, volatility: null }, settings);

    const sut = guidancePayloadOf(guidance, subject, new Map());

    expect(sut.severity).toBe(guidance.stanceDetail.severity);
    expect(sut.missing).toEqual(['volatility']);
    expect(sut.positionScale).toEqual({ available: false, reason: 'no_volatility_forecast' });
  });

  it('names the block each pool was read at in its quotes', () => {
    const sut = guidancePayloadOf(buildGuidance(inputs, settings), subject, new Map([['31337:0xpool', 1234n]]));

    expect(sut.slippage).toHaveLength(4);
    for (const quote of sut.slippage) expect(quote.inputs.blockNumber).toBe('1234');
  });
});

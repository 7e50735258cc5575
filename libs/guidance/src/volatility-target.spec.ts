import { forecastWindowVolatility, volatilityTargetScale } from './volatility-target';

describe('volatilityTargetScale', () => {
  it('scales down to target / forecast when the forecast runs hot, echoing its inputs', () => {
    const inputs = { targetAnnualVolatility: 0.4, forecastPeriodVolatility: 0.05, periodsPerYear: 365, maxScale: 1 };

    const sut = volatilityTargetScale(inputs);

    expect(sut.forecastAnnualVolatility).toBeCloseTo(0.05 * Math.sqrt(365), 12);
    expect(sut.scale).toBeCloseTo(0.4 / (0.05 * Math.sqrt(365)), 12);
    expect(sut.capped).toBe(false);
    expect(sut.inputs).toEqual(inputs);
  });

  it('stops at the cap when the forecast is calm, or zero', () => {
    expect(volatilityTargetScale({ targetAnnualVolatility: 0.4, forecastPeriodVolatility: 0.001, periodsPerYear: 365, maxScale: 1.5 })).toMatchObject({ scale: 1.5, capped: true });
    expect(volatilityTargetScale({ targetAnnualVolatility: 0.4, forecastPeriodVolatility: 0, periodsPerYear: 365, maxScale: 1 })).toMatchObject({ scale: 1, capped: true });
  });

  it('refuses a non-positive target or a negative forecast', () => {
    expect(() => volatilityTargetScale({ targetAnnualVolatility: 0, forecastPeriodVolatility: 0.1, periodsPerYear: 365, maxScale: 1 })).toThrow(RangeError);
    expect(() => volatilityTargetScale({ targetAnnualVolatility: 0.4, forecastPeriodVolatility: -0.1, periodsPerYear: 365, maxScale: 1 })).toThrow(RangeError);
  });
});

describe('forecastWindowVolatility', () => {
  it('takes the mean per-step variance of an event window and the bars per year', () => {
    expect(forecastWindowVolatility({ input: { barSeconds: 3_600 }, window: { variance: 0.0036, steps: 4 } })).toEqual({ periodVolatility: 0.03, periodsPerYear: 8_760 });
  });

  it('gives null for a series forecast without a window', () => {
    expect(forecastWindowVolatility({ input: { barSeconds: 86_400 }, window: null })).toBeNull();
  });
});

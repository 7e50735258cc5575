import { actionWindow } from './action-window';

const settings = { baseLeadHours: 24, impactScaleBps: 100, maxLeadHours: 96, settleHours: 6 };
const ETA = '2025-03-10T12:00:00Z';

describe('actionWindow', () => {
  it('sets act-by at ETA − base lead and the risk’s end at ETA + settle for a position that moves nothing', () => {
    const sut = actionWindow(ETA, '2025-03-01T00:00:00Z', 0, settings);

    expect(sut).toMatchObject({ eta: '2025-03-10T12:00:00.000Z', actBy: '2025-03-09T12:00:00.000Z', riskPastAt: '2025-03-10T18:00:00.000Z', leadHours: 24, phase: 'before_act_by', hoursToEta: 228 });
    expect(sut.inputs).toEqual({ eta: ETA, asOf: '2025-03-01T00:00:00Z', positionImpactBps: 0, settings });
  });

  it('leads by one more base lead for each impactScaleBps of price impact, up to the maximum', () => {
    expect(actionWindow(ETA, '2025-03-01T00:00:00Z', 50, settings)).toMatchObject({ leadHours: 36, actBy: '2025-03-09T00:00:00.000Z' });
    expect(actionWindow(ETA, '2025-03-01T00:00:00Z', 250, settings)).toMatchObject({ leadHours: 84 });
    expect(actionWindow(ETA, '2025-03-01T00:00:00Z', 10_000, settings)).toMatchObject({ leadHours: 96, actBy: '2025-03-06T12:00:00.000Z' });
    expect(actionWindow(ETA, '2025-03-01T00:00:00Z', null, settings)).toMatchObject({ leadHours: 24 });
  });

  it.each([
    ['2025-03-09T11:59:59Z', 'before_act_by'],
    ['2025-03-09T12:00:00Z', 'act_now'],
    ['2025-03-10T12:00:00Z', 'settling'],
    ['2025-03-10T17:59:59Z', 'settling'],
    ['2025-03-10T18:00:00Z', 'past'],
  ])('places %s in phase %s', (asOf, phase) => {
    expect(actionWindow(ETA, asOf, 0, settings).phase).toBe(phase);
  });

  it('refuses a time that is not ISO and settings that make no window', () => {
    expect(() => actionWindow('next tuesday', '2025-03-01T00:00:00Z', 0, settings)).toThrow(/eta/);
    expect(() => actionWindow(ETA, '2025-03-01T00:00:00Z', 0, { ...settings, maxLeadHours: 1 })).toThrow(RangeError);
  });
});

import { createRandom } from '@pum/timeseries';
import { STANCE_ORDER, decideStance, type RiskLevel, type StanceInputs } from './stance';

const settings = { volatilityRatio: { elevated: 1.5, extreme: 3 }, impactBps: { elevated: 50, severe: 200 }, imminentHours: 24 };
const calm: StanceInputs = {
  risk: { score: 10, level: 'low' },
  forecastVolatility: 0.02,
  realisedVolatility: 0.02,
  positionImpactBps: 5,
  hedgeAvailable: true,
  hoursToEta: 240,
};
const LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];

describe('decideStance', () => {
  it('holds a calm position, saying why', () => {
    const sut = decideStance(calm, settings);

    expect(sut.stance).toBe('hold');
    expect(sut.reasons).toEqual([{ code: 'no_elevated_risk', severity: 0, evidence: { level: 'low', score: 10 } }]);
    expect(sut.missing).toEqual([]);
  });

  it.each([
    ['medium risk', { risk: { score: 30, level: 'medium' } }, 'reduce', ['risk_medium']],
    ['high risk', { risk: { score: 60, level: 'high' } }, 'hedge', ['risk_high']],
    ['high risk and no hedge', { risk: { score: 60, level: 'high' }, hedgeAvailable: false }, 'exit_before_eta', ['risk_high', 'hedge_unavailable']],
    ['critical risk', { risk: { score: 90, level: 'critical' } }, 'exit_before_eta', ['risk_critical']],
    ['elevated volatility', { forecastVolatility: 0.03 }, 'reduce', ['volatility_elevated']],
    ['extreme volatility', { forecastVolatility: 0.06 }, 'hedge', ['volatility_extreme']],
    ['elevated impact', { positionImpactBps: 50 }, 'reduce', ['impact_elevated']],
    ['severe impact', { positionImpactBps: 200 }, 'hedge', ['impact_severe']],
    ['high risk with elevated volatility', { risk: { score: 60, level: 'high' }, forecastVolatility: 0.03 }, 'exit_before_eta', ['risk_high', 'volatility_elevated', 'risk_compounded']],
    ['medium risk a day before the ETA', { risk: { score: 30, level: 'medium' }, hoursToEta: 24 }, 'hedge', ['risk_medium', 'eta_imminent']],
    ['low risk a day before the ETA', { hoursToEta: 24 }, 'hold', ['no_elevated_risk']],
    ['medium risk after the ETA', { risk: { score: 30, level: 'medium' }, hoursToEta: -1 }, 'reduce', ['risk_medium']],
  ] as const)('follows the rule table for %s', (_, change, stance, codes) => {
    const sut = decideStance({ ...calm, ...change }, settings);

    expect(sut.stance).toBe(stance);
    expect(sut.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('shows the ratio and threshold a volatility rule compared', () => {
    const sut = decideStance({ ...calm, forecastVolatility: 0.07 }, settings);

    expect(sut.reasons[0]).toEqual({ code: 'volatility_extreme', severity: 2, evidence: { ratio: 3.5000000000000004, forecastVolatility: 0.07, realisedVolatility: 0.02, threshold: 3 } });
  });

  it('lists unknown inputs, which add nothing', () => {
    const sut = decideStance({ ...calm, forecastVolatility: null, positionImpactBps: null, hoursToEta: null }, settings);

    expect(sut).toMatchObject({ stance: 'hold', missing: ['volatility', 'impact', 'eta'] });
  });

  it('never gives a milder stance for riskier inputs (random pairs, one dominating the other)', () => {
    const rng = createRandom(2024);
    const draw = (): StanceInputs => ({
      risk: { score: 0, level: LEVELS[Math.floor(rng.uniform() * 4)] },
      forecastVolatility: rng.uniform() < 0.1 ? null : 0.01 + 0.1 * rng.uniform(),
      realisedVolatility: 0.02,
      positionImpactBps: rng.uniform() < 0.1 ? null : 400 * rng.uniform(),
      hedgeAvailable: rng.uniform() < 0.5,
      hoursToEta: rng.uniform() < 0.1 ? null : 100 * rng.uniform(),
    });
    /** A riskier copy: each input the same or worse (an unknown stays unknown, so it adds nothing on either side). */
    const riskier = (a: StanceInputs): StanceInputs => ({
      ...a,
      risk: { score: 0, level: LEVELS[Math.min(3, LEVELS.indexOf(a.risk.level) + (rng.uniform() < 0.5 ? 1 : 0))] },
      forecastVolatility: a.forecastVolatility === null ? null : a.forecastVolatility * (1 + rng.uniform()),
      positionImpactBps: a.positionImpactBps === null ? null : a.positionImpactBps + 100 * rng.uniform(),
      hedgeAvailable: a.hedgeAvailable && rng.uniform() < 0.5,
      hoursToEta: a.hoursToEta === null ? null : a.hoursToEta * rng.uniform(),
    });

    let harsher = 0;
    for (let i = 0; i < 5_000; i++) {
      const milder = draw();
      const worse = riskier(milder);
      const a = STANCE_ORDER.indexOf(decideStance(milder, settings).stance);
      const b = STANCE_ORDER.indexOf(decideStance(worse, settings).stance);
      if (b < a) throw new Error(`milder stance for riskier inputs: ${JSON.stringify({ milder, worse })}`);
      if (b > a) harsher++;
    }
    // The loop must exercise the rules, not only compare equal stances.
    expect(harsher).toBeGreaterThan(500);
  });
});

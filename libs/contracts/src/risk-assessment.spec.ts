import { catalogue, TOPICS } from './catalogue';
import { riskAssessmentPayload, versionedAssessmentId, type RiskAssessment } from './risk-assessment';

const contract = `0x${'1'.repeat(40)}` as const;
const inputsHash = 'ab'.repeat(32);

/** A per-event upgrade assessment as the first version of the topic carried it. */
const perEvent: RiskAssessment = {
  assessmentId: `31337:0x${'2'.repeat(64)}:3:upgrade-rules-v2`,
  subjectType: 'upgrade',
  subjectId: `31337:0x${'2'.repeat(64)}:3`,
  chainId: 31337,
  contract,
  protocolId: 'demo',
  score: 30,
  level: 'medium',
  factors: [{ rule: 'implementation_change', points: 30, detail: 'implementation replaced' }],
  modelVersion: 'upgrade-rules-v2',
  subjectStatus: 'confirmed',
};

const component = (score: number) => ({ score, factors: [] });
const upgradeId = `31337:${contract}:impl:0x${'3'.repeat(40)}#eoa`;

const lifecycle: RiskAssessment = {
  ...perEvent,
  assessmentId: versionedAssessmentId('lifecycle', upgradeId, 2, inputsHash),
  subjectType: 'lifecycle',
  subjectId: upgradeId,
  score: 71,
  level: 'high',
  factors: [
    {
      rule: 'timelock_delay_short',
      points: 40,
      detail: 'timelock delay 2 days is under 7 days',
      component: 'governance',
      evidence: { delaySeconds: 172800, timelock: contract, known: true, eta: null },
      contribution: 16,
    },
  ],
  assessmentVersion: 2,
  inputsHash,
  stage: 'queued',
  eta: '2026-11-24T06:00:00.000Z',
  components: { technical: component(30), governance: component(40), market: component(0), liquidity: component(10) },
  recommendations: [{ code: 'single_key_control', severity: 'critical', text: '1-of-3 Safe: treat as a single key' }],
  model: { version: 'upgrade-risk-rf-v1', probability: 0.62, contributions: [{ feature: 'authority_eoa', value: 1, contribution: 0.08 }, { feature: 'contract_age_days', value: null, contribution: -0.01 }] },
  assessedAt: '2026-11-22T06:00:00.000Z',
};

describe('risk.assessments.v1', () => {
  it('still reads per-event assessments in the first shape', () => {
    const sut = catalogue[TOPICS.riskAssessments].safeParse({
      version: 1,
      type: 'risk.assessment',
      id: `${perEvent.assessmentId}:confirmed@0x${'4'.repeat(64)}`,
      occurredAt: '2026-11-22T06:00:00.000Z',
      producedAt: '2026-11-22T06:00:01.000Z',
      source: 'risk-engine',
      payload: perEvent,
    });

    expect(sut.success).toBe(true);
  });

  it('carries a lifecycle assessment with its version, hash, components, recommendations and model', () => {
    expect(riskAssessmentPayload.parse(lifecycle)).toEqual(lifecycle);
  });

  it('takes a control-plane event as a subject, with no model', () => {
    expect(riskAssessmentPayload.safeParse({ ...lifecycle, subjectType: 'control_event', stage: undefined, eta: undefined, model: null }).success).toBe(true);
  });

  it('needs all four components when it has any', () => {
    const { liquidity: _liquidity, ...three } = lifecycle.components ?? {};

    expect(riskAssessmentPayload.safeParse({ ...lifecycle, components: three }).success).toBe(false);
  });

  it.each([
    ['a version below 1', { assessmentVersion: 0 }],
    ['an inputs hash that is not sha256 hex', { inputsHash: 'ABC' }],
    ['a recommendation code that is not snake_case', { recommendations: [{ code: 'Exit-Now', severity: 'warning', text: 'x' }] }],
    ['a component score above 100', { components: { ...lifecycle.components, market: component(101) } }],
    ['a probability above 1', { model: { version: 'v', probability: 1.5, contributions: [] } }],
    ['evidence that is not a flat record', { factors: [{ rule: 'r', points: 1, detail: '', evidence: { nested: { a: 1 } } }] }],
    ['an unknown subject type', { subjectType: 'proposal' }],
  ])('rejects %s', (_what, change) => {
    expect(riskAssessmentPayload.safeParse({ ...lifecycle, ...change }).success).toBe(false);
  });

  it('ids a versioned assessment by subject, version and hash prefix', () => {
    expect(versionedAssessmentId('lifecycle', upgradeId, 2, inputsHash)).toBe(`lifecycle:${upgradeId}:v2:abababababab`);
  });
});

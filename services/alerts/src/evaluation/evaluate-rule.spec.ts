import { alertRule, type AlertRule } from '@pum/contracts';
import { alertId } from './alert-id';
import { evaluateRule, subjectTypesOf } from './evaluate-rule';
import type { SubjectFacts } from './subject-facts';

const rule = (conditions: unknown[], match: 'all' | 'any' = 'all'): AlertRule =>
  alertRule.parse({ ruleId: 'r', ownerId: 'u', name: 'n', enabled: true, match, conditions, channels: [], updatedAt: '2026-01-01T00:00:00Z' });

const upgrade = (extra: Partial<SubjectFacts> = {}): SubjectFacts => ({
  subject: { type: 'upgrade', id: 'u1', chainId: 1, contract: `0x${'a'.repeat(40)}`, protocolId: 'aave' },
  stage: { stage: 'queued', stageAt: '2026-01-01T00:00:00.000Z', eta: '2026-01-02T00:00:00.000Z', executionEventId: null, title: null },
  ...extra,
});

describe('evaluateRule', () => {
  it('fires a stage condition once per stage reached', () => {
    const sut = rule([{ type: 'lifecycle_stage', stages: ['queued', 'executed'] }]);

    const queued = evaluateRule(sut, upgrade());
    const executed = evaluateRule(sut, upgrade({ stage: { stage: 'executed', stageAt: '2026-01-02T00:00:00.000Z', eta: null, executionEventId: 'e', title: null } }));

    expect(queued.map((c) => c.state)).toEqual(['0:stage=queued']);
    expect(executed.map((c) => c.state)).toEqual(['0:stage=executed']);
  });

  it('holds an ETA window against the stage time', () => {
    expect(evaluateRule(rule([{ type: 'lifecycle_stage', stages: ['queued'], etaWithinHours: 24 }]), upgrade())).toHaveLength(1);
    expect(evaluateRule(rule([{ type: 'lifecycle_stage', stages: ['queued'], etaWithinHours: 12 }]), upgrade())).toHaveLength(0);
  });

  it('needs every condition with all, and fires each condition on its own with any', () => {
    const risk = { score: 80, level: 'critical' as const, components: { technical: 90 }, version: 1, assessedAt: '', retracted: false };
    const conditions = [{ type: 'lifecycle_stage', stages: ['queued'] }, { type: 'risk', minLevel: 'high' }];

    expect(evaluateRule(rule(conditions), upgrade())).toHaveLength(0);
    expect(evaluateRule(rule(conditions), upgrade({ risk })).map((c) => c.state)).toEqual(['0:stage=queued&1:risk.level>=high']);
    expect(evaluateRule(rule(conditions, 'any'), upgrade({ risk })).map((c) => c.state)).toEqual(['0:stage=queued', '1:risk.level>=high']);
    expect(evaluateRule(rule([{ type: 'risk', component: 'technical', minScore: 95 }]), upgrade({ risk }))).toHaveLength(0);
  });

  it('keeps to its scope', () => {
    expect(evaluateRule(rule([{ type: 'lifecycle_stage', stages: ['queued'], scope: { protocolId: 'uniswap' } }]), upgrade())).toHaveLength(0);
    expect(evaluateRule(rule([{ type: 'lifecycle_stage', stages: ['queued'], scope: { protocolId: 'aave', chainId: 1 } }]), upgrade())).toHaveLength(1);
  });

  it('does not match a retracted control-plane event', () => {
    const event = (status: 'confirmed' | 'retracted'): SubjectFacts => ({
      subject: { type: 'event', id: 'e', chainId: 1, contract: null, protocolId: null },
      event: { kind: 'paused', status, controlKinds: ['paused'], upgrade: false, evidence: {} },
    });
    const sut = rule([{ type: 'control_event', kinds: ['paused', 'role_granted'] }]);

    expect(evaluateRule(sut, event('confirmed')).map((c) => c.state)).toEqual(['0:control=paused']);
    expect(evaluateRule(sut, event('retracted'))).toEqual([]);
  });

  it('selects the subject types a rule can fire on', () => {
    expect(subjectTypesOf(rule([{ type: 'lifecycle_stage', stages: ['queued'] }, { type: 'risk', minScore: 50 }]))).toEqual(['upgrade']);
    expect(subjectTypesOf(rule([{ type: 'proposal', on: 'created' }, { type: 'risk', minScore: 50 }], 'any')).sort()).toEqual(['event', 'proposal', 'upgrade']);
  });

  it('derives one alert id per rule, subject and state', () => {
    expect(alertId('r', 'upgrade', 'u1', '0:stage=queued')).toMatch(/^[0-9a-f]{32}$/);
    expect(alertId('r', 'upgrade', 'u1', '0:stage=queued')).toBe(alertId('r', 'upgrade', 'u1', '0:stage=queued'));
    expect(alertId('r', 'upgrade', 'u1', '0:stage=queued')).not.toBe(alertId('r', 'upgrade', 'u1', '0:stage=executed'));
  });
});

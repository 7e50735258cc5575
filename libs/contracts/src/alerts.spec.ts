import { alertCondition, alertMessageId, alertRulePayload, alertSubject } from './alerts';
import { TOPIC_CONFIGS, TOPICS, catalogue, envelopeHeads } from './catalogue';

const rule = {
  ruleId: 'r1',
  ownerId: 'u1',
  name: 'queued upgrades of demo-dao',
  enabled: true,
  conditions: [{ type: 'lifecycle_stage', scope: { protocolId: 'demo-dao' }, stages: ['queued', 'executed'] }],
  channels: [{ type: 'webhook', url: 'https://hooks.example.com/x', secret: 's'.repeat(32) }],
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('alert contracts', () => {
  it('reads a rule with its defaults: all conditions, no throttle, no quiet period', () => {
    const sut = alertRulePayload.parse(rule);

    expect(sut).toMatchObject({ match: 'all', throttle: null, quietPeriodSeconds: 0 });
  });

  it('reads a deletion as its own shape', () => {
    const sut = alertRulePayload.parse({ ruleId: 'r1', ownerId: 'u1', deleted: true, updatedAt: '2026-01-01T00:00:00.000Z' });

    expect(sut.deleted).toBe(true);
  });

  it.each([
    ['a risk condition without a threshold', { type: 'risk' }],
    ['a component condition without a score', { type: 'risk', minLevel: 'high', component: 'technical' }],
    ['a probability crossing without a probability', { type: 'proposal', on: 'pass_probability_above' }],
    ['an unknown stage', { type: 'lifecycle_stage', stages: ['voting'] }],
    ['a scope with an unknown field', { type: 'control_event', kinds: ['paused'], scope: { protocol: 'x' } }],
  ])('refuses %s', (_case, condition) => {
    expect(alertCondition.safeParse(condition).success).toBe(false);
  });

  it('names a market series or a network as what a threshold alert is about', () => {
    expect(alertSubject.parse({ type: 'network', id: '1', chainId: 1, contract: null, protocolId: null }).type).toBe('network');
    expect(alertSubject.parse({ type: 'series', id: 'coingecko:asset:aave:price', chainId: null, contract: null, protocolId: 'aave' }).type).toBe('series');
    expect(alertSubject.safeParse({ type: 'chain', id: '1', chainId: 1, contract: null, protocolId: null }).success).toBe(false);
  });

  it('refuses a webhook secret too short to sign with and a Telegram token of the wrong shape', () => {
    expect(alertRulePayload.safeParse({ ...rule, channels: [{ type: 'webhook', url: 'https://x.example', secret: 'short' }] }).success).toBe(false);
    expect(alertRulePayload.safeParse({ ...rule, channels: [{ type: 'telegram', botToken: 'nope', chatId: 1 }] }).success).toBe(false);
  });

  it('names the alert topics in the catalogue and compacts the rules topic', () => {
    expect(envelopeHeads[TOPICS.alertRules]).toEqual({ type: 'alert.rule', version: 1 });
    expect(envelopeHeads[TOPICS.alerts]).toEqual({ type: 'alert', version: 1 });
    expect(envelopeHeads[TOPICS.alertDeliveries]).toEqual({ type: 'alert.delivery', version: 1 });
    expect(TOPIC_CONFIGS[TOPICS.alertRules]).toEqual({ 'cleanup.policy': 'compact' });
    expect(catalogue[TOPICS.alertRules]).toBeDefined();
    expect(alertMessageId({ alertId: 'a'.repeat(32), kind: 'withdrawn' })).toBe(`${'a'.repeat(32)}:withdrawn`);
  });
});

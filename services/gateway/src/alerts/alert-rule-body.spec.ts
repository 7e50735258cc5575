import type { AlertRule } from '@pum/contracts';
import { parseRuleBody, type RuleContext } from './alert-rule-body';

const context: RuleContext = {
  knownProtocol: (id) => id === 'demo-dao',
  knownChain: (chainId) => chainId === 31337,
  allowedChannels: ['webhook', 'telegram'],
  tier: 'free',
  marketRetainDays: 30,
};
const body = (fields: Record<string, unknown> = {}) => ({
  name: 'queued upgrades',
  enabled: true,
  conditions: [{ type: 'lifecycle_stage', scope: { protocolId: 'demo-dao' }, stages: ['queued'] }],
  channels: [{ type: 'webhook', url: 'https://hooks.example.com/a' }],
  ...fields,
});
const problemsOf = (input: unknown) => {
  const sut = parseRuleBody(input, context, null);
  return sut.ok ? [] : sut.problems;
};

describe('parseRuleBody', () => {
  it('generates a webhook secret the body left out, and keeps one it gave', () => {
    const sut = parseRuleBody(body({ channels: [{ type: 'webhook', url: 'https://a.example/x' }, { type: 'webhook', url: 'https://b.example/x', secret: 'a given secret of 16+' }] }), context, null);

    expect(sut).toMatchObject({ ok: true, generatedSecrets: [0] });
    if (!sut.ok) return;
    expect(sut.body.channels).toEqual([
      { type: 'webhook', url: 'https://a.example/x', secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
      { type: 'webhook', url: 'https://b.example/x', secret: 'a given secret of 16+' },
    ]);
    expect(sut.body).toMatchObject({ match: 'all', throttle: null, quietPeriodSeconds: 0 });
  });

  it("keeps the previous version's webhook secret and bot token when a replacement leaves them out", () => {
    const previous = {
      ...body(),
      channels: [
        { type: 'webhook', url: 'https://a.example/x', secret: 'the stored secret of 16+' },
        { type: 'telegram', botToken: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', chatId: -100 },
      ],
    } as unknown as AlertRule;

    const sut = parseRuleBody(body({ channels: [{ type: 'telegram', chatId: -100 }, { type: 'webhook', url: 'https://a.example/x' }] }), context, previous);

    expect(sut).toMatchObject({ ok: true, generatedSecrets: [] });
    expect(sut.ok && sut.body.channels).toEqual([previous.channels[1], previous.channels[0]]);
  });

  it.each([
    ['an unknown protocol', body({ conditions: [{ type: 'risk', scope: { protocolId: 'nope' }, minLevel: 'high' }] }), /conditions\.0\.scope\.protocolId: unknown protocol "nope"/],
    ['an unknown network', body({ conditions: [{ type: 'ingestion_lag', chainId: 5, minBlocks: 10 }] }), /conditions\.0\.chainId: unknown network 5/],
    ['a price window longer than the market history', body({ conditions: [{ type: 'price_move', windowSeconds: 31 * 86_400, minChangePercent: 5 }] }), /conditions\.0\.windowSeconds: .*30 days/],
    ['a channel the tier does not allow', body({ channels: [{ type: 'slack', url: 'https://hooks.slack.com/x' }] }), /channels\.0\.type: the free tier does not allow slack channels \(allowed: webhook, telegram\)/],
    ['a risk threshold out of range', body({ conditions: [{ type: 'risk', minScore: 101 }] }), /conditions\.0\.minScore/],
    ['a short secret', body({ channels: [{ type: 'webhook', url: 'https://a.example/x', secret: 'short' }] }), /channels\.0\.secret/],
    ['a field the gateway sets', body({ ownerId: 'someone-else' }), /Unrecognized key.*ownerId/],
    ['no conditions', body({ conditions: [] }), /conditions/],
    ['a body that is not an object', 'rule', /\(root\)/],
  ])('refuses %s, saying where', (_what, input, problem) => {
    expect(problemsOf(input).join('\n')).toMatch(problem);
  });

  it('accepts the market, forecast and ingestion conditions the alerts service evaluates', () => {
    const conditions = [
      { type: 'price_move', scope: { protocolId: 'demo-dao' }, windowSeconds: 3600, minChangePercent: 5 },
      { type: 'tvl_change', windowSeconds: 30 * 86_400, minChangePercent: 20 },
      { type: 'forecast_volatility', scope: { chainId: 31337 }, minVolatility: 0.05 },
      { type: 'ingestion_lag', chainId: 31337, minBlocks: 50 },
    ];

    expect(problemsOf(body({ match: 'any', conditions }))).toEqual([]);
  });

  it.each([
    ['a window under a minute', { type: 'price_move', windowSeconds: 59, minChangePercent: 5 }, /conditions\.0\.windowSeconds/],
    ['a change of zero', { type: 'tvl_change', windowSeconds: 3600, minChangePercent: 0 }, /conditions\.0\.minChangePercent/],
    ['a volatility level of zero', { type: 'forecast_volatility', minVolatility: 0 }, /conditions\.0\.minVolatility/],
    ['a lag of zero blocks', { type: 'ingestion_lag', chainId: 31337, minBlocks: 0 }, /conditions\.0\.minBlocks/],
  ])('refuses %s', (_what, condition, problem) => {
    expect(problemsOf(body({ conditions: [condition] })).join('\n')).toMatch(problem);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(body({ conditions: [{ type: 'risk', scope: { protocolId: 'x' }, minLevel: 'high' }], channels: [{ type: 'email', to: 'a@example.com' }] }));

    expect(problems).toHaveLength(2);
  });
});

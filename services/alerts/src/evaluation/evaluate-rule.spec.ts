import { alertRule, type AlertRule } from '@pum/contracts';
import { alertId } from './alert-id';
import { advanceCrossings, etaTimersOf, evaluateRule, marketWindowsOf, subjectTypesOf } from './evaluate-rule';
import { lifecycle } from '../../test/messages';
import { mergeEtaTimer, mergeLifecycle } from './subject-facts';
import type { SubjectFacts, WindowRange } from './subject-facts';

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

  describe('ETA approaching', () => {
    const within24 = rule([{ type: 'lifecycle_stage', stages: ['queued'], etaWithinHours: 24, scope: { protocolId: 'aave' } }]);
    const farQueued = upgrade({ stage: { stage: 'queued', stageAt: '2026-01-01T00:00:00.000Z', eta: '2026-01-04T00:00:00.000Z', executionEventId: null, title: null } });

    it('schedules a timer for when the ETA enters the window, and fires when it came due', () => {
      expect(evaluateRule(within24, farQueued)).toEqual([]);
      expect(etaTimersOf([within24], farQueued)).toEqual(['2026-01-03T00:00:00.000Z']);

      const due = mergeEtaTimer(farQueued, '2026-01-03T00:00:00.000Z');

      expect(due.facts.stage?.asOf).toBe('2026-01-03T00:00:00.000Z');
      expect(evaluateRule(within24, due.facts).map((c) => c.state)).toEqual(['0:stage=queued']);
      expect(etaTimersOf([within24], due.facts)).toEqual([]);
    });

    it('schedules nothing for an ETA already within the window, another stage, another scope or no ETA', () => {
      expect(etaTimersOf([within24], upgrade())).toEqual([]);
      expect(etaTimersOf([rule([{ type: 'lifecycle_stage', stages: ['executed'], etaWithinHours: 24 }])], farQueued)).toEqual([]);
      expect(etaTimersOf([rule([{ type: 'lifecycle_stage', stages: ['queued'], etaWithinHours: 24, scope: { protocolId: 'uniswap' } }])], farQueued)).toEqual([]);
      expect(etaTimersOf([rule([{ type: 'lifecycle_stage', stages: ['queued'] }])], farQueued)).toEqual([]);
      expect(etaTimersOf([within24], upgrade({ stage: { ...farQueued.stage!, eta: null } }))).toEqual([]);
    });

    it('keeps the time a timer reached when the same stage and ETA arrive again, not after a new ETA', () => {
      const queued = (eta: string) =>
        lifecycle({ upgradeId: 'u1', chainId: 1, target: `0x${'a'.repeat(40)}`, protocolId: 'aave', stage: 'queued', stageAt: '2026-01-01T00:00:00.000Z', eta }).payload;
      const due = mergeEtaTimer(farQueued, '2026-01-03T00:00:00.000Z').facts;

      const replayed = mergeLifecycle(due, queued('2026-01-04T00:00:00.000Z')).facts;
      const requeued = mergeLifecycle(due, queued('2026-01-10T00:00:00.000Z')).facts;

      expect(replayed.stage?.asOf).toBe('2026-01-03T00:00:00.000Z');
      expect(requeued.stage?.asOf).toBe('2026-01-01T00:00:00.000Z');
      expect(etaTimersOf([within24], requeued)).toEqual(['2026-01-09T00:00:00.000Z']);
    });
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

  describe('crossing conditions', () => {
    const price = (value: number, at: string, window: Partial<WindowRange> = {}, prev?: SubjectFacts): SubjectFacts => ({
      ...prev,
      subject: { type: 'series', id: 'coingecko:asset:aave:price', chainId: null, contract: null, protocolId: 'aave' },
      series: {
        metric: 'price',
        source: 'coingecko',
        marketSubject: { type: 'asset', id: 'aave' },
        latest: { value, at, tickId: `t@${at}` },
        windows: { '3600': { low: 100, lowAt: '2026-01-01T00:00:00.000Z', high: 100, highAt: '2026-01-01T00:00:00.000Z', points: 2, ...window } },
      },
    });
    /** One message: crossings advanced at its time, then the rule evaluated. */
    const step = (sut: AlertRule, facts: SubjectFacts, at: string) => {
      const advanced = advanceCrossings([sut], facts, at);
      return { facts: advanced, states: evaluateRule(sut, advanced).map((c) => c.state) };
    };
    const move = rule([{ type: 'price_move', windowSeconds: 3600, minChangePercent: 5 }]);

    it('fires a price move of at least the percentage from the window low or high, either way', () => {
      const up = step(move, price(105, '2026-01-01T00:30:00.000Z'), '2026-01-01T00:30:00.000Z');
      const down = step(move, price(94, '2026-01-01T00:30:00.000Z', { low: 94, high: 100 }), '2026-01-01T00:30:00.000Z');
      const small = step(move, price(104.9, '2026-01-01T00:30:00.000Z'), '2026-01-01T00:30:00.000Z');

      expect(up.states).toEqual(['0:price_move>=5%/3600s@2026-01-01T00:30:00.000Z']);
      expect(evaluateRule(move, up.facts)[0]!.matched[0]).toMatchObject({ detail: 'price up 5 % within 1 h (100 → 105, at least 5 %)', evidence: { changePercent: 5, from: 100 } });
      expect(evaluateRule(move, down.facts)[0]!.matched[0]).toMatchObject({ detail: 'price down 6 % within 1 h (100 → 94, at least 5 %)', evidence: { changePercent: -6 } });
      expect(small.states).toEqual([]);
    });

    it('fires once per crossing and re-arms when the move falls back under the threshold', () => {
      const first = step(move, price(106, '2026-01-01T00:30:00.000Z'), '2026-01-01T00:30:00.000Z');
      const still = step(move, price(107, '2026-01-01T00:31:00.000Z', {}, first.facts), '2026-01-01T00:31:00.000Z');
      const cleared = step(move, price(102, '2026-01-01T00:32:00.000Z', {}, still.facts), '2026-01-01T00:32:00.000Z');
      const again = step(move, price(108, '2026-01-01T00:33:00.000Z', {}, cleared.facts), '2026-01-01T00:33:00.000Z');

      expect(still.states).toEqual(first.states);
      expect(cleared.states).toEqual([]);
      expect(cleared.facts.crossings).toEqual({});
      expect(again.states).toEqual(['0:price_move>=5%/3600s@2026-01-01T00:33:00.000Z']);
      expect(alertId('r', 'series', 's', again.states[0]!)).not.toBe(alertId('r', 'series', 's', first.states[0]!));
    });

    it('reads a TVL change only from TVL series, and a price move only from price series', () => {
      const tvl = rule([{ type: 'tvl_change', windowSeconds: 3600, minChangePercent: 5 }]);
      const facts = price(110, '2026-01-01T00:30:00.000Z');

      expect(step(tvl, facts, '2026-01-01T00:30:00.000Z').states).toEqual([]);
      expect(step(tvl, { ...facts, series: { ...facts.series!, metric: 'tvl' } }, '2026-01-01T00:30:00.000Z').states).toEqual(['0:tvl_change>=5%/3600s@2026-01-01T00:30:00.000Z']);
    });

    it('does not measure a rise from a low of zero, nor a window it was not given', () => {
      expect(step(move, price(5, '2026-01-01T00:30:00.000Z', { low: 0, high: 5 }), '2026-01-01T00:30:00.000Z').states).toEqual([]);
      expect(step(rule([{ type: 'price_move', windowSeconds: 7200, minChangePercent: 5 }]), price(200, '2026-01-01T00:30:00.000Z'), '2026-01-01T00:30:00.000Z').states).toEqual([]);
    });

    it('asks only for the windows of rules in scope of the series', () => {
      const rules = [
        rule([{ type: 'price_move', windowSeconds: 86_400, minChangePercent: 5 }]),
        rule([{ type: 'price_move', windowSeconds: 3600, minChangePercent: 5, scope: { protocolId: 'aave' } }]),
        rule([{ type: 'price_move', windowSeconds: 600, minChangePercent: 5, scope: { protocolId: 'uniswap' } }]),
        rule([{ type: 'tvl_change', windowSeconds: 60, minChangePercent: 5 }]),
      ];

      expect(marketWindowsOf(rules, price(1, '2026-01-01T00:00:00.000Z').subject, 'price')).toEqual([3600, 86_400]);
    });

    it('fires forecast volatility at or above the level once per crossing', () => {
      const sut = rule([{ type: 'forecast_volatility', minVolatility: 0.05 }]);
      const forecast = (value: number, prev?: SubjectFacts): SubjectFacts => ({
        ...prev,
        subject: { type: 'series', id: 'chainlink:pool:31337:0xfeed:price@31337', chainId: 31337, contract: null, protocolId: 'demo-dao' },
        volatility: { value, at: '2026-01-02T00:00:00.000Z', inputTo: '2026-01-01T00:00:00.000Z', model: 'garch', forecastId: 'f', marketSubject: { type: 'pool', id: '31337:0xfeed' } },
      });

      const high = step(sut, forecast(0.05), '2026-01-01T00:00:00.000Z');
      const higher = step(sut, forecast(0.08, high.facts), '2026-01-01T01:00:00.000Z');
      const low = step(sut, forecast(0.01, higher.facts), '2026-01-01T02:00:00.000Z');

      expect(high.states).toEqual(['0:volatility>=0.05@2026-01-01T00:00:00.000Z']);
      expect(higher.states).toEqual(high.states);
      expect(low.states).toEqual([]);
    });

    it('fires ingestion lag above the blocks of its own network only', () => {
      const sut = rule([{ type: 'ingestion_lag', chainId: 1, minBlocks: 50 }]);
      const network = (chainId: number, lagBlocks: number): SubjectFacts => ({
        subject: { type: 'network', id: String(chainId), chainId, contract: null, protocolId: null },
        network: { name: 'ethereum', status: 'lagging', lagBlocks, headBlock: '1000', ingestedBlock: String(1000 - lagBlocks), polledAt: '2026-01-01T00:00:00.000Z' },
      });

      expect(step(sut, network(1, 50), 'x').states).toEqual([]);
      expect(step(sut, network(1, 51), '2026-01-01T00:00:00.000Z').states).toEqual(['0:lag>50@2026-01-01T00:00:00.000Z']);
      expect(step(sut, network(10, 500), 'x').states).toEqual([]);
      expect(subjectTypesOf(sut)).toEqual(['network']);
    });

    it('combines a crossing with another condition on the same series under all', () => {
      const sut = rule([{ type: 'price_move', windowSeconds: 3600, minChangePercent: 5 }, { type: 'forecast_volatility', minVolatility: 0.05 }]);
      const facts: SubjectFacts = {
        ...price(110, '2026-01-01T00:30:00.000Z'),
        volatility: { value: 0.06, at: '2026-01-01T01:00:00.000Z', inputTo: '2026-01-01T00:00:00.000Z', model: 'garch', forecastId: 'f', marketSubject: { type: 'asset', id: 'aave' } },
      };

      expect(step(sut, facts, '2026-01-01T00:30:00.000Z').states).toEqual(['0:price_move>=5%/3600s@2026-01-01T00:30:00.000Z&1:volatility>=0.05@2026-01-01T00:30:00.000Z']);
      expect(evaluateRule(sut, facts)).toEqual([]); // crossings not advanced: nothing holds yet
    });
  });
});

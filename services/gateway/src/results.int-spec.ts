import { DLQ_HEADERS, TOPICS, type PlannedUpgrade, type TopicName } from '@pum/contracts';
import { KafkaProbe, uniqueToken, upgradedMessage, waitFor, clearRedisPrefix, dropSchema, isolatedServiceEnv } from '@pum/testing';
import { GatewayHarness } from '../test/gateway-harness';
import {
  governedUpgrade,
  lifecycleMessage,
  liquidityMessage,
  priceSeries,
  proposalMessage,
  sentimentMessage,
  volatilityMessage,
} from '../test/messages';

type Body = Record<string, unknown>;
const RESULT_TOPICS = [TOPICS.upgradesLifecycle, TOPICS.governanceProposals, TOPICS.sentiment, TOPICS.forecastVolatility, TOPICS.forecastLiquidity] as const;

describe('gateway result read models: lifecycle, governance, forecasts (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const harness = new GatewayHarness(new KafkaProbe(`${token}.`), isolatedServiceEnv(token, { SERVICE: 'gateway' }), async () => {
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });
  const { pushed } = harness;
  const protocolId = () => uniqueToken('proto').toLowerCase();
  /** Waits until the path answers 200 and `ready` holds for its body. */
  const read = (path: string, ready: (body: Body) => boolean = () => true) =>
    waitFor(async () => {
      const response = await harness.get(path);
      return response.status === 200 && ready(response.body) && response.body;
    }, { what: `GET ${path}` });
  const items = (body: Body) => body.items as Body[];

  beforeAll(() => harness.start([...RESULT_TOPICS]));
  afterAll(() => harness.stop());

  describe('upgrade lifecycle', () => {
    it('serves an upgrade at its latest stage, every stage in order with its ETA, and links the execution to its upgrade event', async () => {
      const protocol = protocolId();
      const upgrade = governedUpgrade(protocol);
      const executed = upgradedMessage({ contract: upgrade.target, newImplementation: upgrade.newImplementation, protocolId: protocol });
      const eta = '2026-11-20T12:00:00.000Z';
      const timelock = { address: `0x${'7'.repeat(40)}` as `0x${string}`, operationId: `0x${'1'.repeat(64)}` };
      const stages = [
        lifecycleMessage(upgrade, 'proposed'),
        lifecycleMessage(upgrade, 'voting'),
        lifecycleMessage(upgrade, 'succeeded'),
        lifecycleMessage(upgrade, 'queued', { eta, timelock }),
        lifecycleMessage(upgrade, 'executed', { eta, timelock, executionEventId: executed.payload.eventId }),
      ];

      await harness.publish(TOPICS.protocolEvents, executed, upgrade.target);
      for (const stage of stages) await harness.publish(TOPICS.upgradesLifecycle, stage, `31337:${upgrade.target}`);

      const list = await read(`/api/v1/lifecycle?protocolId=${protocol}`, (body) => items(body)[0]?.stage === 'executed');
      expect(items(list)).toEqual([
        expect.objectContaining({ upgradeId: upgrade.upgradeId, stage: 'executed', authority: 'governor', eta, executionEventId: executed.payload.eventId }),
      ]);
      const detail = await read(`/api/v1/lifecycle/${encodeURIComponent(upgrade.upgradeId)}`);
      expect((detail.stages as Body[]).map((stage) => stage.stage)).toEqual(['proposed', 'voting', 'succeeded', 'queued', 'executed']);
      expect((detail.stages as Body[])[3]).toMatchObject({ eta, timelock, messageId: stages[3]!.id });
      expect(detail).toMatchObject({ proposal: upgrade.proposal, executionUrl: `/api/v1/upgrades/${executed.payload.eventId}` });
      expect(await read(String(detail.executionUrl))).toMatchObject({ id: executed.payload.eventId, newImplementation: upgrade.newImplementation });
      await waitFor(() => stages.every((stage) => pushed.some((p) => p.event === 'upgrade.lifecycle' && p.message.id === stage.id)), { what: 'every stage pushed' });
    });

    it('keeps the newest stage when an older stage message is replayed or arrives late', async () => {
      const upgrade = governedUpgrade(protocolId());
      const earlier = new Date(Date.now() - 60_000).toISOString();
      const queued = lifecycleMessage(upgrade, 'queued', { eta: '2026-12-01T00:00:00.000Z' }, earlier);
      const executed = lifecycleMessage(upgrade, 'executed', { executionEventId: `31337:0x${'2'.repeat(64)}:0` });
      const lateVoting = lifecycleMessage(upgrade, 'voting', {}, earlier);
      const key = `31337:${upgrade.target}`;
      const path = `/api/v1/lifecycle/${encodeURIComponent(upgrade.upgradeId)}`;

      await harness.publish(TOPICS.upgradesLifecycle, queued, key);
      await harness.publish(TOPICS.upgradesLifecycle, executed, key);
      await read(path, (body) => body.stage === 'executed');
      await harness.publish(TOPICS.upgradesLifecycle, queued, key);
      await harness.publish(TOPICS.upgradesLifecycle, lateVoting, key);

      const detail = await read(path, (body) => (body.stages as unknown[]).length === 3);
      expect(detail).toMatchObject({ stage: 'executed', messageId: executed.id });
      expect((detail.stages as Body[]).map((stage) => stage.messageId)).toEqual([queued.id, lateVoting.id, executed.id]);
      expect(pushed.filter((p) => p.message.id === queued.id)).toHaveLength(1);
    });

    it('files a retracted execution under the stage the upgrade is back in', async () => {
      const protocol = protocolId();
      const upgrade = governedUpgrade(protocol);
      const eta = '2026-12-01T00:00:00.000Z';
      const key = `31337:${upgrade.target}`;
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'queued', { eta }), key);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'executed', { eta, executionEventId: `31337:0x${'5'.repeat(64)}:0` }), key);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'retracted', { eta, revertedTo: 'queued' }), key);

      const queued = await read(`/api/v1/lifecycle?protocolId=${protocol}&stage=queued`, (body) => items(body)[0]?.stage === 'retracted');
      expect(items(queued)[0]).toMatchObject({ stage: 'retracted', revertedTo: 'queued', currentStage: 'queued', eta, executionEventId: null, executionUrl: null });
      expect(items((await harness.get(`/api/v1/lifecycle?protocolId=${protocol}&stage=executed`)).body)).toEqual([]);
      const detail = await read(`/api/v1/lifecycle/${encodeURIComponent(upgrade.upgradeId)}`);
      expect((detail.stages as Body[]).map((stage) => [stage.stage, stage.revertedTo])).toEqual([['queued', null], ['executed', null], ['retracted', 'queued']]);
    });

    it('pages through lifecycles by latest stage time with an opaque cursor and filters by stage and authority', async () => {
      const protocol = protocolId();
      const upgrades = [0, 1, 2].map(() => governedUpgrade(protocol));
      const messages = upgrades.map((upgrade, i) => lifecycleMessage(upgrade, i === 0 ? 'queued' : 'voting', { stageAt: new Date(Date.UTC(2026, 10, 1, i)).toISOString() }));
      for (const message of messages) await harness.publish(TOPICS.upgradesLifecycle, message, message.payload.target);
      await read(`/api/v1/lifecycle?protocolId=${protocol}`, (body) => items(body).length === 3);

      const first = await harness.get(`/api/v1/lifecycle?protocolId=${protocol}&limit=2`);
      const second = await harness.get(`/api/v1/lifecycle?protocolId=${protocol}&limit=2&cursor=${String(first.body.nextCursor)}`);
      const queued = await harness.get(`/api/v1/lifecycle?protocolId=${protocol}&stage=queued&authority=governor`);

      expect([...items(first.body), ...items(second.body)].map((item) => item.upgradeId)).toEqual(upgrades.map((u) => u.upgradeId).reverse());
      expect(second.body.nextCursor).toBeNull();
      expect(items(queued.body).map((item) => item.upgradeId)).toEqual([upgrades[0]!.upgradeId]);
    });
  });

  describe('governance', () => {
    it('serves a proposal at its latest version with its voting analysis, history and sentiment, and ignores a replayed older version', async () => {
      const protocol = protocolId();
      const active = proposalMessage(protocol, { state: 'active', votes: 3, passProbability: 0.61, asOf: '2026-11-03T00:00:00.000Z' }, new Date(Date.now() - 60_000).toISOString());
      const succeeded = proposalMessage(protocol, { id: active.payload.id, state: 'succeeded', votes: 5, passProbability: 0.97, asOf: '2026-11-04T00:00:00.000Z' });
      const planned: PlannedUpgrade = { chainId: 1, executor: `0x${'5d'.repeat(20)}`, module: null, upgrade: { kind: 'upgrade_to', target: `0x${'5a'.repeat(20)}`, newImplementation: `0x${'5c'.repeat(20)}`, callIndex: 0, via: [], eta: null } };
      succeeded.payload.plannedUpgrades = [planned];
      const sentiment = sentimentMessage(active.payload.proposalKey, protocol, 4, 0.4);
      const olderSentiment = sentimentMessage(active.payload.proposalKey, protocol, 2, -0.5);
      const key = active.payload.proposalKey;
      const path = `/api/v1/proposals/${encodeURIComponent(key)}`;

      await harness.publish(TOPICS.governanceProposals, active, key);
      await harness.publish(TOPICS.governanceProposals, succeeded, key);
      await harness.publish(TOPICS.sentiment, sentiment, key);
      await read(path, (body) => body.state === 'succeeded' && body.sentiment !== null);
      await harness.publish(TOPICS.governanceProposals, active, key);
      await harness.publish(TOPICS.sentiment, olderSentiment, key);
      // Markers after the replays on the same topics and key: once each is handled, so is what came before
      // it (the two topics are consumed independently, so one marker cannot stand for both).
      const marker = proposalMessage(protocol, { state: 'active', votes: 1, passProbability: 0.5 });
      await harness.publish(TOPICS.governanceProposals, marker, key);
      const sentimentMarker = sentimentMessage(protocol, protocol, 1, 0.1, 'protocol');
      await harness.publish(TOPICS.sentiment, sentimentMarker, key);
      await read(`/api/v1/proposals?protocolId=${protocol}`, (body) => items(body).length === 2);
      await waitFor(() => pushed.some((p) => p.event === 'sentiment' && p.message.id === sentimentMarker.id), { what: 'the sentiment marker pushed' });

      const detail = (await harness.get(path)).body;
      expect(detail).toMatchObject({ proposalKey: key, state: 'succeeded', votes: 5, analysis: { passProbability: 0.97, method: 'beta-projection-v1' }, plannedUpgrades: [planned] });
      expect(detail.history).toEqual([
        expect.objectContaining({ state: 'active', votes: 3, passProbability: 0.61 }),
        expect.objectContaining({ state: 'succeeded', votes: 5, passProbability: 0.97 }),
      ]);
      expect(detail.sentiment).toMatchObject({ items: 4, score: 0.4 });
      const list = await harness.get(`/api/v1/proposals?protocolId=${protocol}&state=succeeded&source=governor`);
      expect(items(list.body)).toEqual([expect.objectContaining({ proposalKey: key, passProbability: 0.97, plannedUpgrades: [planned] })]);
      expect(items(list.body)[0]).not.toHaveProperty('body');
      expect(pushed.filter((p) => p.event === 'governance.proposal' && p.message.id === active.id)).toHaveLength(1);
      expect(pushed.filter((p) => p.event === 'sentiment').map((p) => p.message.id)).toContain(sentiment.id);
      expect(pushed.map((p) => p.message.id)).not.toContain(olderSentiment.id);
    });
  });

  describe('forecasts', () => {
    it('serves the latest forecast of each series, keeps older ones by id, and ignores a replayed older forecast', async () => {
      const protocol = protocolId();
      const series = priceSeries(protocol);
      const older = volatilityMessage(series, '2026-11-01T00:00:00.000Z');
      const newer = volatilityMessage(series, '2026-11-02T00:00:00.000Z');
      const tvl = liquidityMessage(protocol, '2026-11-02T00:00:00.000Z');

      await harness.publish(TOPICS.forecastVolatility, older, series.key);
      await harness.publish(TOPICS.forecastVolatility, newer, series.key);
      await harness.publish(TOPICS.forecastLiquidity, tvl, tvl.payload.series.key);
      await read(`/api/v1/forecasts?protocolId=${protocol}`, (body) => items(body).length === 2);
      await harness.publish(TOPICS.forecastVolatility, older, series.key);
      const marker = volatilityMessage(priceSeries(protocolId()), '2026-11-01T00:00:00.000Z');
      await harness.publish(TOPICS.forecastVolatility, marker, series.key);
      await read(`/api/v1/forecasts/${encodeURIComponent(marker.payload.forecastId)}`);

      const volatility = await harness.get(`/api/v1/forecasts?protocolId=${protocol}&kind=volatility`);
      expect(items(volatility.body)).toEqual([expect.objectContaining({ forecastId: newer.payload.forecastId, kind: 'volatility', scope: 'series' })]);
      expect(items(volatility.body)[0]!.forecast).toEqual(newer.payload);
      const liquidity = await harness.get(`/api/v1/forecasts?kind=liquidity&subjectType=protocol&subject=${protocol}`);
      expect(items(liquidity.body)).toEqual([expect.objectContaining({ forecastId: tvl.payload.forecastId, forecast: expect.objectContaining({ regime: expect.objectContaining({ state: 'stable' }) }) })]);
      expect((await harness.get(`/api/v1/forecasts/${encodeURIComponent(older.payload.forecastId)}`)).body).toMatchObject({ forecastId: older.payload.forecastId });
      expect(pushed.filter((p) => p.event === 'forecast.volatility' && p.message.id === older.id)).toHaveLength(1);
      expect(pushed.some((p) => p.event === 'forecast.liquidity' && p.message.id === tvl.id)).toBe(true);
    });

    it('reaches the event-window forecasts of an upgrade from its lifecycle, by lifecycle id and by execution event id', async () => {
      const protocol = protocolId();
      const upgrade = governedUpgrade(protocol);
      const executionEventId = `31337:0x${'3'.repeat(64)}:0`;
      const series = priceSeries(protocol);
      const reference = { protocolId: protocol, messageId: 'm', eta: '2026-11-20T00:00:00.000Z' };
      const queuedWindow = volatilityMessage(series, '2026-11-10T00:00:00.000Z', { ...reference, upgradeId: upgrade.upgradeId, stage: 'queued' });
      const executedWindow = volatilityMessage(series, '2026-11-21T00:00:00.000Z', { ...reference, upgradeId: executionEventId, stage: 'executed' });
      const unrelated = volatilityMessage(series, '2026-11-21T00:00:00.000Z', { ...reference, upgradeId: `31337:0x${'4'.repeat(64)}:0`, stage: 'executed' });

      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'executed', { executionEventId }), upgrade.target);
      for (const message of [queuedWindow, executedWindow, unrelated]) await harness.publish(TOPICS.forecastVolatility, message, series.key);

      // `unrelated` is the last window on the partition: once it is stored, so are the two before it, and a
      // lookup that wrongly matched it would answer three windows rather than two.
      await read(`/api/v1/forecasts/${encodeURIComponent(unrelated.payload.forecastId)}`);
      const path = `/api/v1/lifecycle/${encodeURIComponent(upgrade.upgradeId)}/forecasts`;
      const windows = await read(path, (body) => items(body).length >= 2);
      expect(items(windows).map((item) => item.forecastId).sort()).toEqual([queuedWindow.payload.forecastId, executedWindow.payload.forecastId].sort());
      expect(items(windows)[0]!.forecast).toMatchObject({ kind: 'event_window', window: expect.objectContaining({ steps: 2 }) });
      const seriesOnly = await harness.get(`/api/v1/forecasts?protocolId=${protocol}`);
      expect(items(seriesOnly.body)).toEqual([]);
    });
  });

  it.each(RESULT_TOPICS)('dead-letters a malformed message on %s and still processes the next one', async (topic: TopicName) => {
    const protocol = protocolId();
    const marker = uniqueToken('garbage');
    const invalidMarker = uniqueToken('invalid');
    const upgrade = governedUpgrade(protocol);
    const proposal = proposalMessage(protocol, { state: 'active', votes: 1, passProbability: 0.5 });
    const good = {
      [TOPICS.upgradesLifecycle]: { message: lifecycleMessage(upgrade, 'proposed'), path: `/api/v1/lifecycle/${encodeURIComponent(upgrade.upgradeId)}` },
      [TOPICS.governanceProposals]: { message: proposal, path: `/api/v1/proposals/${encodeURIComponent(proposal.payload.proposalKey)}` },
      [TOPICS.sentiment]: { message: sentimentMessage(protocol, protocol, 1, 0.1), path: null },
      [TOPICS.forecastVolatility]: { message: volatilityMessage(priceSeries(protocol), '2026-11-01T00:00:00.000Z'), path: `/api/v1/forecasts?protocolId=${protocol}` },
      [TOPICS.forecastLiquidity]: { message: liquidityMessage(protocol, '2026-11-01T00:00:00.000Z'), path: `/api/v1/forecasts?protocolId=${protocol}` },
    }[topic as (typeof RESULT_TOPICS)[number]];

    await harness.publish(topic, `{"garbage": "${marker}"`);
    await harness.publish(topic, { ...good.message, id: '', source: invalidMarker });
    await harness.publish(topic, good.message);

    if (good.path) await read(good.path, (body) => !('items' in body) || items(body).length === 1);
    await waitFor(() => pushed.some((p) => p.message.id === good.message.id), { what: 'the good message pushed' });
    const dead = await waitFor(() => harness.deadLetters(topic).find((m) => m.value?.includes(marker)), { what: 'dead letter' });
    expect(dead.headers[DLQ_HEADERS.originalTopic]).toBe(harness.probe.namer.physical(topic));
    const invalid = await waitFor(() => harness.deadLetters(topic).find((m) => m.value?.includes(invalidMarker)), { what: 'schema-invalid dead letter' });
    expect(invalid.headers[DLQ_HEADERS.errorKind]).toBe('invalid');
  });

  it.each([
    ['/api/v1/lifecycle?stage=launched', 400, /stage/],
    ['/api/v1/lifecycle?authority=king', 400, /authority/],
    ['/api/v1/lifecycle?limit=501', 400, /limit/],
    ['/api/v1/lifecycle?cursor=bm9wZQ', 400, /cursor/],
    ['/api/v1/lifecycle/not-an-id', 400, /upgrade lifecycle id/],
    [`/api/v1/lifecycle/${encodeURIComponent(`1:0x${'0'.repeat(40)}:impl:0x0#tx:0x0`)}`, 404, /no upgrade lifecycle/],
    [`/api/v1/lifecycle/${encodeURIComponent(`1:0x${'0'.repeat(40)}:impl:0x0#tx:0x0`)}/forecasts`, 404, /no upgrade lifecycle/],
    ['/api/v1/proposals?state=won', 400, /state/],
    ['/api/v1/proposals?source=twitter', 400, /source/],
    ['/api/v1/proposals?surprise=1', 400, /surprise/],
    ['/api/v1/proposals/nokey', 400, /proposal key/],
    ['/api/v1/proposals/snapshot:nobody.eth:0x00', 404, /no proposal/],
    ['/api/v1/forecasts?kind=price', 400, /kind/],
    ['/api/v1/forecasts?subjectType=person', 400, /subjectType/],
    ['/api/v1/forecasts/garch:1', 400, /forecast id/],
    ['/api/v1/forecasts/volatility:series:none', 404, /no forecast/],
  ])('answers %s with %i and a JSON reason', async (path, status, reason) => {
    const response = await harness.get(path);

    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body.message)).toMatch(reason);
  });

  it('serves its OpenAPI document, which names the result endpoints', async () => {
    const response = await harness.fetch('/api/v1/openapi.yaml');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/yaml/);
    expect(await response.text()).toMatch(/\/api\/v1\/lifecycle\/\{upgradeId\}\/forecasts:/);
  });
});

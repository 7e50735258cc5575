import { DLQ_HEADERS, TOPICS, protocolEventMessageId, versionedAssessmentId } from '@pum/contracts';
import { KafkaProbe, assessmentOf, uniqueToken, upgradedMessage, waitFor, clearRedisPrefix, dropSchema, isolatedServiceEnv } from '@pum/testing';
import { GatewayHarness } from '../test/gateway-harness';

describe('gateway (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const harness = new GatewayHarness(new KafkaProbe(`${token}.`), isolatedServiceEnv(token, { SERVICE: 'gateway' }), async () => {
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });
  const { pushed } = harness;
  const get = (path: string) => harness.get(path);
  const publish = (topic: 'protocol.events.v1' | 'risk.assessments.v1', value: unknown, key = 'k') => harness.publish(topic, value, key);

  beforeAll(() => harness.start([TOPICS.protocolEvents, TOPICS.riskAssessments]));
  afterAll(() => harness.stop());

  it('stores an upgrade and its assessment, serves both over REST and pushes both to subscribers', async () => {
    const upgrade = upgradedMessage();
    const assessment = assessmentOf(upgrade, 55);

    await publish(TOPICS.protocolEvents, upgrade);
    await publish(TOPICS.riskAssessments, assessment);

    const risk = await waitFor(async () => {
      const response = await get(`/api/v1/upgrades/${upgrade.payload.eventId}/risk`);
      return response.status === 200 && response.body;
    }, { what: 'risk over REST' });
    expect(risk).toMatchObject({ upgradeId: upgrade.payload.eventId, score: 55, level: 'high', modelVersion: 'test-model' });
    // The two topics are consumed independently: the assessment may be stored before its upgrade.
    const list = await waitFor(async () => {
      const response = await get(`/api/v1/upgrades?contract=${upgrade.payload.contract}`);
      return (response.body.items as unknown[]).length === 1 && response;
    }, { what: 'the upgrade over REST' });
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: upgrade.payload.eventId,
        status: 'confirmed',
        newImplementation: upgrade.payload.newImplementation,
        risk: expect.objectContaining({ score: 55, level: 'high' }),
      }),
    ]);
    await waitFor(() => pushed.some((p) => p.event === 'risk.assessment' && p.message.id === assessment.id), { what: 'socket push' });
    const event = await waitFor(() => pushed.find((p) => p.event === 'protocol.event' && p.message.id === upgrade.id), { what: 'upgrade push' });
    expect(event.message).toEqual(upgrade);
  });

  it('keeps serving the per-event assessment when a control-event assessment of the same event arrives, and pushes both', async () => {
    const upgrade = upgradedMessage();
    const perEvent = assessmentOf(upgrade, 35);
    // Later than the per-event one: were it stored in the upgrade's read model, it would be the latest.
    const control = { ...assessmentOf(upgrade, 90), id: `${perEvent.id}:control`, occurredAt: new Date(Date.parse(upgrade.occurredAt) + 60_000).toISOString() };
    control.payload = { ...control.payload, assessmentId: `control_event:${upgrade.payload.eventId}:v1:000000000000`, subjectType: 'control_event' };

    await publish(TOPICS.protocolEvents, upgrade);
    await publish(TOPICS.riskAssessments, perEvent);
    await publish(TOPICS.riskAssessments, control);

    await waitFor(() => pushed.some((p) => p.event === 'risk.assessment' && p.message.id === control.id), { what: 'the control-event assessment pushed' });
    const risk = await waitFor(async () => {
      const response = await get(`/api/v1/upgrades/${upgrade.payload.eventId}/risk`);
      return response.status === 200 && response.body;
    }, { what: 'risk over REST' });
    expect(risk).toMatchObject({ upgradeId: upgrade.payload.eventId, score: 35 });
  });

  it('serves every version of a lifecycle assessment from before execution, newest first, and stores a replay once', async () => {
    const upgrade = upgradedMessage();
    const upgradeId = `31337:${upgrade.payload.contract}:impl:${upgrade.payload.newImplementation}#eoa`;
    const version = (n: number, score: number, stage: 'proposed' | 'queued') => {
      const inputsHash = String(n).repeat(64);
      const base = assessmentOf(upgrade, score);
      const assessmentId = versionedAssessmentId('lifecycle', upgradeId, n, inputsHash);
      return {
        ...base,
        id: assessmentId,
        payload: { ...base.payload, assessmentId, subjectType: 'lifecycle' as const, subjectId: upgradeId, assessmentVersion: n, inputsHash, stage, eta: null, assessedAt: new Date(Date.parse(upgrade.occurredAt) + n * 60_000).toISOString() },
      };
    };
    const [first, second] = [version(1, 30, 'proposed'), version(2, 62, 'queued')];
    const riskPath = `/api/v1/lifecycle/${encodeURIComponent(upgradeId)}/risk`;
    expect((await get(riskPath)).status).toBe(404);

    await publish(TOPICS.riskAssessments, first);
    await publish(TOPICS.riskAssessments, second);
    await publish(TOPICS.riskAssessments, first); // a replay
    const sentinel = assessmentOf(upgradedMessage(), 10);
    await publish(TOPICS.riskAssessments, sentinel);
    await waitFor(() => pushed.some((p) => p.message.id === sentinel.id), { what: 'the sentinel behind the replay' });

    const risk = await get(riskPath);
    expect(risk.status).toBe(200);
    expect(risk.body.latest).toMatchObject({ assessmentId: second.payload.assessmentId, assessmentVersion: 2, score: 62, stage: 'queued' });
    const versions = risk.body.versions as { version: number; score: number; stage: string }[];
    expect(versions.map((v) => [v.version, v.score, v.stage])).toEqual([
      [2, 62, 'queued'],
      [1, 30, 'proposed'],
    ]);
    expect(pushed.filter((p) => p.message.id === first.id)).toHaveLength(1);
  });

  it('stores an admin change with its kind-specific details', async () => {
    const base = upgradedMessage();
    const { previousImplementation: _p, newImplementation: _n, newImplementationCodeSize: _s, newImplementationCodeHash: _h, ...common } = base.payload;
    const newAdmin = `0x${'ad'.repeat(20)}` as const;
    const payload = { ...common, kind: 'admin_changed' as const, previousAdmin: null, newAdmin, newAdminCodeSize: 0 };
    const message = { ...base, id: protocolEventMessageId(payload), payload };

    await publish(TOPICS.protocolEvents, message);

    const row = await waitFor(async () => {
      const response = await get(`/api/v1/upgrades/${payload.eventId}`);
      return response.status === 200 && response.body;
    }, { what: 'admin change row' });
    expect(row).toMatchObject({ kind: 'admin_changed', newImplementation: null, details: { previousAdmin: null, newAdmin, newAdminCodeSize: 0 } });
  });

  it('keeps only upgrade kinds in the upgrades read model, passing over the rest without dead letters', async () => {
    const upgrade = upgradedMessage();
    const { previousImplementation: _p, newImplementation: _n, newImplementationCodeSize: _s, newImplementationCodeHash: _h, standard: _st, ...common } = upgrade.payload;
    const payload = { ...common, eventId: `${common.chainId}:${common.transactionHash}:1`, logIndex: 1, kind: 'paused', standard: 'pausable', account: common.contract } as const;
    const paused = { ...upgrade, id: protocolEventMessageId(payload), payload };

    await publish(TOPICS.protocolEvents, paused, common.contract);
    await publish(TOPICS.protocolEvents, upgrade, common.contract);

    await waitFor(async () => (await get(`/api/v1/upgrades/${upgrade.payload.eventId}`)).status === 200, { what: 'the upgrade after the pause' });
    expect((await get(`/api/v1/upgrades/${payload.eventId}`)).status).toBe(404);
    expect(harness.deadLetters(TOPICS.protocolEvents).some((m) => m.value?.includes(payload.eventId))).toBe(false);
  });

  it('keeps one row per upgrade when a message is replayed or the status moves on', async () => {
    const pending = upgradedMessage({ status: 'pending' });
    const confirmed = upgradedMessage({ ...pending.payload, status: 'confirmed' });

    await publish(TOPICS.protocolEvents, pending);
    await publish(TOPICS.protocolEvents, pending);
    await publish(TOPICS.protocolEvents, confirmed);

    await waitFor(async () => (await get(`/api/v1/upgrades/${pending.payload.eventId}`)).body.status === 'confirmed', { what: 'confirmed status' });
    const list = await get(`/api/v1/upgrades?contract=${pending.payload.contract}`);
    expect(list.body.items).toHaveLength(1);
  });

  it('marks an upgrade retracted and keeps what was read while its block was canonical', async () => {
    const confirmed = upgradedMessage({ status: 'confirmed' });
    const retracted = upgradedMessage({ ...confirmed.payload, status: 'retracted', previousImplementation: null, newImplementationCodeSize: null, newImplementationCodeHash: null });

    await publish(TOPICS.protocolEvents, confirmed);
    await publish(TOPICS.protocolEvents, retracted);

    const row = await waitFor(async () => {
      const response = await get(`/api/v1/upgrades/${confirmed.payload.eventId}`);
      return response.body.status === 'retracted' && response.body;
    }, { what: 'retracted status' });
    expect(row).toMatchObject({
      previousImplementation: confirmed.payload.previousImplementation,
      newImplementationCodeSize: confirmed.payload.newImplementationCodeSize,
    });
    const retractedOnly = await get(`/api/v1/upgrades?status=retracted&contract=${confirmed.payload.contract}`);
    expect(retractedOnly.body.items).toHaveLength(1);
  });

  it.each([TOPICS.protocolEvents, TOPICS.riskAssessments] as const)(
    'dead-letters a malformed message on %s and still processes the next one',
    async (topic) => {
      const upgrade = upgradedMessage();
      const good = topic === TOPICS.protocolEvents ? upgrade : assessmentOf(upgrade);
      const marker = uniqueToken('garbage');
      if (topic === TOPICS.riskAssessments) await publish(TOPICS.protocolEvents, upgrade);

      await publish(topic, `{"garbage": "${marker}"`);
      await publish(topic, good);

      const path = topic === TOPICS.protocolEvents ? `/api/v1/upgrades/${upgrade.payload.eventId}` : `/api/v1/upgrades/${upgrade.payload.eventId}/risk`;
      await waitFor(async () => (await get(path)).status === 200, { what: 'the good message' });
      const dead = await waitFor(() => harness.deadLetters(topic).find((m) => m.value?.includes(marker)), { what: 'dead letter' });
      expect(dead.headers[DLQ_HEADERS.originalTopic]).toBe(harness.probe.namer.physical(topic));
      expect(dead.headers[DLQ_HEADERS.originalOffset]).toMatch(/^\d+$/);
    },
  );

  it('pages through upgrades newest first with an opaque cursor', async () => {
    const contract = `0x${'9'.repeat(38)}${Math.floor(Math.random() * 90 + 10)}` as `0x${string}`;
    const messages = [0, 1, 2].map((i) => upgradedMessage({ contract }, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
    for (const message of messages) await publish(TOPICS.protocolEvents, message, contract);
    await waitFor(async () => ((await get(`/api/v1/upgrades?contract=${contract}`)).body.items as unknown[]).length === 3, { what: 'three rows' });

    const first = await get(`/api/v1/upgrades?contract=${contract}&limit=2`);
    const second = await get(`/api/v1/upgrades?contract=${contract}&limit=2&cursor=${String(first.body.nextCursor)}`);

    const ids = [...(first.body.items as { id: string }[]), ...(second.body.items as { id: string }[])].map((item) => item.id);
    expect(ids).toEqual(messages.map((m) => m.payload.eventId).reverse());
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([
    ['/api/v1/upgrades?limit=0', 400, /limit/],
    ['/api/v1/upgrades?contract=0x123', 400, /contract/],
    ['/api/v1/upgrades?status=maybe', 400, /status/],
    ['/api/v1/upgrades?cursor=bm9wZQ', 400, /cursor/],
    ['/api/v1/upgrades?surprise=1', 400, /surprise/],
    ['/api/v1/upgrades/not-an-id/risk', 400, /upgrade id/],
    [`/api/v1/upgrades/1:0x${'0'.repeat(64)}:0`, 404, /no upgrade/],
    [`/api/v1/upgrades/1:0x${'0'.repeat(64)}:0/risk`, 404, /no upgrade/],
  ])('answers %s with %i and a JSON reason', async (path, status, reason) => {
    const response = await get(path);

    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body.message)).toMatch(reason);
  });

  it('rejects a subscription to an unknown channel with a reason', async () => {
    const ack = await harness.client.timeout(5_000).emitWithAck('subscribe', { channels: ['everything'] });

    expect(ack).toEqual({ ok: false, error: expect.stringMatching(/unknown channel/) });
  });

  it('reports Kafka, Redis and Postgres in readiness', async () => {
    const health = await get('/health/ready');

    expect(health.status).toBe(200);
    expect(health.body.checks).toEqual({
      kafka: expect.objectContaining({ status: 'up' }),
      redis: expect.objectContaining({ status: 'up' }),
      postgres: expect.objectContaining({ status: 'up' }),
    });
  });
});

import { DLQ_HEADERS, TOPICS, type MessageOf } from '@pum/contracts';
import { KafkaProbe, assessmentOf, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayHarness, type Pushed } from '../test/gateway-harness';
import { eventCommon, governedUpgrade, guidanceMessage, kindFields, lifecycleMessage, protocolEventMessage, subjectAssessmentMessage } from '../test/messages';

type Body = Record<string, unknown>;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const daysAgo = (days: number) => minutesAgo(days * 24 * 60);
const hex = (n: number, digit = '0') => `0x${digit.repeat(n * 2)}`;

describe('gateway risk histories, guidance and risk analytics (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const slug = token.toLowerCase().replace(/_/g, '-');
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const harness = new GatewayHarness(
    new KafkaProbe(`${token}.`),
    isolatedServiceEnv(token, { SERVICE: 'gateway', PROTOCOL_REGISTRY_FILE: registryFile }),
    async () => {
      await clearRedisPrefix(`${token}:`);
      await dropSchema(token.toLowerCase());
      await rm(registryFile, { force: true });
    },
  );
  const { pushed } = harness;
  /** Registry protocols: `analysed` gets the assessments of the analytics test, `quiet` none. */
  const analysed = `${slug}-analysed`;
  const quiet = `${slug}-quiet`;
  let counter = 0;
  /** A protocol of its own per test, not in the registry. */
  const protocolId = () => `${slug}-p${++counter}`;
  const read = (path: string, ready: (body: Body) => boolean = () => true) =>
    waitFor(async () => {
      const response = await harness.get(path);
      return response.status === 200 && ready(response.body) && response.body;
    }, { what: `GET ${path}` });
  const history = (body: Body) => body.history as Body[];
  const lifecyclePath = (upgradeId: string, leaf: string) => `/api/v1/lifecycle/${encodeURIComponent(upgradeId)}/${leaf}`;
  /** A client subscribed to one channel only, recording what it receives. */
  const subscriber = async (channel: 'upgrades' | 'lifecycle') => {
    const { client, received } = await harness.connect();
    const ack = await client.timeout(5_000).emitWithAck('subscribe', { channels: [channel] });
    if (!ack.ok) throw new Error(ack.error);
    return received;
  };
  const payloadOf = (p: Pushed) => (p.message as unknown as MessageOf<'guidance.v1'>).payload;

  beforeAll(async () => {
    await writeFile(registryFile, ['protocols:', `  - id: ${analysed}`, '    name: Analysed Vault', `  - id: ${quiet}`, '    name: Quiet Protocol', ''].join('\n'));
    await harness.start([TOPICS.guidance, TOPICS.riskAssessments]);
  });
  afterAll(() => harness.stop());

  describe('guidance', () => {
    it('serves a lifecycle guidance, latest and history, by lifecycle and by the upgrade that executed it, and pushes each new one on upgrades and lifecycle', async () => {
      const protocol = protocolId();
      const upgrade = governedUpgrade(protocol);
      const executed = upgradedMessage({ contract: upgrade.target, newImplementation: upgrade.newImplementation, protocolId: protocol });
      const [onUpgrades, onLifecycle] = [await subscriber('upgrades'), await subscriber('lifecycle')];
      const first = guidanceMessage(upgrade, 1, { score: 30, asOf: minutesAgo(60) });
      const second = guidanceMessage(upgrade, 2, { score: 80, asOf: minutesAgo(30) });

      await harness.publish(TOPICS.protocolEvents, executed, upgrade.target);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'executed', { executionEventId: executed.payload.eventId }), upgrade.target);
      await harness.publish(TOPICS.guidance, first, upgrade.upgradeId);
      await harness.publish(TOPICS.guidance, second, upgrade.upgradeId);

      const byLifecycle = await read(lifecyclePath(upgrade.upgradeId, 'guidance'), (body) => history(body).length === 2);
      expect(byLifecycle.latest).toEqual(second.payload);
      expect(history(byLifecycle).map((g) => [g.guidanceId, g.assessmentVersion, g.stance, g.risk])).toEqual([
        [second.payload.guidanceId, 2, 'exit_before_eta', { score: 80, level: 'critical' }],
        [first.payload.guidanceId, 1, 'hold', { score: 30, level: 'medium' }],
      ]);
      expect(history(byLifecycle)[0]).toMatchObject({ actBy: second.payload.window?.actBy, eta: second.payload.eta, asOf: second.payload.asOf });
      const byExecution = await read(`/api/v1/upgrades/${executed.payload.eventId}/guidance`);
      expect(byExecution).toEqual({ ...byLifecycle, executionEventId: executed.payload.eventId });
      expect(byLifecycle.executionEventId).toBeNull();
      for (const received of [onUpgrades, onLifecycle, pushed]) {
        await waitFor(() => [first, second].every((g) => received.some((p) => p.event === 'guidance' && p.message.id === g.id)), { what: 'both guidance pushed' });
      }
      expect(onLifecycle.find((p) => p.message.id === second.id)?.message).toEqual(second);
    });

    it('never lets a late older version become the latest, and takes a restatement of a version only when newer and different', async () => {
      const protocol = protocolId();
      const upgrade = governedUpgrade(protocol);
      const path = lifecyclePath(upgrade.upgradeId, 'guidance');
      const earlier = minutesAgo(10);
      const newest = guidanceMessage(upgrade, 2, { score: 80 });
      const lateOlder = guidanceMessage(upgrade, 1, { score: 30 }, earlier);
      const staleRestatement = { ...newest, producedAt: earlier, payload: { ...newest.payload, stance: 'reduce' as const } };
      const restatement = { ...newest, producedAt: new Date(Date.now() + 1_000).toISOString(), payload: { ...newest.payload, stance: 'hedge' as const } };

      await harness.publish(TOPICS.guidance, newest, upgrade.upgradeId);
      await read(path);
      for (const message of [lateOlder, newest, staleRestatement, restatement]) await harness.publish(TOPICS.guidance, message, upgrade.upgradeId);

      const served = await read(path, (body) => (body.latest as Body).stance === 'hedge');
      expect(history(served).map((g) => [g.assessmentVersion, g.stance])).toEqual([[2, 'hedge'], [1, 'hold']]);
      expect(served.latest).toEqual(restatement.payload);
      await waitFor(() => pushed.some((p) => p.message.id === newest.id && payloadOf(p).stance === 'hedge'), { what: 'the restatement pushed' });
      expect(pushed.filter((p) => p.message.id === newest.id).map((p) => payloadOf(p).stance)).toEqual(['exit_before_eta', 'hedge']);
      expect(pushed.filter((p) => p.message.id === lateOlder.id)).toHaveLength(1);
    });

    it('dead-letters a malformed guidance message and still applies the next one', async () => {
      const upgrade = governedUpgrade(protocolId());
      const garbage = uniqueToken('garbage');
      const invalid = uniqueToken('invalid');
      const good = guidanceMessage(upgrade, 1, { score: 10 });

      await harness.publish(TOPICS.guidance, `{"garbage": "${garbage}"`, upgrade.upgradeId);
      await harness.publish(TOPICS.guidance, { ...good, source: invalid, payload: { ...good.payload, stance: 'panic' } }, upgrade.upgradeId);
      await harness.publish(TOPICS.guidance, good, upgrade.upgradeId);

      expect((await read(lifecyclePath(upgrade.upgradeId, 'guidance'))).latest).toEqual(good.payload);
      const dead = await waitFor(() => harness.deadLetters(TOPICS.guidance).find((m) => m.value?.includes(garbage)), { what: 'the malformed dead letter' });
      expect(dead.headers[DLQ_HEADERS.originalTopic]).toBe(harness.probe.namer.physical(TOPICS.guidance));
      const schemaInvalid = await waitFor(() => harness.deadLetters(TOPICS.guidance).find((m) => m.value?.includes(invalid)), { what: 'the schema-invalid dead letter' });
      expect(schemaInvalid.headers[DLQ_HEADERS.errorKind]).toBe('invalid');
      expect(pushed.filter((p) => p.event === 'guidance' && p.message.id === good.id)).toHaveLength(1);
    });
  });

  describe('risk histories', () => {
    it('serves an upgrade event with its latest per-event assessment and every assessment of the event and of the lifecycle it executed, newest first, each naming its subject', async () => {
      const protocol = protocolId();
      const upgrade = governedUpgrade(protocol);
      const at = Date.now() - 10 * 60_000;
      const time = (minutes: number) => new Date(at + minutes * 60_000).toISOString();
      const executed = upgradedMessage({ contract: upgrade.target, newImplementation: upgrade.newImplementation, protocolId: protocol }, time(0));
      const eventId = executed.payload.eventId;
      const lifecycle = { subjectType: 'lifecycle' as const, subjectId: upgrade.upgradeId, contract: upgrade.target, protocolId: protocol };
      const perEvent = assessmentOf(executed, 40);
      const versions = [
        subjectAssessmentMessage(lifecycle, 1, 20, { assessedAt: time(-3 * 24 * 60), stage: 'proposed' }),
        subjectAssessmentMessage(lifecycle, 2, 55, { assessedAt: time(-24 * 60), stage: 'queued' }),
        subjectAssessmentMessage(lifecycle, 3, 60, { assessedAt: time(1), stage: 'executed' }),
      ];
      const control = subjectAssessmentMessage({ ...lifecycle, subjectType: 'control_event', subjectId: eventId }, 1, 35, { assessedAt: time(2) });
      const onLifecycle = await subscriber('lifecycle');

      await harness.publish(TOPICS.protocolEvents, executed, upgrade.target);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(upgrade, 'executed', { executionEventId: eventId }), upgrade.target);
      for (const message of [...versions, perEvent, control]) await harness.publish(TOPICS.riskAssessments, message, upgrade.target);

      const risk = await read(`/api/v1/upgrades/${eventId}/risk`, (body) => history(body).length === 5);
      expect(risk).toMatchObject({ id: perEvent.payload.assessmentId, upgradeId: eventId, score: 40, level: 'medium', modelVersion: 'test-model', lifecycleId: upgrade.upgradeId });
      expect(history(risk).map((v) => [v.subjectType, v.subjectId, v.version, v.score, v.stage])).toEqual([
        ['control_event', eventId, 1, 35, null],
        ['lifecycle', upgrade.upgradeId, 3, 60, 'executed'],
        ['upgrade', eventId, null, 40, null],
        ['lifecycle', upgrade.upgradeId, 2, 55, 'queued'],
        ['lifecycle', upgrade.upgradeId, 1, 20, 'proposed'],
      ]);
      expect(history(risk)[1]).toMatchObject({ assessmentId: versions[2]!.payload.assessmentId, level: 'high', assessedAt: time(1), subjectStatus: 'confirmed' });
      // Assessments of lifecycles and control events reach the lifecycle channel too (per-event ones as well: the topic is the channel's).
      await waitFor(() => [...versions, control].every((m) => onLifecycle.some((p) => p.event === 'risk.assessment' && p.message.id === m.id)), { what: 'assessments on lifecycle' });
    });

    it('serves an upgrade that executed no lifecycle with its own history only, and 404s its guidance', async () => {
      const upgrade = upgradedMessage({ protocolId: protocolId() });
      const assessment = assessmentOf(upgrade, 70);

      await harness.publish(TOPICS.protocolEvents, upgrade, upgrade.payload.contract);
      await harness.publish(TOPICS.riskAssessments, assessment, upgrade.payload.contract);

      const risk = await read(`/api/v1/upgrades/${upgrade.payload.eventId}/risk`);
      expect(risk).toMatchObject({ score: 70, level: 'high', lifecycleId: null, history: [expect.objectContaining({ subjectType: 'upgrade', version: null, score: 70 })] });
      const guidance = await harness.get(`/api/v1/upgrades/${upgrade.payload.eventId}/guidance`);
      expect(guidance.status).toBe(404);
      expect(guidance.body.message).toMatch(/not the execution of a known upgrade lifecycle/);
    });

    it('serves every version of a control-plane event assessment, newest first, stores a replay once, and 404s an event not assessed', async () => {
      const protocol = protocolId();
      const paused = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.paused());
      const unassessed = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.paused());
      const subject = { subjectType: 'control_event' as const, subjectId: paused.payload.eventId, contract: paused.payload.contract, protocolId: protocol };
      const first = subjectAssessmentMessage(subject, 1, 45, { assessedAt: minutesAgo(5), components: { technical: 10, governance: 60, market: 0, liquidity: 0 } });
      const second = subjectAssessmentMessage(subject, 2, 78, { assessedAt: minutesAgo(1), components: { technical: 10, governance: 90, market: 0, liquidity: 0 } });

      for (const message of [paused, unassessed]) await harness.publish(TOPICS.protocolEvents, message, paused.payload.contract);
      for (const message of [first, second, first]) await harness.publish(TOPICS.riskAssessments, message, paused.payload.contract);

      const risk = await read(`/api/v1/events/${paused.payload.eventId}/risk`, (body) => (body.versions as unknown[]).length === 2);
      expect(risk).toMatchObject({ eventId: paused.payload.eventId, latest: second.payload });
      expect((risk.versions as Body[]).map((v) => [v.version, v.score, v.level])).toEqual([[2, 78, 'critical'], [1, 45, 'medium']]);
      await read(`/api/v1/events/${unassessed.payload.eventId}`);
      const none = await harness.get(`/api/v1/events/${unassessed.payload.eventId}/risk`);
      expect(none.status).toBe(404);
      expect(none.body.message).toMatch(/has not been assessed/);
      expect(pushed.filter((p) => p.message.id === first.id)).toHaveLength(1);
    });
  });

  describe('risk analytics', () => {
    it("summarises a protocol's current risk from the latest assessment of each current subject", async () => {
      const protocol = analysed;
      const [queuedA, votingB, executedC, queuedD] = [0, 1, 2, 3].map(() => governedUpgrade(protocol));
      const lifecycle = (u: ReturnType<typeof governedUpgrade>) => ({ subjectType: 'lifecycle' as const, subjectId: u.upgradeId, contract: u.target, protocolId: protocol });
      const control = (eventId: string) => ({ subjectType: 'control_event' as const, subjectId: eventId, contract: queuedA!.target, protocolId: protocol });
      const recentUpgrade = upgradedMessage({ protocolId: protocol }, minutesAgo(30));
      const adminUpgrade = upgradedMessage({ protocolId: protocol }, minutesAgo(20));
      const stages = [lifecycleMessage(queuedA!, 'queued'), lifecycleMessage(votingB!, 'voting'), lifecycleMessage(executedC!, 'executed'), lifecycleMessage(queuedD!, 'queued')];
      const assessments = [
        subjectAssessmentMessage(lifecycle(queuedA!), 1, 20, { assessedAt: minutesAgo(90), stage: 'proposed' }),
        subjectAssessmentMessage(lifecycle(queuedA!), 2, 82, { assessedAt: minutesAgo(60), stage: 'queued', components: { technical: 90, governance: 70, market: 40, liquidity: 30 } }),
        subjectAssessmentMessage(lifecycle(votingB!), 1, 45, { stage: 'voting', components: { technical: 50, governance: 20, market: 10, liquidity: 0 } }),
        // Not under way any more: executed.
        subjectAssessmentMessage(lifecycle(executedC!), 1, 99, { stage: 'executed' }),
        subjectAssessmentMessage(control(`31337:${hex(32, '1')}:0`), 1, 60, { components: { technical: 10, governance: 80, market: 0, liquidity: 0 } }),
        // Outside the default 30 days.
        subjectAssessmentMessage(control(`31337:${hex(32, '2')}:0`), 1, 95, { assessedAt: daysAgo(40) }),
        // Retracted since.
        subjectAssessmentMessage(control(`31337:${hex(32, '3')}:0`), 1, 70),
        subjectAssessmentMessage(control(`31337:${hex(32, '3')}:0`), 2, 70, { subjectStatus: 'retracted' }),
        assessmentOf(recentUpgrade, 10),
        // Assessed per event and as a control-plane event: counted once, as the latter.
        assessmentOf(adminUpgrade, 62),
        subjectAssessmentMessage(control(adminUpgrade.payload.eventId), 1, 64, { components: { technical: 30, governance: 60, market: 20, liquidity: 10 } }),
        // Another protocol's.
        subjectAssessmentMessage({ ...control(`31337:${hex(32, '4')}:0`), protocolId: quiet }, 1, 5, { assessedAt: daysAgo(400) }),
        assessmentOf(upgradedMessage({ protocolId: protocolId() }), 90),
      ];
      for (const stage of stages) await harness.publish(TOPICS.upgradesLifecycle, stage, protocol);
      for (const message of assessments) await harness.publish(TOPICS.riskAssessments, message, protocol);
      await read(`/api/v1/lifecycle?protocolId=${protocol}`, (body) => (body.items as unknown[]).length === 4);
      await waitFor(() => pushed.some((p) => p.message.id === assessments.at(-1)!.id), { what: 'the last assessment stored' });

      const risk = (await harness.get(`/api/v1/analytics/risk/${protocol}`)).body;

      expect(risk).toMatchObject({
        protocolId: protocol,
        name: 'Analysed Vault',
        counts: { subjects: 5, lifecycle: 2, controlEvent: 2, upgrade: 1 },
        highest: { level: 'critical', score: 82 },
        distribution: { low: 1, medium: 1, high: 2, critical: 1 },
        score: { count: 5, mean: 52.2, median: 60 },
        components: {
          technical: { count: 4, mean: 45, median: 40 },
          governance: { count: 4, mean: 57.5, median: 65 },
          market: { count: 4, mean: 17.5, median: 15 },
          liquidity: { count: 4, mean: 10, median: 5 },
        },
      });
      expect((risk.histogram as Body[]).map((b) => b.count)).toEqual([0, 1, 0, 0, 1, 0, 2, 0, 1, 0]);
      expect((risk.histogram as Body[])[9]).toEqual({ from: 90, to: 100, count: 0 });
      expect((risk.subjects as Body[]).map((s) => [s.subjectType, s.score])).toEqual([['lifecycle', 82], ['control_event', 64], ['control_event', 60], ['lifecycle', 45], ['upgrade', 10]]);
      expect((risk.subjects as Body[])[0]).toMatchObject({ subjectId: queuedA!.upgradeId, version: 2, url: lifecyclePath(queuedA!.upgradeId, 'risk') });
      const wider = (await harness.get(`/api/v1/analytics/risk/${protocol}?days=60`)).body;
      expect(wider).toMatchObject({ counts: { subjects: 6, controlEvent: 3 }, highest: { level: 'critical', score: 95 } });
      const empty = (await harness.get(`/api/v1/analytics/risk/${quiet}?days=1`)).body;
      expect(empty).toMatchObject({ counts: { subjects: 0 }, highest: { level: null, score: null }, distribution: { low: 0, medium: 0, high: 0, critical: 0 }, subjects: [] });
    });
  });

  it.each([
    ['/api/v1/upgrades/not-an-id/guidance', 400, /upgrade id/],
    [`/api/v1/upgrades/1:0x${'0'.repeat(64)}:0/guidance`, 404, /no upgrade/],
    ['/api/v1/lifecycle/not-an-id/guidance', 400, /upgrade lifecycle id/],
    [`/api/v1/lifecycle/${encodeURIComponent(`1:0x${'0'.repeat(40)}:impl:0x0#tx:0x0`)}/guidance`, 404, /no guidance/],
    ['/api/v1/events/not-an-id/risk', 400, /event id/],
    [`/api/v1/events/1:0x${'0'.repeat(64)}:0/risk`, 404, /no protocol event/],
    ['/api/v1/analytics/risk/Not_A_Slug', 400, /protocol id/],
    ['/api/v1/analytics/risk/nobody', 404, /no protocol/],
    ['/api/v1/analytics/risk/nobody?days=0', 400, /days/],
    ['/api/v1/analytics/risk/nobody?surprise=1', 400, /surprise/],
  ])('answers %s with %i and a JSON reason', async (path, status, reason) => {
    const response = await harness.get(path);

    expect(response.status).toBe(status);
    expect(JSON.stringify(response.body.message)).toMatch(reason);
  });
});

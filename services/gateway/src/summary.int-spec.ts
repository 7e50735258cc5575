import { DLQ_HEADERS, TOPICS, type MessageOf } from '@pum/contracts';
import { KafkaProbe, assessmentOf, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, upgradedMessage, waitFor } from '@pum/testing';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayHarness, type Pushed } from '../test/gateway-harness';
import { eventCommon, governedUpgrade, kindFields, lifecycleMessage, networkStatusMessage, protocolEventMessage, subjectAssessmentMessage } from '../test/messages';

type Body = Record<string, unknown>;
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/**
 * The monitor's summary reads over a gateway of its own (real Kafka, Postgres, Redis): networks and their
 * ingestion status, a network's events, the upgrades under way, the current high-risk assessments, the dashboard.
 * The read model is this suite's alone, so the counts are exact.
 */
describe('gateway networks, active upgrades, high-risk alerts and the dashboard summary (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const slug = token.toLowerCase().replace(/_/g, '-');
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const networksFile = join(tmpdir(), `${token}-networks.yaml`);
  const harness = new GatewayHarness(
    new KafkaProbe(`${token}.`),
    isolatedServiceEnv(token, { SERVICE: 'gateway', PROTOCOL_REGISTRY_FILE: registryFile, CHAIN_NETWORKS_FILE: networksFile }),
    async () => {
      await clearRedisPrefix(`${token}:`);
      await dropSchema(token.toLowerCase());
      await Promise.all([rm(registryFile, { force: true }), rm(networksFile, { force: true })]);
    },
  );
  const read = (path: string, ready: (body: Body) => boolean = () => true) =>
    waitFor(async () => {
      const response = await harness.get(path);
      return response.status === 200 && ready(response.body) && response.body;
    }, { what: `GET ${path}` });
  const items = (body: Body) => body.items as Body[];
  const networkOf = (body: Body, chainId: number) => items(body).find((n) => n.chainId === chainId);

  beforeAll(async () => {
    await writeFile(registryFile, 'protocols: []\n');
    await writeFile(
      networksFile,
      [
        'networks:',
        '  - { name: mainnet, chainId: 1, blockTimeMs: 12000, confirmations: 12, finalityDepth: 128 }',
        '  - { name: devnet, chainId: 31337, blockTimeMs: 1000, confirmations: 0, finalityDepth: 64 }',
        '  - { name: retired, chainId: 10, blockTimeMs: 2000, confirmations: 10, finalityDepth: 600, enabled: false }',
        '',
      ].join('\n'),
    );
    await harness.start([TOPICS.networkStatus]);
  });
  afterAll(() => harness.stop());

  describe('networks', () => {
    it('lists the configured networks, takes the latest status per chain, marks a silent one stale and pushes on system only what changed', async () => {
      const { client, received } = await harness.connect();
      const ack = await client.timeout(5_000).emitWithAck('subscribe', { channels: ['system'] });
      expect(ack).toEqual({ ok: true, channels: ['system'] });
      const before = await read('/api/v1/networks');
      expect(items(before).map((n) => [n.chainId, n.name, n.status, n.stale])).toEqual([[1, 'mainnet', null, false], [31337, 'devnet', null, false]]);

      const at = Date.now();
      const time = (ms: number) => new Date(at + ms).toISOString();
      const ok = networkStatusMessage({ chainId: 1, network: 'mainnet', polledAt: time(-3_000), headBlock: '1000', ingestedBlock: '1000' });
      const heartbeat = networkStatusMessage({ chainId: 1, network: 'mainnet', polledAt: time(-2_000), headBlock: '1000', ingestedBlock: '1000' });
      const lagging = networkStatusMessage({ chainId: 1, network: 'mainnet', polledAt: time(-1_000), status: 'lagging', headBlock: '1100', ingestedBlock: '1000', lagBlocks: 100, backfill: { blocksPerSecond: 50, etaSeconds: 2, targetBlock: '972' } });
      const lateOlder = networkStatusMessage({ chainId: 1, network: 'mainnet', polledAt: time(-2_500), status: 'failing', lastError: 'late' });
      const silent = networkStatusMessage({ chainId: 31337, network: 'devnet', polledAt: time(-40_000), confirmations: 0, finalityDepth: 64 });
      const unlisted = networkStatusMessage({ chainId: 8453, network: 'base', status: 'failing', headBlock: null, ingestedBlock: null, lastError: 'connect ECONNREFUSED' });
      for (const message of [ok, heartbeat, lagging, lateOlder]) await harness.publish(TOPICS.networkStatus, message, '1');
      await harness.publish(TOPICS.networkStatus, silent, '31337');
      await harness.publish(TOPICS.networkStatus, unlisted, '8453');

      const served = await read('/api/v1/networks', (body) => items(body).length === 3 && networkOf(body, 1)?.status === 'lagging' && networkOf(body, 31337)?.status === 'ok');
      expect(networkOf(served, 1)).toEqual({
        chainId: 1,
        name: 'mainnet',
        status: 'lagging',
        headBlock: '1100',
        ingestedBlock: '1000',
        lagBlocks: 100,
        confirmations: 12,
        finalityDepth: 128,
        polledAt: lagging.payload.polledAt,
        stale: false,
        lastError: null,
        backfill: { blocksPerSecond: 50, etaSeconds: 2, targetBlock: '972' },
        eventsUrl: '/api/v1/events/1',
      });
      // 40 s without a status, 10 s apart: more than three intervals.
      expect(networkOf(served, 31337)).toMatchObject({ status: 'ok', stale: true });
      expect(networkOf(served, 8453)).toMatchObject({ name: 'base', status: 'failing', headBlock: null, lastError: 'connect ECONNREFUSED', stale: false });

      await waitFor(() => received.some((p) => p.message.id === unlisted.id), { what: 'the last status pushed' });
      await waitFor(() => harness.pushed.some((p) => p.message.id === unlisted.id), { what: 'the last status pushed to the harness socket' });
      // One chain's statuses in order (one key, one partition); the heartbeat (nothing new) and the late one not at all.
      const pushedIds = (list: Pushed[], chainId: number) =>
        list.filter((p) => p.event === 'network.status' && (p.message as unknown as MessageOf<'system.networks.v1'>).payload.chainId === chainId).map((p) => p.message.id);
      for (const list of [received, harness.pushed]) {
        expect(pushedIds(list, 1)).toEqual([ok.id, lagging.id]);
        expect([...pushedIds(list, 31337), ...pushedIds(list, 8453)]).toEqual([silent.id, unlisted.id]);
      }
      expect(received.find((p) => p.message.id === lagging.id)?.message).toEqual(lagging);
    });

    it('dead-letters a malformed status and still applies the next one', async () => {
      const garbage = uniqueToken('garbage');
      const invalid = uniqueToken('invalid');
      const good = networkStatusMessage({ chainId: 42161, network: 'arbitrum', status: 'ok' });
      await harness.publish(TOPICS.networkStatus, `{"garbage": "${garbage}"`, '42161');
      await harness.publish(TOPICS.networkStatus, { ...good, source: invalid, payload: { ...good.payload, status: 'sleeping' } }, '42161');
      await harness.publish(TOPICS.networkStatus, good, '42161');

      await read('/api/v1/networks', (body) => networkOf(body, 42161)?.status === 'ok');
      const dead = await waitFor(() => harness.deadLetters(TOPICS.networkStatus).find((m) => m.value?.includes(garbage)), { what: 'the malformed dead letter' });
      expect(dead.headers[DLQ_HEADERS.originalTopic]).toBe(harness.probe.namer.physical(TOPICS.networkStatus));
      const schemaInvalid = await waitFor(() => harness.deadLetters(TOPICS.networkStatus).find((m) => m.value?.includes(invalid)), { what: 'the schema-invalid dead letter' });
      expect(schemaInvalid.headers[DLQ_HEADERS.errorKind]).toBe('invalid');
    });
  });

  describe('events of a network', () => {
    it('lists a network by name or chain id with the events filters, still serves one event by id, and refuses an unknown network', async () => {
      const onMainnet = [protocolEventMessage(eventCommon({ chainId: 1 }), kindFields.paused()), protocolEventMessage(eventCommon({ chainId: 1 }), kindFields.roleGranted())];
      const onDevnet = protocolEventMessage(eventCommon({ chainId: 31337 }), kindFields.paused());
      for (const message of [...onMainnet, onDevnet]) await harness.publish(TOPICS.protocolEvents, message, message.payload.contract);

      const byId = await read('/api/v1/events/1', (body) => items(body).length === 2);
      expect(items(byId).map((e) => e.eventId).sort()).toEqual(onMainnet.map((m) => m.payload.eventId).sort());
      expect(await read('/api/v1/events/mainnet')).toEqual(byId);
      expect(items(await read('/api/v1/events/mainnet?kind=paused')).map((e) => e.eventId)).toEqual([onMainnet[0]?.payload.eventId]);
      const firstPage = await read('/api/v1/events/mainnet?limit=1');
      expect(items(firstPage)).toHaveLength(1);
      expect(items(await read(`/api/v1/events/mainnet?limit=1&cursor=${String(firstPage.nextCursor)}`))).toHaveLength(1);
      expect(items(await read('/api/v1/events/devnet')).map((e) => e.eventId)).toEqual([onDevnet.payload.eventId]);
      // A chain that only reported a status is known by its chain id and its name too.
      expect(items(await read('/api/v1/events/base'))).toEqual([]);
      expect((await read(`/api/v1/events/${onDevnet.payload.eventId}`)).eventId).toBe(onDevnet.payload.eventId);

      for (const path of ['/api/v1/events/optimism', '/api/v1/events/999', '/api/v1/events/retired']) {
        const response = await harness.get(path);
        expect([path, response.status]).toEqual([path, 404]);
        expect(response.body.message).toMatch(/no network/);
      }
      for (const path of ['/api/v1/networks?chainId=1', '/api/v1/events/Main_Net', '/api/v1/events/mainnet?chainId=1', '/api/v1/events/mainnet?kind=bogus', '/api/v1/events/1?cursor=nonsense']) {
        const response = await harness.get(path);
        expect([path, response.status]).toEqual([path, 400]);
      }
      // Unknown events keep their 404.
      expect((await harness.get(`/api/v1/events/1:0x${'ab'.repeat(32)}:0`)).status).toBe(404);
    });
  });

  describe('upgrades under way, high-risk alerts, dashboard', () => {
    const protocol = `${slug}-vault`;
    const other = `${slug}-other`;
    const soon = governedUpgrade(protocol);
    const later = governedUpgrade(protocol);
    const latest = governedUpgrade(other);
    const noEta = governedUpgrade(protocol);
    const done = governedUpgrade(protocol);
    const lifecycle = (upgrade: ReturnType<typeof governedUpgrade>) => ({ subjectType: 'lifecycle' as const, subjectId: upgrade.upgradeId, contract: upgrade.target, protocolId: upgrade.protocolId });
    const assessedAt = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const soonRisk = [subjectAssessmentMessage(lifecycle(soon), 1, 40, { assessedAt: assessedAt(30) }), subjectAssessmentMessage(lifecycle(soon), 2, 80, { assessedAt: assessedAt(20), stage: 'queued' })];
    const laterRisk = [subjectAssessmentMessage(lifecycle(later), 1, 60, { assessedAt: assessedAt(30) }), subjectAssessmentMessage(lifecycle(later), 2, 10, { assessedAt: assessedAt(10) })];
    const latestRisk = subjectAssessmentMessage(lifecycle(latest), 1, 55, { assessedAt: assessedAt(5) });
    const executed = upgradedMessage({ contract: done.target, newImplementation: done.newImplementation, protocolId: protocol }, assessedAt(15));
    const perEvent = { ...assessmentOf(executed, 90), occurredAt: assessedAt(15) };
    const control = protocolEventMessage(eventCommon({ protocolId: protocol }), kindFields.ownershipTransferred());
    const retracted = subjectAssessmentMessage({ subjectType: 'control_event', subjectId: control.payload.eventId, contract: control.payload.contract, protocolId: protocol }, 1, 95, { assessedAt: assessedAt(1), subjectStatus: 'retracted' });

    beforeAll(async () => {
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(soon, 'queued', { eta: minutesFromNow(60) }), soon.target);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(later, 'queued', { eta: minutesFromNow(120) }), later.target);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(latest, 'succeeded', { eta: minutesFromNow(180) }), latest.target);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(noEta, 'voting'), noEta.target);
      await harness.publish(TOPICS.upgradesLifecycle, lifecycleMessage(done, 'executed', { executionEventId: executed.payload.eventId }), done.target);
      await harness.publish(TOPICS.protocolEvents, executed, done.target);
      for (const message of [...soonRisk, ...laterRisk, latestRisk, perEvent, retracted]) await harness.publish(TOPICS.riskAssessments, message, message.payload.subjectId);
      await read('/api/v1/lifecycle', (body) => items(body).length === 5);
      await read(`/api/v1/upgrades/${executed.payload.eventId}/risk`, (body) => body.score === 90);
      await read(`/api/v1/lifecycle/${encodeURIComponent(latest.upgradeId)}/risk`);
      await read(`/api/v1/lifecycle/${encodeURIComponent(later.upgradeId)}/risk`, (body) => (body.versions as Body[]).length === 2);
      await read(`/api/v1/lifecycle/${encodeURIComponent(soon.upgradeId)}/risk`, (body) => (body.versions as Body[]).length === 2);
      await read(`/api/v1/events/${control.payload.eventId}/risk`); // the retracted control-event assessment is stored
    });

    it('lists the upgrades under way soonest ETA first, those without one last, each with its latest risk, by cursor', async () => {
      const all = await read('/api/v1/upgrades/active');
      expect(items(all).map((u) => [u.upgradeId, u.currentStage])).toEqual([
        [soon.upgradeId, 'queued'],
        [later.upgradeId, 'queued'],
        [latest.upgradeId, 'succeeded'],
        [noEta.upgradeId, 'voting'],
      ]);
      expect(items(all)[0]).toMatchObject({ eta: expect.any(String), risk: { assessmentId: soonRisk[1]?.payload.assessmentId, version: 2, score: 80, level: 'critical' }, riskUrl: `/api/v1/lifecycle/${encodeURIComponent(soon.upgradeId)}/risk` });
      expect(items(all)[1]?.risk).toMatchObject({ version: 2, level: 'low' });
      expect(items(all)[3]?.risk).toBeNull();
      expect(all.nextCursor).toBeNull();

      const first = await read('/api/v1/upgrades/active?limit=3');
      const second = await read(`/api/v1/upgrades/active?limit=3&cursor=${String(first.nextCursor)}`);
      expect([...items(first), ...items(second)].map((u) => u.upgradeId)).toEqual(items(all).map((u) => u.upgradeId));
      expect(second.nextCursor).toBeNull();
      expect((await harness.get('/api/v1/upgrades/active?limit=0')).status).toBe(400);
      expect((await harness.get('/api/v1/upgrades/active?stage=queued')).status).toBe(400);
    });

    it('lists the current high and critical assessments newest first: latest version per subject, retracted ones left out, filtered and paged', async () => {
      const all = await read('/api/v1/alerts/high-risk');
      expect(items(all).map((a) => [a.subjectType, a.subjectId, a.level, a.score])).toEqual([
        ['lifecycle', latest.upgradeId, 'high', 55],
        ['upgrade', executed.payload.eventId, 'critical', 90],
        ['lifecycle', soon.upgradeId, 'critical', 80],
      ]);
      expect(items(all)[1]).toMatchObject({ chainId: 31337, contract: done.target, protocolId: protocol, subjectStatus: 'confirmed', riskUrl: `/api/v1/upgrades/${executed.payload.eventId}/risk` });
      expect(items(await read(`/api/v1/alerts/high-risk?protocolId=${protocol}`)).map((a) => a.subjectId)).toEqual([executed.payload.eventId, soon.upgradeId]);
      expect(items(await read('/api/v1/alerts/high-risk?level=high')).map((a) => a.subjectId)).toEqual([latest.upgradeId]);
      const first = await read('/api/v1/alerts/high-risk?limit=2');
      const second = await read(`/api/v1/alerts/high-risk?limit=2&cursor=${String(first.nextCursor)}`);
      expect([...items(first), ...items(second)]).toEqual(items(all));
      expect(second.nextCursor).toBeNull();
      for (const query of ['level=low', 'cursor=nonsense', 'since=2026-01-01']) expect([query, (await harness.get(`/api/v1/alerts/high-risk?${query}`)).status]).toEqual([query, 400]);
    });

    it('sums lifecycles by stage and current assessments by level, with the next ETAs, the latest high-risk and every network', async () => {
      const summary = await read('/api/v1/dashboard/summary?limit=2');
      expect(summary.lifecycles).toEqual({ byStage: expect.objectContaining({ proposed: 0, voting: 1, succeeded: 1, queued: 2, executed: 1, cancelled: 0 }), active: 4 });
      // Current: soon v2 (critical), later v2 (low), latest (high), the per-event upgrade (critical); the retracted control event is none.
      expect(summary.assessments).toEqual({ byLevel: { low: 1, medium: 0, high: 1, critical: 2 } });
      expect((summary.upcoming as Body[]).map((u) => u.upgradeId)).toEqual([soon.upgradeId, later.upgradeId]);
      expect((summary.highRisk as Body[]).map((a) => a.subjectId)).toEqual([latest.upgradeId, executed.payload.eventId]);
      expect((summary.networks as Body[]).map((n) => n.chainId)).toEqual([1, 8453, 31337, 42161]);
      expect(summary.generatedAt).toEqual(expect.any(String));
      expect((await harness.get('/api/v1/dashboard/summary?limit=51')).status).toBe(400);
    });
  });
});

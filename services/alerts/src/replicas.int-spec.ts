import { TOPICS } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { AlertsHarness } from '../test/alerts-harness';
import { hex, lifecycle, ruleMessage } from '../test/messages';
import { webhookReceiver } from '../test/receivers';
import { loadAlertsConfig } from './config';
import { startAlerts } from './create-app';

const SECRET = 'whsec_replicas_0123456789abcdef';
const logger = () => new JsonLogger('alerts', (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent');
const queued = (target: `0x${string}`, i: number) =>
  lifecycle({ upgradeId: `31337:${target}:impl:${hex(20)}#${i}`, stage: 'queued', target, stageAt: '2026-06-01T00:00:00.000Z', eta: '2026-06-02T00:00:00.000Z' });

describe('alerts service replicas', () => {
  const token = uniqueToken('alertsrep');
  const harness = new AlertsHarness(token);
  const receiver = webhookReceiver(SECRET);
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    await receiver.start();
    await harness.start();
    const env = isolatedServiceEnv(token, { SERVICE: 'alerts', ALERTS_ALLOWED_HOSTS: '127.0.0.1', ALERTS_RETRY_BASE_MS: '50', ALERTS_POLL_INTERVAL_MS: '50' });
    // Two instances in one consumer group on one schema, as two pods of the Deployment.
    apps.push(await startAlerts(loadAlertsConfig(env), logger()));
    apps.push(await startAlerts(loadAlertsConfig(env), logger()));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await harness.dispose();
    await receiver.stop();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('delivers each alert once with two instances, also when both see the same subject', async () => {
    const ruleId = uniqueToken('rep');
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [{ type: 'webhook', url: `${receiver.url}/hook`, secret: SECRET }] }));
    const messages = Array.from({ length: 30 }, (_, i) => queued(hex(20), i));

    // Each upgrade twice under two keys: two partitions, most likely two instances, race for one alert.
    for (const message of messages) {
      await harness.send(TOPICS.upgradesLifecycle, message, message.payload.target);
      await harness.send(TOPICS.upgradesLifecycle, message, `${message.payload.target}:again`);
    }

    await waitFor(() => receiver.received.length >= 30, { what: '30 deliveries' });
    await waitFor(() => harness.alerts(ruleId).length >= 30, { what: '30 alerts published' });
    const sentinel = queued(hex(20), 99);
    await harness.send(TOPICS.upgradesLifecycle, sentinel, sentinel.payload.target);
    await waitFor(() => receiver.received.length >= 31, { what: 'the sentinel delivery' });
    const ids = receiver.received.map((r) => (r.json as { alert: { alertId: string } }).alert.alertId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(31);
    expect(harness.alerts(ruleId)).toHaveLength(31);
    const attempts = await waitFor(() => harness.deliveries().length >= 31 && harness.deliveries(), { what: 'the attempts published' });
    expect(attempts.map((d) => d.status)).toEqual(Array(31).fill('delivered'));
  });
});

describe('alerts service outbound guard, by default', () => {
  const token = uniqueToken('alertsssrf');
  const harness = new AlertsHarness(token);
  const receiver = webhookReceiver(SECRET);
  let sut: INestApplication;

  beforeAll(async () => {
    await receiver.start();
    await harness.start();
    sut = await startAlerts(loadAlertsConfig(isolatedServiceEnv(token, { SERVICE: 'alerts', ALERTS_POLL_INTERVAL_MS: '50' })), logger());
  });

  afterAll(async () => {
    await sut?.close();
    await harness.dispose();
    await receiver.stop();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('refuses a webhook to 127.0.0.1: no request reaches it, the delivery is refused with the reason', async () => {
    const ruleId = uniqueToken('ssrf');
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [{ type: 'webhook', url: `${receiver.url}/internal`, secret: SECRET }] }));
    const target = hex(20);

    await harness.send(TOPICS.upgradesLifecycle, queued(target, 1), target);

    const [alert] = await waitFor(() => harness.alerts(ruleId).length > 0 && harness.alerts(ruleId), { what: 'the alert' });
    const [attempt] = await waitFor(() => harness.deliveries(alert!.alertId).length > 0 && harness.deliveries(alert!.alertId), { what: 'the attempt' });
    expect(attempt).toMatchObject({ attempt: 1, status: 'refused', httpStatus: null, error: expect.stringMatching(/127\.0\.0\.1 \(loopback\), not allowed: add it to ALERTS_ALLOWED_HOSTS/) });
    const stored = await harness.query(`SELECT status, last_error FROM "${token.toLowerCase()}".deliveries WHERE alert_id = $1`, [alert!.alertId]);
    expect(stored).toEqual([{ status: 'refused', last_error: attempt!.error }]);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('alerts service crash between firing and delivery', () => {
  const token = uniqueToken('alertscrash');
  const harness = new AlertsHarness(token);
  const receiver = webhookReceiver(SECRET);

  beforeAll(async () => {
    await receiver.start();
    await harness.start();
  });

  afterAll(async () => {
    await harness.dispose();
    await receiver.stop();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('delivers once, after a restart, an alert fired before the service was killed', async () => {
    const env = isolatedServiceEnv(token, { SERVICE: 'alerts', ALERTS_ALLOWED_HOSTS: '127.0.0.1', ALERTS_RETRY_BASE_MS: '20000', ALERTS_RETRY_CAP_MS: '20000', ALERTS_LEASE_MS: '1000', ALERTS_POLL_INTERVAL_MS: '50' });
    const first = await spawnService('alerts', env);
    const ruleId = uniqueToken('crash');
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [{ type: 'webhook', url: `${receiver.url}/crash`, secret: SECRET }] }));
    // The receiver is down at first: the attempt fails and waits out a long backoff, as a kill mid-delivery leaves it.
    receiver.scriptFor('/crash', { status: 503, body: 'down' });
    const target = hex(20);

    await harness.send(TOPICS.upgradesLifecycle, queued(target, 1), target);
    const [alert] = await waitFor(() => harness.alerts(ruleId).length > 0 && harness.alerts(ruleId), { what: 'the alert' });
    await waitFor(() => harness.deliveries(alert!.alertId).some((d) => d.status === 'retrying'), { what: 'the failed first attempt' });
    first.process.kill('SIGKILL');
    await first.stop();
    // Due now, as if the backoff had passed while the service was down.
    await harness.query(`UPDATE "${token.toLowerCase()}".deliveries SET next_attempt_at = now() WHERE alert_id = $1`, [alert!.alertId]);
    const second = await spawnService('alerts', env);
    try {
      await waitFor(() => harness.deliveries(alert!.alertId).some((d) => d.status === 'delivered'), { what: 'the delivery after the restart' });
      expect(receiver.received.map((r) => r.status)).toEqual([503, 200]);
      expect(harness.alerts(ruleId)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

describe('alerts service ETA timers', () => {
  const token = uniqueToken('alertseta');
  const schema = token.toLowerCase();
  const harness = new AlertsHarness(token);
  const receiver = webhookReceiver(SECRET);
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    await receiver.start();
    await harness.start();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await harness.dispose();
    await receiver.stop();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(schema);
  });

  it('fires a queued upgrade when its ETA enters the window, once across a restart and two replicas', async () => {
    const env = isolatedServiceEnv(token, { SERVICE: 'alerts', ALERTS_ALLOWED_HOSTS: '127.0.0.1', ALERTS_POLL_INTERVAL_MS: '50', ALERTS_TIMER_INTERVAL_MS: '100' });
    const first = await startAlerts(loadAlertsConfig(env), logger());
    const ruleId = uniqueToken('eta');
    await harness.rule(
      ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'], etaWithinHours: 1 }], channels: [{ type: 'webhook', url: `${receiver.url}/eta`, secret: SECRET }] }),
    );
    const now = Date.now();
    // Ten upgrades queued now with an ETA an hour and 15 s away: each enters the one-hour window in 15 s, all at once.
    const due = new Date(now + 15_000).toISOString();
    const eta = new Date(Date.parse(due) + 3_600_000).toISOString();
    const upgrades = Array.from({ length: 10 }, (_, i) => {
      const target = hex(20);
      return lifecycle({ upgradeId: `31337:${target}:impl:${hex(20)}#${i}`, stage: 'queued', target, stageAt: new Date(now).toISOString(), eta });
    });
    for (const message of upgrades) await harness.send(TOPICS.upgradesLifecycle, message, message.payload.target);
    const timers = () => harness.query(`SELECT subject_id, due_at FROM "${schema}".eta_timers ORDER BY subject_id`);
    await waitFor(async () => (await timers()).length === 10, { what: 'ten timers scheduled' });
    expect((await timers()).map((row) => (row.due_at as Date).toISOString())).toEqual(Array(10).fill(due));

    // Not in the window at the queued stage; the instance stops before the timers are due, two others start.
    await first.close();
    expect(await harness.query(`SELECT 1 FROM "${schema}".alerts WHERE rule_id = $1`, [ruleId])).toEqual([]);
    expect(Date.now()).toBeLessThan(Date.parse(due));
    apps.push(await startAlerts(loadAlertsConfig(env), logger()), await startAlerts(loadAlertsConfig(env), logger()));

    await waitFor(() => receiver.received.length >= 10, { what: 'ten deliveries', timeoutMs: 40_000 });
    // A sentinel whose ETA is within the window at once: delivered after, so a second firing would have shown.
    const target = hex(20);
    const soon = lifecycle({ upgradeId: `31337:${target}:impl:${hex(20)}#soon`, stage: 'queued', target, stageAt: new Date().toISOString(), eta: new Date(Date.now() + 600_000).toISOString() });
    await harness.send(TOPICS.upgradesLifecycle, soon, target);
    await waitFor(() => receiver.received.length >= 11, { what: 'the sentinel delivery' });

    const fired = harness.alerts(ruleId);
    expect(new Set(receiver.received.map((r) => (r.json as { alert: { alertId: string } }).alert.alertId)).size).toBe(11);
    expect(receiver.received).toHaveLength(11);
    expect(fired.filter((a) => a.firedAt === due).map((a) => a.kind === 'fired' && a.subject.id).sort()).toEqual(upgrades.map((m) => m.payload.upgradeId).sort());
    const recorded = await harness.query(`SELECT min(recorded_at) AS first FROM "${schema}".alerts WHERE rule_id = $1 AND payload->>'firedAt' = $2`, [ruleId, due]);
    expect((recorded[0]!.first as Date).getTime()).toBeGreaterThanOrEqual(Date.parse(due));
    expect(await timers()).toEqual([]);
  }, 90_000);
});

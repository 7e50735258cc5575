import { TOPICS, type AlertChannel } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { AlertsHarness } from '../test/alerts-harness';
import { hex, lifecycle, lifecycleRisk, protocolEvent, ruleDeletion, ruleMessage, withStatus } from '../test/messages';
import {
  SmtpReceiver,
  decodeMail,
  discordRateLimited,
  discordReceiver,
  signatureValid,
  slackRateLimited,
  slackReceiver,
  telegramRateLimited,
  telegramReceiver,
  webhookReceiver,
  type HttpReceiver,
} from '../test/receivers';
import { loadAlertsConfig } from './config';
import { startAlerts } from './create-app';

const SECRET = 'whsec_0123456789abcdef0123456789';
const BOT_TOKEN = '123456:ABCdefGhIJKlmNoPQRsTUVwxyz_0123456';

describe('alerts service (real Kafka, Postgres and Redis; local receivers)', () => {
  const token = uniqueToken('alerts');
  const harness = new AlertsHarness(token);
  const webhook = webhookReceiver(SECRET);
  const slack = slackReceiver();
  const discord = discordReceiver();
  const telegram = telegramReceiver(BOT_TOKEN);
  const smtp = new SmtpReceiver();
  let sut: INestApplication;

  const hook = (path: string): AlertChannel => ({ type: 'webhook', url: `${webhook.url}${path}`, secret: SECRET });
  const at = (path: string) => webhook.received.filter((r) => r.path === path);
  const alertOf = (r: HttpReceiver['received'][number]) => (r.json as { alert: { alertId: string; kind: string; title: string } }).alert;
  const queued = (target: `0x${string}`, upgradeId: string) =>
    lifecycle({ upgradeId, stage: 'queued', target, stageAt: '2026-05-01T00:00:00.000Z', eta: '2026-05-03T00:00:00.000Z' });
  const executed = (target: `0x${string}`, upgradeId: string, executionEventId: string) =>
    lifecycle({ upgradeId, stage: 'executed', target, stageAt: '2026-05-03T00:10:00.000Z', eta: '2026-05-03T00:00:00.000Z', executionEventId });

  beforeAll(async () => {
    await Promise.all([webhook.start(), slack.start(), discord.start(), telegram.start(), smtp.start()]);
    await harness.start();
    const env = isolatedServiceEnv(token, {
      SERVICE: 'alerts',
      ALERTS_ALLOWED_HOSTS: '127.0.0.1',
      ALERTS_RETRY_BASE_MS: '50',
      ALERTS_POLL_INTERVAL_MS: '50',
      TELEGRAM_API_BASE_URL: telegram.url,
      SMTP_URL: smtp.url,
      ALERTS_LINK_BASE_URL: 'https://pum.example.com/api/v1',
    });
    sut = await startAlerts(loadAlertsConfig(env), new JsonLogger('alerts', (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent'));
  });

  afterAll(async () => {
    await sut?.close();
    await harness.dispose();
    await Promise.all([webhook.stop(), slack.stop(), discord.stop(), telegram.stop(), smtp.stop()]);
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  it('fires once for a queued upgrade and once more at execution, and a replay fires nothing new', async () => {
    const ruleId = uniqueToken('stage');
    const target = hex(20);
    const upgradeId = `31337:${target}:impl:${hex(20)}#governor:${hex(20)}:42`;
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', scope: { protocolId: 'demo-dao' }, stages: ['queued', 'executed'] }], channels: [hook(`/${ruleId}`)] }));
    const stages = [queued(target, upgradeId), executed(target, upgradeId, `31337:${hex(32)}:3`)];

    for (const message of stages) await harness.send(TOPICS.upgradesLifecycle, message, target);
    await waitFor(() => at(`/${ruleId}`).length >= 2, { what: 'two webhook deliveries' });
    for (const message of stages) await harness.send(TOPICS.upgradesLifecycle, message, target);
    // A sentinel on the same key and partition, after the replay: once it fired, the replay was handled.
    const other = lifecycle({ upgradeId: `${upgradeId}:sentinel`, stage: 'queued', target, stageAt: '2026-05-04T00:00:00.000Z' });
    await harness.send(TOPICS.upgradesLifecycle, other, target);
    await waitFor(() => at(`/${ruleId}`).length >= 3, { what: 'the sentinel alert' });
    // alerts.v1 is published apart from the outbox: a delivery can arrive before its alert is on the topic.
    await waitFor(() => harness.alerts(ruleId).length >= 3, { what: 'the sentinel alert on alerts.v1' });

    const fired = harness.alerts(ruleId).filter((a) => a.kind === 'fired');
    expect(fired.map((a) => a.kind === 'fired' && a.matched[0]?.state)).toEqual(['stage=queued', 'stage=executed', 'stage=queued']);
    expect(new Set(fired.map((a) => a.alertId)).size).toBe(3);
    expect(at(`/${ruleId}`)).toHaveLength(3);
    expect(fired[0]).toMatchObject({ firedAt: '2026-05-01T00:00:00.000Z', eta: '2026-05-03T00:00:00.000Z', link: `/lifecycle/${encodeURIComponent(upgradeId)}` });
    expect(fired[1]).toMatchObject({ link: expect.stringMatching(/^\/upgrades\/31337%3A0x/) });
    const rows = await harness.query(`SELECT count(*)::int AS n FROM "${token.toLowerCase()}".alerts WHERE rule_id = $1`, [ruleId]);
    expect(rows[0]?.n).toBe(3);
  });

  it('signs webhook requests so the receiver can verify them, with a readable, linked alert', async () => {
    const ruleId = uniqueToken('signed');
    const target = hex(20);
    await harness.rule(ruleMessage({ ruleId, name: 'Queued upgrades', conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [hook(`/${ruleId}`)] }));

    await harness.send(TOPICS.upgradesLifecycle, queued(target, `31337:${target}:impl:${hex(20)}#eoa`), target);

    const [request] = await waitFor(() => at(`/${ruleId}`).length > 0 && at(`/${ruleId}`), { what: 'the webhook request' });
    expect(request!.status).toBe(200);
    expect(signatureValid(SECRET, request!.headers, request!.body)).toBe(true);
    expect(signatureValid('another-secret-of-enough-length', request!.headers, request!.body)).toBe(false);
    expect(Math.abs(Number(request!.headers['x-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const body = request!.json as { deliveryId: string; url: string; alert: { alertId: string; title: string } };
    expect(request!.headers['x-alert-id']).toBe(body.alert.alertId);
    expect(body.url).toMatch(/^https:\/\/pum\.example\.com\/api\/v1\/lifecycle\//);
    expect(body.alert.title).toMatch(/^demo-dao 0x[0-9a-f]{4}…[0-9a-f]{4}: upgrade queued, ETA 2026-05-03T00:00:00.000Z — Queued upgrades$/);
  });

  it('retries a receiver that answers 500 three times, with backoff, and delivers once, every attempt recorded', async () => {
    const ruleId = uniqueToken('retry');
    const target = hex(20);
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [hook(`/${ruleId}`)] }));
    webhook.scriptFor(`/${ruleId}`, { status: 500, body: 'boom' }, { status: 500 }, { status: 503, body: 'maintenance' });

    await harness.send(TOPICS.upgradesLifecycle, queued(target, `31337:${target}:impl:${hex(20)}#eoa`), target);

    const [alert] = await waitFor(() => harness.alerts(ruleId).length > 0 && harness.alerts(ruleId), { what: 'the alert' });
    const attempts = await waitFor(() => harness.deliveries(alert!.alertId).length >= 4 && harness.deliveries(alert!.alertId), { what: 'four attempts' });
    expect(at(`/${ruleId}`).map((r) => r.status)).toEqual([500, 500, 503, 200]);
    expect(attempts.map((d) => [d.attempt, d.status, d.httpStatus])).toEqual([
      [1, 'retrying', 500],
      [2, 'retrying', 500],
      [3, 'retrying', 503],
      [4, 'delivered', 200],
    ]);
    expect(attempts[2]!.error).toMatch(/HTTP 503: maintenance/);
    const gaps = at(`/${ruleId}`).slice(1).map((r, i) => r.at - at(`/${ruleId}`)[i]!.at);
    expect(gaps.every((gap) => gap >= 0)).toBe(true);
    const stored = await harness.query(`SELECT status, attempts FROM "${token.toLowerCase()}".deliveries WHERE alert_id = $1`, [alert!.alertId]);
    expect(stored).toEqual([{ status: 'delivered', attempts: 4 }]);
  });

  it('does not retry a 4xx other than 429, and marks the delivery failed', async () => {
    const ruleId = uniqueToken('gone');
    const target = hex(20);
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [hook(`/${ruleId}`)] }));
    webhook.scriptFor(`/${ruleId}`, { status: 410, body: 'gone' });

    await harness.send(TOPICS.upgradesLifecycle, queued(target, `31337:${target}:impl:${hex(20)}#eoa`), target);

    const [delivery] = await waitFor(() => harness.deliveries().filter((d) => d.ruleId === ruleId).length > 0 && harness.deliveries().filter((d) => d.ruleId === ruleId), { what: 'the attempt' });
    expect(delivery).toMatchObject({ attempt: 1, status: 'failed', httpStatus: 410, error: 'HTTP 410: gone' });
    expect(at(`/${ruleId}`)).toHaveLength(1);
  });

  it('withdraws an alert whose stage was reorged out, on the same channels, and keeps the one still true', async () => {
    const ruleId = uniqueToken('reorg');
    const target = hex(20);
    const upgradeId = `31337:${target}:impl:${hex(20)}#timelock:${hex(20)}:0x01`;
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued', 'executed'] }], channels: [hook(`/${ruleId}`)] }));
    const execution = executed(target, upgradeId, `31337:${hex(32)}:0`);
    await harness.send(TOPICS.upgradesLifecycle, queued(target, upgradeId), target);
    await harness.send(TOPICS.upgradesLifecycle, execution, target);
    await waitFor(() => at(`/${ruleId}`).length >= 2, { what: 'both alerts delivered' });

    const retraction = lifecycle({ ...execution.payload, stage: 'retracted', revertedTo: 'queued', stageAt: '2026-05-03T00:11:00.000Z', executionEventId: null, evidence: `reorg@${hex(32)}` });
    await harness.send(TOPICS.upgradesLifecycle, retraction, target);

    const withdrawal = await waitFor(() => at(`/${ruleId}`).find((r) => alertOf(r).kind === 'withdrawn'), { what: 'the withdrawal delivered' });
    const firedAtExecution = await waitFor(() => harness.alerts(ruleId).find((a) => a.kind === 'fired' && a.matched[0]?.state === 'stage=executed'), { what: 'the alert on alerts.v1' });
    expect(alertOf(withdrawal).alertId).toBe(firedAtExecution?.alertId);
    expect(alertOf(withdrawal).title).toMatch(/^Withdrawn: /);
    const published = await waitFor(() => harness.alerts(ruleId).find((a) => a.kind === 'withdrawn'), { what: 'the withdrawal on alerts.v1' });
    expect(published).toMatchObject({ kind: 'withdrawn', reason: expect.stringMatching(/reorg/) });
    expect(harness.alerts(ruleId).filter((a) => a.kind === 'withdrawn')).toHaveLength(1);
  });

  it('withdraws a control-plane alert when its event is retracted', async () => {
    const ruleId = uniqueToken('pause');
    const contract = hex(20);
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'control_event', kinds: ['paused', 'safe_threshold_lowered'] }], channels: [hook(`/${ruleId}`)] }));
    const paused = protocolEvent(contract, { kind: 'paused', standard: 'pausable', account: hex(20) }, '2026-05-05T00:00:00.000Z');
    const lowered = protocolEvent(contract, { kind: 'safe_threshold_changed', standard: 'safe', safeVersion: null, safeOwners: null, safeThreshold: 1, threshold: '1', previousSafeThreshold: 3 }, '2026-05-05T00:01:00.000Z');
    const raised = protocolEvent(contract, { kind: 'safe_threshold_changed', standard: 'safe', safeVersion: null, safeOwners: null, safeThreshold: 3, threshold: '3', previousSafeThreshold: 1 }, '2026-05-05T00:02:00.000Z');

    for (const message of [paused, lowered, raised, withStatus(paused, 'retracted', '2026-05-05T00:03:00.000Z')]) await harness.send(TOPICS.protocolEvents, message, contract);

    await waitFor(() => at(`/${ruleId}`).some((r) => alertOf(r).kind === 'withdrawn'), { what: 'the withdrawal' });
    expect(at(`/${ruleId}`).map((r) => alertOf(r).kind)).toEqual(['fired', 'fired', 'withdrawn']);
    const fired = await waitFor(() => harness.alerts(ruleId).filter((a) => a.kind === 'fired').length >= 2 && harness.alerts(ruleId).filter((a) => a.kind === 'fired'), { what: 'both alerts on alerts.v1' });
    expect(fired.map((a) => a.kind === 'fired' && a.link)).toEqual([`/events/${encodeURIComponent(paused.payload.eventId)}`, `/events/${encodeURIComponent(lowered.payload.eventId)}`]);
  });

  it('fires a rule on all of a stage and a risk level only when both hold for the upgrade', async () => {
    const ruleId = uniqueToken('all');
    const target = hex(20);
    const upgradeId = `31337:${target}:impl:${hex(20)}#eoa`;
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }, { type: 'risk', minLevel: 'high' }], channels: [hook(`/${ruleId}`)] }));
    const stage = queued(target, upgradeId);

    await harness.send(TOPICS.upgradesLifecycle, stage, target);
    await harness.send(TOPICS.riskAssessments, lifecycleRisk(stage, 40, 1), target);
    await harness.send(TOPICS.riskAssessments, lifecycleRisk(stage, 80, 2), target);

    const [alert] = await waitFor(() => harness.alerts(ruleId).length > 0 && harness.alerts(ruleId), { what: 'the alert' });
    expect(alert).toMatchObject({ kind: 'fired', risk: { score: 80, level: 'critical' } });
    expect(harness.alerts(ruleId)).toHaveLength(1);
  });

  it('delivers readable messages to Slack, Discord, Telegram and email, honouring their rate limits', async () => {
    const ruleId = uniqueToken('channels');
    const target = hex(20);
    slack.script(slackRateLimited(1));
    discord.script(discordRateLimited(0.2));
    telegram.script(telegramRateLimited(1));
    await harness.rule(
      ruleMessage({
        ruleId,
        name: 'Risky <upgrades> & more',
        conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }],
        channels: [
          { type: 'slack', url: `${slack.url}/services/T000/B000/XXXX` },
          { type: 'discord', url: `${discord.url}/api/webhooks/1/abc` },
          { type: 'telegram', botToken: BOT_TOKEN, chatId: -100123 },
          { type: 'email', to: 'risk-team@example.com' },
        ],
      }),
    );
    const stage = queued(target, `31337:${target}:impl:${hex(20)}#eoa`);
    // The risk engine's assessment comes first here, so the alert carries it (otherwise: "not assessed yet").
    await harness.send(TOPICS.riskAssessments, lifecycleRisk(stage, 64), target);
    await waitFor(async () => (await harness.query(`SELECT 1 FROM "${token.toLowerCase()}".subjects WHERE subject_id = $1 AND facts ? 'risk'`, [stage.payload.upgradeId])).length > 0, { what: 'the risk stored' });
    await harness.send(TOPICS.upgradesLifecycle, stage, target);

    await waitFor(() => slack.received.filter((r) => r.status === 200).length > 0 && discord.received.filter((r) => r.status === 204).length > 0 && telegram.received.filter((r) => r.status === 200).length > 0 && smtp.messages.length > 0, {
      what: 'every channel delivered',
    });

    expect(slack.received.map((r) => r.status)).toEqual([429, 200]);
    expect(slack.received[1]!.at - slack.received[0]!.at).toBeGreaterThanOrEqual(900);
    const slackMessage = slack.received[1]!.json as { text: string; blocks: { type: string; text?: { text: string }; elements?: { url: string }[] }[] };
    expect(slackMessage.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions']);
    expect(slackMessage.blocks[1]!.text!.text).toContain('*Protocol* demo-dao');
    expect(slackMessage.blocks[1]!.text!.text).toContain('*Risk* high (64/100)');
    expect(slackMessage.blocks[1]!.text!.text).toContain('*ETA* 2026-05-03T00:00:00.000Z');
    expect(slackMessage.blocks[1]!.text!.text).toContain('Risky &lt;upgrades&gt; &amp; more');
    expect(slackMessage.blocks[2]!.elements![0]!.url).toMatch(/^https:\/\/pum\.example\.com\/api\/v1\/lifecycle\//);

    expect(discord.received.map((r) => r.status)).toEqual([429, 204]);
    const embed = (discord.received[1]!.json as { embeds: { title: string; url: string; color: number; fields: { name: string; value: string }[] }[]; allowed_mentions: unknown }).embeds[0]!;
    expect(embed.title).toMatch(/^\[ALERT\] demo-dao/);
    expect(embed.url).toMatch(/^https:\/\/pum\.example\.com\//);
    expect(embed.fields).toEqual(expect.arrayContaining([{ name: 'Risk', value: 'high (64/100)', inline: true }]));
    expect(discord.received[1]!.json).toMatchObject({ allowed_mentions: { parse: [] } });

    expect(telegram.received.map((r) => r.status)).toEqual([429, 200]);
    expect(telegram.received[1]!.at - telegram.received[0]!.at).toBeGreaterThanOrEqual(900);
    const text = (telegram.received[1]!.json as { text: string; parse_mode: string; chat_id: number }).text;
    expect(telegram.received[1]!.json).toMatchObject({ parse_mode: 'HTML', chat_id: -100123 });
    expect(text).toContain('<b>Risk</b> high (64/100)');
    expect(text).toContain('Risky &lt;upgrades&gt; &amp; more');

    const mail = smtp.messages[0]!;
    const decoded = decodeMail(mail.raw);
    expect(mail.to).toEqual(['risk-team@example.com']);
    expect(decoded).toMatch(/Subject: \[ALERT\] demo-dao/);
    expect(decoded).toContain('Risk: high (64/100)');
    expect(decoded).toContain('ETA: 2026-05-03T00:00:00.000Z');
    expect(decoded).toMatch(/https:\/\/pum\.example\.com\/api\/v1\/lifecycle\//);

    const [alert] = harness.alerts(ruleId);
    const attempts = await waitFor(() => harness.deliveries(alert!.alertId).length >= 7 && harness.deliveries(alert!.alertId), { what: 'every attempt published' });
    expect(attempts.filter((d) => d.status === 'retrying').map((d) => [d.channel, d.httpStatus]).sort()).toEqual([
      ['discord', 429],
      ['slack', 429],
      ['telegram', 429],
    ]);
    expect(attempts.filter((d) => d.status === 'delivered').map((d) => d.channel).sort()).toEqual(['discord', 'email', 'slack', 'telegram']);
    expect(JSON.stringify(attempts)).not.toContain(BOT_TOKEN);
  });

  it('stops firing a rule once it is deleted', async () => {
    const ruleId = uniqueToken('deleted');
    const target = hex(20);
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [hook(`/${ruleId}`)] }));
    await harness.send(TOPICS.upgradesLifecycle, queued(target, `31337:${target}:impl:${hex(20)}#a`), target);
    await waitFor(() => at(`/${ruleId}`).length === 1, { what: 'the first alert' });

    await harness.rule(ruleDeletion(ruleId));
    const sentinelRule = uniqueToken('sentinel');
    await harness.rule(ruleMessage({ ruleId: sentinelRule, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [hook(`/${sentinelRule}`)] }));
    await harness.send(TOPICS.upgradesLifecycle, queued(target, `31337:${target}:impl:${hex(20)}#b`), target);

    await waitFor(() => at(`/${sentinelRule}`).length === 1, { what: 'the sentinel rule fired for the second upgrade' });
    expect(at(`/${ruleId}`)).toHaveLength(1);
    expect(harness.alerts(ruleId)).toHaveLength(1);
  });

  it('throttles a rule to its maximum per window and summarises the rest in one digest', async () => {
    const ruleId = uniqueToken('throttle');
    const target = hex(20);
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued'] }], channels: [hook(`/${ruleId}`)], throttle: { maxAlerts: 2, windowSeconds: 6 } }));

    for (let i = 0; i < 5; i++) await harness.send(TOPICS.upgradesLifecycle, queued(target, `31337:${target}:impl:${hex(20)}#${i}`), target);

    const digest = await waitFor(() => at(`/${ruleId}`).find((r) => alertOf(r).kind === 'digest'), { what: 'the digest', timeoutMs: 20_000 });
    const kinds = at(`/${ruleId}`).map((r) => alertOf(r).kind);
    expect(kinds).toEqual(['fired', 'fired', 'digest']);
    expect(digest.json).toMatchObject({ alert: { kind: 'digest', count: 3 } });
    expect((digest.json as { alert: { alerts: unknown[] } }).alert.alerts).toHaveLength(3);
    await waitFor(() => harness.alerts(ruleId).length >= 3, { what: 'the digest on alerts.v1' });
    expect(harness.alerts(ruleId).map((a) => a.kind)).toEqual(['fired', 'fired', 'digest']);
  });

  it('keeps a quiet period per rule and subject', async () => {
    const ruleId = uniqueToken('quiet');
    const target = hex(20);
    const upgradeId = `31337:${target}:impl:${hex(20)}#eoa`;
    await harness.rule(ruleMessage({ ruleId, conditions: [{ type: 'lifecycle_stage', stages: ['queued', 'executed'] }], channels: [hook(`/${ruleId}`)], quietPeriodSeconds: 3600 }));

    await harness.send(TOPICS.upgradesLifecycle, queued(target, upgradeId), target);
    await harness.send(TOPICS.upgradesLifecycle, executed(target, upgradeId, `31337:${hex(32)}:1`), target);
    const other = `31337:${target}:impl:${hex(20)}#other`;
    await harness.send(TOPICS.upgradesLifecycle, queued(target, other), target);

    await waitFor(() => at(`/${ruleId}`).length >= 2, { what: 'two alerts' });
    const rows = await waitFor(async () => {
      const found = await harness.query(`SELECT decision FROM "${token.toLowerCase()}".alerts WHERE rule_id = $1 ORDER BY recorded_at`, [ruleId]);
      return found.length === 3 && found;
    }, { what: 'three alerts stored' });
    expect(rows.map((r) => r.decision)).toEqual(['sent', 'quiet', 'sent']);
    expect(at(`/${ruleId}`)).toHaveLength(2);
  });

  it('fires on a governance proposal created and on its pass probability crossing a value, once each', async () => {
    const ruleId = uniqueToken('proposal');
    await harness.rule(ruleMessage({ ruleId, match: 'any', conditions: [{ type: 'proposal', on: 'created' }, { type: 'proposal', on: 'pass_probability_above', probability: 0.8 }], channels: [hook(`/${ruleId}`)] }));
    const governor = hex(20);
    const proposal = (passProbability: number, votes: number) => ({
      version: 1 as const,
      type: 'governance.proposal' as const,
      id: `governor:${governor}:7:${votes}`,
      occurredAt: '2026-05-06T00:00:00.000Z',
      producedAt: new Date().toISOString(),
      source: 'test',
      payload: {
        proposalKey: `governor:${governor}:7`, source: 'governor' as const, id: '7', space: governor, protocolId: 'demo-dao', chainId: 31337, title: 'Raise the cap', body: '', choices: ['For', 'Against', 'Abstain'],
        start: '2026-05-06T00:00:00.000Z', end: '2026-05-09T00:00:00.000Z', snapshotBlock: null, state: 'active' as const, author: null, createdAt: '2026-05-06T00:00:00.000Z', scores: [votes, 0, 0], scoresTotal: votes, votes,
        quorum: null, url: null,
        analysis: { asOf: '2026-05-06T00:00:00.000Z', turnout: votes, quorum: null, quorumRatio: null, passChoice: 0, leadingChoice: 0, margin: 1, timeLeftSeconds: 100, elapsed: 0.5, concentration: { voters: 1, top10Share: 1, gini: 0, nakamoto: 1 }, sideChanges: [], passProbability, method: 'test' },
      },
    });

    for (const [p, votes] of [[0.5, 1], [0.85, 2], [0.9, 3]] as const) await harness.send(TOPICS.governanceProposals, proposal(p, votes), governor);

    await waitFor(() => at(`/${ruleId}`).length >= 2, { what: 'two alerts' });
    await waitFor(() => harness.alerts(ruleId).length >= 2, { what: 'two alerts on alerts.v1' });
    const states = harness.alerts(ruleId).map((a) => a.kind === 'fired' && a.matched[0]?.state);
    expect(states).toEqual(['proposal=created', 'pass_probability>=0.8']);
    expect(harness.alerts(ruleId)[0]).toMatchObject({ link: `/proposals/${encodeURIComponent(`governor:${governor}:7`)}` });
  });
});

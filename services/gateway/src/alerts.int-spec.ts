import { DLQ_HEADERS, TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, testInfra, uniqueToken, waitFor } from '@pum/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { TestGateway, accountsCommand } from '../test/accounts-fixtures';
import { alertDeliveryMessage, alertMessage } from '../test/alert-fixtures';

type Body = Record<string, unknown>;
const hex32 = () => randomBytes(16).toString('hex');

/** A fired alert of an upgrade reaching `queued`, and its withdrawal, as services/alerts publishes them. */
function firedAndWithdrawn(ownerId: string, ruleId: string, firedAt: string, withdrawnAt: string): [MessageOf<'alerts.v1'>, MessageOf<'alerts.v1'>] {
  const base = { alertId: hex32(), ruleId, ownerId, ruleName: 'queued upgrades', title: 'demo-dao 0xabc: upgrade queued — queued upgrades' };
  const subject = { type: 'upgrade' as const, id: `31337:0x${'a'.repeat(40)}:impl#governor:${hex32()}`, chainId: 31337, contract: null, protocolId: 'demo-dao' };
  const link = `/lifecycle/${encodeURIComponent(subject.id)}`;
  return [
    alertMessage({
      ...base,
      kind: 'fired',
      firedAt,
      subject,
      matched: [{ condition: 'lifecycle_stage', index: 0, state: 'stage=queued', detail: 'upgrade queued', evidence: { stage: 'queued' } }],
      risk: { score: 72, level: 'high' },
      eta: null,
      link,
      messageId: `lifecycle:${hex32()}`,
    }),
    alertMessage({ ...base, kind: 'withdrawn', firedAt: withdrawnAt, subject, reason: 'the queue transaction was reorged out', link, messageId: `lifecycle:${hex32()}` }),
  ];
}

describe('alerts API: rules, history, deliveries and the alerts channel (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('alrt');
  const probe = new KafkaProbe(`${token}.`);
  const env = isolatedServiceEnv(token, {
    SERVICE: 'gateway',
    GATEWAY_TIER_FREE_ALERT_RULES: '2',
    GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: '100000',
    GATEWAY_TIER_PRO_REQUESTS_PER_MINUTE: '100000',
    GATEWAY_TIER_FREE_SOCKET_CONNECTIONS: '100',
  });
  let gateway: TestGateway;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    await probe.createTopics(1);
    await probe.watch([probe.namer.physical(TOPICS.alertRules), probe.namer.deadLetter(TOPICS.alerts), probe.namer.deadLetter(TOPICS.alertDeliveries)]);
    gateway = await TestGateway.start(env);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await gateway?.close();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
  });

  const newUser = async (tier = 'pro') => {
    const email = `${uniqueToken('u')}@example.test`;
    const user = (await accountsCommand(env, 'create-user', '--email', email, '--tier', tier)).lines[0] as { id: string };
    const key = (await accountsCommand(env, 'create-key', '--user', email)).lines[0] as { key: string };
    const headers = { 'x-api-key': key.key };
    const call = (method: string, path: string, body?: unknown) => gateway.request(path, { method, headers, body });
    return { id: user.id, key: key.key, call };
  };
  const rule = (fields: Body = {}): Body => ({
    name: 'queued upgrades of demo-dao',
    enabled: true,
    conditions: [{ type: 'lifecycle_stage', scope: { protocolId: 'demo-dao' }, stages: ['queued', 'executed'] }, { type: 'risk', minLevel: 'high' }],
    channels: [{ type: 'webhook', url: 'https://hooks.example.com/pum' }],
    throttle: { maxAlerts: 5, windowSeconds: 3600 },
    quietPeriodSeconds: 600,
    ...fields,
  });
  /** The rule messages on alerts.rules.v1 of one rule, each validated against the catalogue. */
  const published = (ruleId: string) =>
    probe
      .on(probe.namer.physical(TOPICS.alertRules))
      .filter((record) => record.key === ruleId)
      .map((record) => catalogue[TOPICS.alertRules].parse(JSON.parse(record.value ?? 'null')));
  const socketOf = async (auth: Record<string, string>) => {
    const { socket, error } = await gateway.connect(auth);
    if (error) throw error;
    sockets.push(socket);
    const received: { event: string; message: { id: string } }[] = [];
    socket.onAny((event: string, message: { id: string }) => received.push({ event, message }));
    return received;
  };

  it('creates, reads, replaces and deletes a rule, publishing every version on alerts.rules.v1 and the deletion as deleted: true', async () => {
    const alice = await newUser();

    const created = await alice.call('POST', '/api/v1/alerts', rule({ channels: [{ type: 'webhook', url: 'https://hooks.example.com/pum' }, { type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' }] }));
    expect(created.status).toBe(201);
    const ruleId = String(created.body.id);
    const secret = (created.body.channels as Body[])[0]!.secret as string;
    expect(created.body).toMatchObject({ ownerId: alice.id, name: 'queued upgrades of demo-dao', match: 'all', published: true });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const first = await waitFor(() => published(ruleId)[0], { what: 'the rule on alerts.rules.v1' });
    expect(first.payload).toMatchObject({ ruleId, ownerId: alice.id, updatedAt: created.body.updatedAt, channels: [{ type: 'webhook', secret }, { type: 'slack' }] });
    expect('deleted' in first.payload).toBe(false);
    expect(first.id).toBe(`${ruleId}@${String(created.body.updatedAt)}`);

    const read = await alice.call('GET', `/api/v1/alerts/${ruleId}`);
    const listed = await alice.call('GET', '/api/v1/alerts');
    expect(read.status).toBe(200);
    expect(read.body.channels).toEqual([{ type: 'webhook', url: 'https://hooks.example.com/pum' }, { type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' }]);
    expect(JSON.stringify([read.body, listed.body])).not.toContain(secret);
    expect((listed.body.items as Body[]).map((item) => item.id)).toEqual([ruleId]);

    // What was read back (secret redacted) goes back as is, renamed: the secret stays.
    const replaced = await alice.call('PUT', `/api/v1/alerts/${ruleId}`, { ...rule({ channels: read.body.channels }), name: 'renamed', enabled: false });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: ruleId, name: 'renamed', enabled: false, createdAt: created.body.createdAt });
    expect(JSON.stringify(replaced.body)).not.toContain(secret);
    const second = await waitFor(() => published(ruleId)[1], { what: 'the second version' });
    expect(second.payload).toMatchObject({ name: 'renamed', enabled: false, channels: [{ type: 'webhook', secret }, { type: 'slack' }] });
    expect(Date.parse(second.payload.updatedAt)).toBeGreaterThan(Date.parse(first.payload.updatedAt));

    const deleted = await alice.call('DELETE', `/api/v1/alerts/${ruleId}`);
    expect(deleted).toMatchObject({ status: 200, body: { id: ruleId, deleted: true } });
    const deletion = await waitFor(() => published(ruleId)[2], { what: 'the deletion' });
    expect(deletion.payload).toEqual({ ruleId, ownerId: alice.id, deleted: true, updatedAt: expect.any(String) });
    expect(Date.parse(deletion.payload.updatedAt)).toBeGreaterThan(Date.parse(second.payload.updatedAt));
    expect((await alice.call('GET', `/api/v1/alerts/${ruleId}`)).status).toBe(404);
    expect((await alice.call('DELETE', `/api/v1/alerts/${ruleId}`)).status).toBe(404);
    expect((await alice.call('GET', '/api/v1/alerts')).body.items).toEqual([]);
    expect(published(ruleId)).toHaveLength(3);
  });

  it("answers 404 to another user's rule, history and deliveries, and leaves the rule as it was", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const ruleId = String((await alice.call('POST', '/api/v1/alerts', rule())).body.id);
    const [fired] = firedAndWithdrawn(alice.id, ruleId, new Date().toISOString(), new Date().toISOString());
    await probe.send(probe.namer.physical(TOPICS.alerts), [{ key: alice.id, value: JSON.stringify(fired) }]);
    await waitFor(async () => ((await alice.call('GET', '/api/v1/alerts/history')).body.items as Body[]).length === 1, { what: "alice's alert in her history" });

    const answers = [
      await bob.call('GET', `/api/v1/alerts/${ruleId}`),
      await bob.call('PUT', `/api/v1/alerts/${ruleId}`, rule({ name: 'stolen' })),
      await bob.call('DELETE', `/api/v1/alerts/${ruleId}`),
      await bob.call('GET', `/api/v1/alerts/${fired.payload.alertId}/deliveries`),
    ];
    const bobsHistory = await bob.call('GET', `/api/v1/alerts/history?alertId=${fired.payload.alertId}`);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    expect(bobsHistory).toMatchObject({ status: 200, body: { items: [] } });
    expect((await bob.call('GET', '/api/v1/alerts')).body.items).toEqual([]);
    expect((await alice.call('GET', `/api/v1/alerts/${ruleId}`)).body).toMatchObject({ name: 'queued upgrades of demo-dao' });
    expect((await alice.call('GET', `/api/v1/alerts/${fired.payload.alertId}/deliveries`)).status).toBe(200);
  });

  it.each([
    ['an unknown protocol', rule({ conditions: [{ type: 'risk', scope: { protocolId: 'no-such-protocol' }, minLevel: 'high' }] }), /conditions\.0\.scope\.protocolId: unknown protocol "no-such-protocol"/],
    ['a risk threshold out of range', rule({ conditions: [{ type: 'risk', minScore: 150 }] }), /conditions\.0\.minScore/],
    ['a TVL window longer than the market history kept', rule({ conditions: [{ type: 'tvl_change', windowSeconds: 60 * 86_400, minChangePercent: 10 }] }), /conditions\.0\.windowSeconds: .* longer than the 30 days/],
    ['a webhook secret too short', rule({ channels: [{ type: 'webhook', url: 'https://hooks.example.com/x', secret: 'short' }] }), /channels\.0\.secret/],
    ['an owner in the body', rule({ ownerId: 'someone-else' }), /ownerId/],
    ['a body that is no rule', [1, 2], /\(root\)/],
  ])('refuses %s with a 400 that says why', async (_what, body, reason) => {
    const alice = await newUser();

    const answer = await alice.call('POST', '/api/v1/alerts', body);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((answer.body.message as string[]).join('\n')).toMatch(reason);
    expect((await alice.call('GET', '/api/v1/alerts')).body.items).toEqual([]);
  });

  it('refuses malformed JSON with a 400', async () => {
    const alice = await newUser();

    const response = await fetch(`${gateway.url}/api/v1/alerts`, { method: 'POST', headers: { 'x-api-key': alice.key, 'content-type': 'application/json' }, body: '{"name": ' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400 });
  });

  it("refuses a channel the caller's tier does not allow, naming the allowed ones", async () => {
    const free = await newUser('free');
    const pro = await newUser('pro');
    const telegram = rule({ channels: [{ type: 'telegram', botToken: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc', chatId: -100123 }] });

    const refused = await free.call('POST', '/api/v1/alerts', telegram);
    const allowed = await pro.call('POST', '/api/v1/alerts', telegram);

    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual(['channels.0.type: the free tier does not allow telegram channels (allowed: webhook)']);
    expect(allowed.status).toBe(201);
    expect(allowed.body.channels).toEqual([{ type: 'telegram', chatId: -100123 }]);
    expect((await free.call('GET', '/api/v1/me')).body).toMatchObject({ limits: { alertRules: 2, alertChannels: ['webhook'] } });
  });

  it("answers 403 once the tier's rule limit is reached, even to concurrent creations, and takes one again after a deletion", async () => {
    const free = await newUser('free');

    const answers = await Promise.all([1, 2, 3, 4].map(() => free.call('POST', '/api/v1/alerts', rule())));

    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 403, 403]);
    expect(answers.find((answer) => answer.status === 403)?.body.message).toMatch(/the free tier allows 2 alert rules/);
    const kept = answers.filter((answer) => answer.status === 201).map((answer) => String(answer.body.id));
    expect((await free.call('DELETE', `/api/v1/alerts/${kept[0]!}`)).status).toBe(200);
    expect((await free.call('POST', '/api/v1/alerts', rule())).status).toBe(201);
  });

  it('answers 401 to anonymous callers on the alerts routes and keeps /alerts/high-risk public', async () => {
    const paths: [string, string][] = [
      ['GET', '/api/v1/alerts'],
      ['POST', '/api/v1/alerts'],
      ['GET', '/api/v1/alerts/history'],
      ['GET', `/api/v1/alerts/${randomUUID()}`],
      ['GET', `/api/v1/alerts/${hex32()}/deliveries`],
    ];

    const statuses = await Promise.all(paths.map(([method, path]) => gateway.request(path, { method, body: method === 'POST' ? rule() : undefined })));

    expect(statuses.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect((await gateway.request('/api/v1/alerts/high-risk')).status).toBe(200);
  });

  it("keeps alerts, withdrawals and delivery attempts per user, pushes them to the owner's sockets only, and pages the history newest first", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const alicesSocket = await socketOf({ apiKey: alice.key });
    const bobsSocket = await socketOf({ apiKey: bob.key });
    const anonymousSocket = await socketOf({});
    const ruleId = String((await alice.call('POST', '/api/v1/alerts', rule())).body.id);
    const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds)).toISOString();
    const [fired, withdrawn] = firedAndWithdrawn(alice.id, ruleId, t(0), t(30));
    const [bobsAlert] = firedAndWithdrawn(bob.id, randomUUID(), t(10), t(20));
    const attempts = [alertDeliveryMessage(fired.payload, 1, 'retrying', t(1)), alertDeliveryMessage(fired.payload, 2, 'delivered', t(3)), alertDeliveryMessage(withdrawn.payload, 1, 'delivered', t(31))];

    const send = (messages: MessageOf<'alerts.v1'>[]) => probe.send(probe.namer.physical(TOPICS.alerts), messages.map((message) => ({ key: message.payload.ownerId, value: JSON.stringify(message) })));
    await send([fired, bobsAlert, withdrawn, fired]); // the last one a replay
    await probe.send(probe.namer.physical(TOPICS.alertDeliveries), [...attempts, attempts[0]!].map((message) => ({ key: message.payload.alertId, value: JSON.stringify(message) })));

    await waitFor(() => alicesSocket.length >= 2 && bobsSocket.length >= 1, { what: 'the alerts pushed' });
    const deliveries = await waitFor(async () => {
      const answer = await alice.call('GET', `/api/v1/alerts/${fired.payload.alertId}/deliveries`);
      return answer.status === 200 && (answer.body.items as Body[]).length === 3 && answer.body;
    }, { what: 'the deliveries' });
    expect((deliveries.items as Body[]).map((item) => [item.alertKind, item.attempt, item.status])).toEqual([['fired', 1, 'retrying'], ['fired', 2, 'delivered'], ['withdrawn', 1, 'delivered']]);

    const history = await alice.call('GET', '/api/v1/alerts/history');
    expect((history.body.items as Body[]).map((item) => item.id)).toEqual([withdrawn.id, fired.id]);
    expect((history.body.items as Body[])[1]).toMatchObject({ alert: { kind: 'fired', ruleId, risk: { level: 'high' } }, deliveriesUrl: `/api/v1/alerts/${fired.payload.alertId}/deliveries` });
    const firstPage = await alice.call('GET', '/api/v1/alerts/history?limit=1');
    const secondPage = await alice.call('GET', `/api/v1/alerts/history?limit=1&cursor=${String(firstPage.body.nextCursor)}`);
    expect([...(firstPage.body.items as Body[]), ...(secondPage.body.items as Body[])].map((item) => item.id)).toEqual([withdrawn.id, fired.id]);
    expect(secondPage.body.nextCursor).toBeNull();
    expect(((await alice.call('GET', '/api/v1/alerts/history?kind=withdrawn')).body.items as Body[]).map((item) => item.id)).toEqual([withdrawn.id]);
    expect(((await alice.call('GET', `/api/v1/alerts/history?since=${t(20)}`)).body.items as Body[]).map((item) => item.id)).toEqual([withdrawn.id]);
    expect(((await bob.call('GET', '/api/v1/alerts/history')).body.items as Body[]).map((item) => item.id)).toEqual([bobsAlert.id]);

    expect(alicesSocket.map((push) => [push.event, push.message.id])).toEqual([['alert', fired.id], ['alert', withdrawn.id]]);
    expect(bobsSocket.map((push) => [push.event, push.message.id])).toEqual([['alert', bobsAlert.id]]);
    expect(anonymousSocket).toEqual([]);
  });

  it('dead-letters a malformed alerts.v1 message and goes on with the next', async () => {
    const alice = await newUser();
    const [fired] = firedAndWithdrawn(alice.id, randomUUID(), new Date().toISOString(), new Date().toISOString());
    const malformed = JSON.stringify({ ...fired, payload: { ...fired.payload, alertId: 'not-an-alert-id' } });

    await probe.send(probe.namer.physical(TOPICS.alerts), [{ key: alice.id, value: malformed }, { key: alice.id, value: JSON.stringify(fired) }]);

    const dead = await waitFor(() => probe.on(probe.namer.deadLetter(TOPICS.alerts)).find((record) => record.value === malformed), { what: 'the dead letter' });
    expect(dead.headers[DLQ_HEADERS.originalTopic]).toBe(probe.namer.physical(TOPICS.alerts));
    await waitFor(async () => ((await alice.call('GET', '/api/v1/alerts/history')).body.items as Body[]).length === 1, { what: 'the next message stored' });
  });

  it('publishes at start a rule version that was written but never published (a gateway stopped in between)', async () => {
    const alice = await newUser();
    const ruleId = randomUUID();
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    try {
      const body = { ...rule(), match: 'all', channels: [{ type: 'webhook', url: 'https://hooks.example.com/x', secret: 'a stored secret of 16+' }] };
      await db.query(`INSERT INTO "${token.toLowerCase()}".alert_rules (rule_id, owner_id, rule, created_at, updated_at) VALUES ($1, $2, $3, now(), date_trunc('milliseconds', now()))`, [ruleId, alice.id, body]);
    } finally {
      await db.end();
    }
    const restarted = await TestGateway.start({ ...env, KAFKA_GROUP_ID: `${token}-gateway-restarted` });
    try {
      const message = await waitFor(() => published(ruleId)[0], { what: 'the healed rule' });
      expect(message.payload).toMatchObject({ ruleId, ownerId: alice.id, name: 'queued upgrades of demo-dao' });
      await waitFor(async () => (await alice.call('GET', `/api/v1/alerts/${ruleId}`)).body.published === true, { what: 'the rule recorded as published' });
    } finally {
      await restarted.close();
    }
  });
});

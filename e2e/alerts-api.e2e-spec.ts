import { TOPICS, catalogue, upgradeLifecycleMessageId, type ClientToServerEvents, type MessageOf, type ServerToClientEvents, type UpgradeLifecycle } from '@pum/contracts';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken, waitFor, type SpawnedService, spawnService } from '@pum/testing';
import { SignJWT } from 'jose';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';

const JWT_SECRET = 'an-e2e-secret-of-at-least-32-characters';
const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;

/** A webhook receiver on 127.0.0.1 recording each request's headers and raw body. */
function webhookReceiver() {
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200).end('ok');
    });
  });
  return {
    received,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The alerts round trip across both services, each in its own process as `npm start` runs it: a rule created over
 * the gateway's REST API reaches services/alerts on alerts.rules.v1, fires on a lifecycle message, and the alert comes
 * back to the gateway's history, the owner's socket and the deliveries endpoint, signed with the secret shown once.
 */
describe('a rule created over REST fires in the alerts service and its alert reaches history, socket and webhook', () => {
  const token = uniqueToken('e2ealrt');
  const probe = new KafkaProbe(`${token}.`);
  const receiver = webhookReceiver();
  const services: SpawnedService[] = [];
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

  afterAll(async () => {
    socket?.disconnect();
    await Promise.all(services.map((service) => service.stop()));
    await receiver.stop();
    await probe.dispose();
    await clearRedisPrefix(`${token}:`);
    await dropSchema(`${token}_gateway`);
    await dropSchema(`${token}_alerts`);
  });

  it('fires once for a queued upgrade of the rule and shows it to its owner', async () => {
    await probe.createTopics(1);
    const hookUrl = await receiver.start();
    const env = (service: string, extra: Record<string, string> = {}) => ({ ...isolatedServiceEnv(token, { SERVICE: service, ...extra }), DATABASE_SCHEMA: `${token}_${service}`.toLowerCase() });
    services.push(
      ...(await Promise.all([
        spawnService('gateway', env('gateway', { GATEWAY_JWT_SECRET: JWT_SECRET, GATEWAY_JWT_ISSUER: 'https://issuer.test', GATEWAY_JWT_AUDIENCE: 'pum' })),
        spawnService('alerts', env('alerts', { ALERTS_ALLOWED_HOSTS: '127.0.0.1', ALERTS_POLL_INTERVAL_MS: '50' })),
      ])),
    );
    const gateway = services[0]!.url;
    const owner = `user-${randomBytes(4).toString('hex')}`;
    const jwt = await new SignJWT({ tier: 'pro' }).setProtectedHeader({ alg: 'HS256' }).setSubject(owner).setIssuer('https://issuer.test').setAudience('pum').setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(JWT_SECRET));
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${gateway}${path}`, { method, headers: { authorization: `Bearer ${jwt}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const pushed: MessageOf<'alerts.v1'>[] = [];
    socket = io(gateway, { transports: ['websocket'], auth: { token: jwt } });
    socket.on('alert', (message) => pushed.push(message));
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });

    const created = await call('POST', '/api/v1/alerts', {
      name: 'queued demo-dao upgrades',
      enabled: true,
      conditions: [{ type: 'lifecycle_stage', scope: { protocolId: 'demo-dao' }, stages: ['queued'] }],
      channels: [{ type: 'webhook', url: hookUrl }],
    });
    expect(created.status).toBe(201);
    const ruleId = String(created.body.id);
    const secret = String((created.body.channels as { secret: string }[])[0]!.secret);
    const payload: UpgradeLifecycle = {
      upgradeId: `31337:${hex(20)}:impl:${hex(20)}#governor:${hex(20)}:7`,
      stage: 'queued',
      chainId: 31337,
      protocolId: 'demo-dao',
      target: hex(20),
      upgradeKind: 'upgrade_to',
      newImplementation: hex(20),
      authority: 'governor',
      proposal: { source: 'governor', id: '7', space: hex(20), title: 'Upgrade the vault to V2', url: null },
      timelock: null,
      stageAt: '2026-05-01T00:00:00.000Z',
      eta: '2026-05-03T00:00:00.000Z',
      executionEventId: null,
      evidence: `31337:${hex(32)}:0@${hex(32)}`,
    } as UpgradeLifecycle;
    const queued = catalogue[TOPICS.upgradesLifecycle].parse({ version: 1, type: 'upgrade.lifecycle', id: upgradeLifecycleMessageId(payload), occurredAt: payload.stageAt, producedAt: new Date().toISOString(), source: 'test', payload });
    // Re-sent until the service fired: it may read the lifecycle before the rule (docs/alerts.md, Limits). The alert id
    // is deterministic, so the repeats fire nothing more.
    const history = await waitFor(
      async () => {
        await probe.send(probe.namer.physical(TOPICS.upgradesLifecycle), [{ key: `31337:${payload.target}`, value: JSON.stringify(queued) }]);
        const answer = await call('GET', '/api/v1/alerts/history');
        const items = answer.body.items as { id: string; alert: { kind: string; ruleId: string; alertId: string } }[];
        return items.length > 0 && items;
      },
      { what: 'the alert in the history', intervalMs: 1000, timeoutMs: 45_000 },
    );

    expect(history.map((item) => [item.alert.kind, item.alert.ruleId])).toEqual([['fired', ruleId]]);
    const alertId = history[0]!.alert.alertId;
    await waitFor(() => pushed.length > 0, { what: 'the alert on the socket' });
    expect(pushed.map((message) => message.payload.alertId)).toEqual([alertId]);
    const request = await waitFor(() => receiver.received[0], { what: 'the webhook request' });
    const signature = createHmac('sha256', secret).update(`${String(request.headers['x-timestamp'])}.${request.body}`).digest('hex');
    expect(request.headers['x-signature']).toBe(signature);
    const deliveries = await waitFor(async () => {
      const answer = await call('GET', `/api/v1/alerts/${alertId}/deliveries`);
      return answer.status === 200 && (answer.body.items as unknown[]).length > 0 && (answer.body.items as { status: string; channel: string }[]);
    }, { what: 'the delivery attempt' });
    expect(deliveries.map((attempt) => [attempt.channel, attempt.status])).toEqual([['webhook', 'delivered']]);
    expect((await call('GET', '/api/v1/alerts/history')).body.items).toHaveLength(1);
  });
});

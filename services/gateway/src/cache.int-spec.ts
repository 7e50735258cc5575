import { TOPICS } from '@pum/contracts';
import { KafkaProbe, uniqueToken, upgradedMessage, waitFor, dropSchema, isolatedServiceEnv } from '@pum/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { GatewayHarness } from '../test/gateway-harness';

type Body = Record<string, unknown>;

/** A free loopback port for a private Redis. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A Redis of this test's own, so stopping it takes nothing from the other suites. */
class PrivateRedis {
  private process?: ChildProcess;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = createServer().listen(this.port, '127.0.0.1');
          socket.once('listening', () => socket.close(() => resolve(false)));
          socket.once('error', () => resolve(true));
        }),
      { what: `redis on ${this.port}` },
    );
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

describe('gateway response cache and degraded health (real Kafka, Postgres, a private Redis)', () => {
  const token = uniqueToken('gw');
  let redis: PrivateRedis;
  let harness: GatewayHarness;
  const protocol = `${token.toLowerCase().replace(/_/g, '-')}-cached`;
  const path = `/api/v1/upgrades?protocolId=${protocol}`;

  const get = async (url: string) => {
    const response = await harness.fetch(url);
    return { status: response.status, cache: response.headers.get('x-cache'), body: (await response.json()) as Body };
  };
  const items = (body: Body) => body.items as Body[];
  const publishUpgrade = () => harness.publish(TOPICS.protocolEvents, upgradedMessage({ protocolId: protocol }), 'k');

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    harness = new GatewayHarness(
      new KafkaProbe(`${token}.`),
      // A long TTL: only invalidation can make a cached answer show what came after it.
      isolatedServiceEnv(token, { SERVICE: 'gateway', REDIS_URL: `redis://127.0.0.1:${redis.port}`, GATEWAY_CACHE_TTL_SECONDS: '600' }),
      () => dropSchema(token.toLowerCase()),
    );
    await harness.start([TOPICS.protocolEvents]);
  });
  afterAll(async () => {
    await harness.stop();
    await redis.stop();
  });

  it('answers a hot route from Redis until a message that changes it is handled', async () => {
    await publishUpgrade();
    await waitFor(async () => items((await get(path)).body).length === 1, { what: 'the first upgrade' });
    const first = await waitFor(async () => {
      const answer = await get(path);
      return answer.cache === 'hit' && answer;
    }, { what: 'a cached answer' });
    const second = await get(path);
    expect(second.cache).toBe('hit');
    expect(second.body).toEqual(first.body);

    await publishUpgrade();
    const after = await waitFor(async () => {
      const answer = await get(path);
      return items(answer.body).length === 2 && answer;
    }, { what: 'the second upgrade through the cache' });
    expect(['miss', 'hit']).toContain(after.cache);
    await waitFor(async () => (await get(path)).cache === 'hit', { what: 'the new answer cached' });

    const metrics = await (await harness.fetch('/metrics')).text();
    expect(metrics).toMatch(/pum_gateway_cache_requests_total\{route="UpgradesController.list",outcome="hit"[^}]*\} [1-9]/);
    expect(Number(/pum_gateway_cache_hit_ratio\{[^}]*\} ([0-9.]+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('serves from Postgres with Redis gone, reports degraded health, and recovers by itself when Redis returns', async () => {
    await redis.stop();
    const health = await waitFor(async () => {
      const response = await harness.fetch('/health');
      const body = (await response.json()) as Body;
      return body.status === 'degraded' && { status: response.status, body };
    }, { what: 'degraded health' });
    expect(health.status).toBe(200);
    expect(health.body.checks).toMatchObject({ redis: { status: 'down', critical: false }, postgres: { status: 'up' }, kafka: { status: 'up' } });

    // Reads go on, uncached, and so does consumption: a new upgrade is served.
    await publishUpgrade();
    const uncached = await waitFor(async () => {
      const answer = await get(path);
      return items(answer.body).length === 3 && answer;
    }, { what: 'the third upgrade with Redis away' });
    expect(uncached).toMatchObject({ status: 200, cache: 'bypass' });

    await redis.start();
    await waitFor(async () => ((await (await harness.fetch('/health')).json()) as Body).status === 'ok', { what: 'health ok again', timeoutMs: 20_000 });
    await waitFor(async () => (await get(path)).cache === 'hit', { what: 'cached again' });
    expect(items((await get(path)).body)).toHaveLength(3);
  });
});

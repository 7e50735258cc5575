import { KafkaProbe, dropSchema, isolatedServiceEnv, uniqueToken, waitFor } from '@pum/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { TestGateway, accountsCommand } from '../../test/accounts-fixtures';

/** A private redis-server this spec may stop (the shared one stays up). */
class PrivateRedis {
  private process?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(async () => {
      const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    }, { what: `redis-server on ${this.port}` });
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

describe('rate limits while Redis is down', () => {
  const token = uniqueToken('acct_outage');
  const probe = new KafkaProbe(`${token}.`);
  const redis = new PrivateRedis(16_000 + Math.floor(Math.random() * 2000));
  let env: Record<string, string>;
  let sut: TestGateway;

  beforeAll(async () => {
    await redis.start();
    await probe.createTopics(1);
    env = isolatedServiceEnv(token, { SERVICE: 'gateway', REDIS_URL: redis.url, SOCKET_REDIS_ADAPTER: 'false', GATEWAY_TIER_BASIC_REQUESTS_PER_MINUTE: '3' });
    sut = await TestGateway.start(env);
  });

  afterAll(async () => {
    await redis.start().catch(() => undefined); // closing the app quits its Redis clients cleanly
    await sut?.close();
    await redis.stop();
    await probe.dispose();
    await dropSchema(token.toLowerCase());
  });

  it('keeps answering, limited by an in-memory limiter per replica, and still admits sockets', async () => {
    await accountsCommand(env, 'create-user', '--email', 'outage@example.test', '--tier', 'basic');
    const key = ((await accountsCommand(env, 'create-key', '--user', 'outage@example.test')).lines[0] as { key: string }).key;
    const call = () => sut.request('/api/v1/upgrades', { headers: { 'x-api-key': key } });
    expect((await call()).headers.get('ratelimit-remaining')).toBe('2');

    await redis.stop();
    // Without Redis the gateway is degraded, not down: still ready, Redis reported down and not critical.
    const health = await waitFor(async () => {
      const answer = await sut.request('/health');
      return answer.body.status === 'degraded' && answer;
    }, { what: 'the gateway seeing Redis down' });
    expect(health.status).toBe(200);
    const during = [await call(), await call(), await call(), await call()];
    const socket = await sut.connect({ apiKey: key });
    socket.socket.disconnect();

    expect(during.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(during.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(during[3]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(socket.error).toBeUndefined();
  });
});

import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { JsonLogger } from '../logging/json-logger';
import { SourceHttpClient, type SourceHttpMetrics, type SourceHttpOptions } from './source-http-client';
import { MalformedSourceResponseError, SourceRejectedError, SourceUnavailableError, SourceUnreachableError, type SourceHttpError } from './source-http-errors';

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

interface Hit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  status: number;
}

const reply = {
  status: (status: number, retryAfter?: string): Reply => ({ status, body: JSON.stringify({ error: `scripted ${status}` }), headers: retryAfter ? { 'retry-after': retryAfter } : {} }),
  body: (body: string): Reply => ({ status: 200, body }),
  slow: (delayMs: number): Reply => ({ status: 200, body: JSON.stringify({ price: 1 }), delayMs }),
};

/**
 * A third-party JSON API on 127.0.0.1: `GET /price` answers `{ "price": 42 }`, `POST /graphql` echoes the
 * query it was sent as GraphQL data, anything else is a 404. Replies queued with `script` answer the next
 * requests first, one each. Every request is recorded with its time and the status it got, and emitted
 * as `hit` when it has arrived (before a slow reply is sent).
 */
class LocalSource extends EventEmitter<{ hit: [Hit] }> {
  readonly hits: Hit[] = [];
  private readonly scripted: Reply[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.scripted.shift() ?? this.route(request.method ?? 'GET', request.url ?? '/', body);
        const hit = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body, at: Date.now(), status: answer.status };
        this.hits.push(hit);
        this.emit('hit', hit);
        const send = () => response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  script(...replies: Reply[]): void {
    this.scripted.push(...replies);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private route(method: string, path: string, body: string): Reply {
    if (method === 'GET' && path.startsWith('/price')) return reply.body(JSON.stringify({ price: 42 }));
    if (method === 'POST' && path === '/graphql') return reply.body(JSON.stringify({ data: { received: JSON.parse(body) as unknown } }));
    return { status: 404, body: JSON.stringify({ error: 'not found' }) };
  }
}

/** What the client reported, in order; a retry is also emitted as `retrying` once its wait is set. */
class RecordedMetrics extends EventEmitter<{ retrying: [string] }> implements SourceHttpMetrics {
  readonly attempts: string[] = [];
  readonly retries: { reason: string; waitMs: number }[] = [];
  readonly failures: string[] = [];

  attempted(_source: string, outcome: string): void {
    this.attempts.push(outcome);
  }
  retrying(_source: string, error: SourceHttpError, waitMs: number): void {
    this.retries.push({ reason: error.reason, waitMs });
    this.emit('retrying', error.reason);
  }
  failed(_source: string, error: SourceHttpError): void {
    this.failures.push(error.outcome);
  }
}

const price = z.object({ price: z.number() });
/** `promise`, or a rejection after `ms` (its timer cleared once `promise` settles, so none outlives the test). */
const within = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};

describe('SourceHttpClient (against a local HTTP server)', () => {
  const server = new LocalSource();
  let metrics: RecordedMetrics;
  let logged: string[];
  const client = (options: Partial<SourceHttpOptions> = {}) =>
    new SourceHttpClient(
      { source: 'test', ratePerMinute: 60_000, timeoutMs: 2_000, maxAttempts: 3, backoffBaseMs: 10, backoffCapMs: 50, retryAfterCapMs: 60_000, headers: { 'x-key': 'k' }, ...options },
      metrics,
      new JsonLogger('test', 'warn', (line) => logged.push(line)),
    );

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.hits.splice(0);
    metrics = new RecordedMetrics();
    logged = [];
  });

  it('returns the validated answer with what was asked, sending the configured headers', async () => {
    const answer = await client().get(`${server.url}/price?ids=a`, price);

    expect(answer).toMatchObject({ request: '/price?ids=a', data: { price: 42 }, body: { price: 42 } });
    expect(Date.parse(answer.fetchedAt)).toBeGreaterThan(0);
    expect(server.hits[0]!.headers).toMatchObject({ 'x-key': 'k', accept: 'application/json' });
    expect(metrics.attempts).toEqual(['ok']);
  });

  it('POSTs a JSON body (a GraphQL query) and validates the answer', async () => {
    const answer = await client().post(`${server.url}/graphql`, { query: '{ proposals { id } }' }, z.object({ data: z.object({ received: z.object({ query: z.string() }) }) }));

    expect(answer.data.data.received.query).toBe('{ proposals { id } }');
    expect(server.hits[0]).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json', 'x-key': 'k' } });
  });

  it('waits what Retry-After says after a 429, then succeeds', async () => {
    server.script(reply.status(429, '0.3'));

    await expect(client().get(`${server.url}/price`, price)).resolves.toMatchObject({ data: { price: 42 } });

    expect(server.hits.map((hit) => hit.status)).toEqual([429, 200]);
    expect(server.hits[1]!.at - server.hits[0]!.at).toBeGreaterThanOrEqual(290);
    expect(metrics.retries).toEqual([{ reason: 'status_429', waitMs: expect.any(Number) as number }]);
    expect(metrics.retries[0]!.waitMs).toBeGreaterThanOrEqual(300);
  });

  it("holds back the source's other requests during a Retry-After", async () => {
    server.script(reply.status(429, '0.4'));
    const sut = client();
    const retrying = once(metrics, 'retrying');
    const first = sut.get(`${server.url}/price`, price);
    await within(retrying, 1_000);

    await Promise.all([first, sut.get(`${server.url}/price`, price)]);

    const [limited, ...after] = server.hits;
    expect(after).toHaveLength(2);
    expect(after.every((hit) => hit.at - limited!.at >= 390)).toBe(true);
  });

  it('honours a Retry-After only up to its cap', async () => {
    server.script(reply.status(429, '3600'));

    await expect(within(client({ retryAfterCapMs: 300 }).get(`${server.url}/price`, price), 2_000)).resolves.toMatchObject({ data: { price: 42 } });
    expect(server.hits[1]!.at - server.hits[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it('ends a long Retry-After wait at close, promptly', async () => {
    server.script(reply.status(429, '30'));
    const sut = client();
    const retrying = once(metrics, 'retrying');
    const request = sut.get(`${server.url}/price`, price);
    await within(retrying, 1_000);
    const closedAt = Date.now();

    sut.close();

    await expect(within(request, 1_000)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - closedAt).toBeLessThan(500);
    expect(server.hits).toHaveLength(1);
  });

  it("ends a request in flight when the caller's signal aborts, without retrying or counting it as the source's failure", async () => {
    server.script(reply.slow(1_000));
    const controller = new AbortController();
    const arrived = once(server, 'hit');
    const request = client().get(`${server.url}/price`, price, { signal: controller.signal });
    await within(arrived, 1_000);

    controller.abort();

    // A retry would be reported (and sent) before the request settles: cockatiel backs off inside `get`.
    await expect(within(request, 500)).rejects.toMatchObject({ name: 'AbortError' });
    expect(metrics.retries).toEqual([]);
    expect(server.hits).toHaveLength(1);
    expect(metrics.failures).toEqual([]);
  });

  it('retries 5xx, 408 and timeouts, then gives up after its attempts with a retryable error', async () => {
    server.script(reply.status(500), reply.slow(500), reply.status(408), reply.status(503));

    const failure = await client({ maxAttempts: 4, timeoutMs: 300 }).get(`${server.url}/price`, price).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SourceUnavailableError);
    expect(failure).toMatchObject({ status: 503, retryable: true });
    expect(server.hits).toHaveLength(4);
    expect(metrics.attempts).toEqual(['unavailable', 'timeout', 'unavailable', 'unavailable']);
    expect(metrics.retries.map((retry) => retry.reason)).toEqual(['status_500', 'timeout', 'status_408']);
    expect(metrics.failures).toEqual(['unavailable']);
  });

  it('retries a refused connection as a network failure', async () => {
    const closed = new LocalSource();
    await closed.start();
    await closed.stop();

    const failure = await client({ maxAttempts: 2 }).get(`${closed.url}/price`, price).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SourceUnreachableError);
    expect((failure as Error).message).toMatch(/ECONNREFUSED/);
    expect(metrics.attempts).toEqual(['network', 'network']);
  });

  it('does not retry another 4xx', async () => {
    const failure = await client().get(`${server.url}/unknown`, price).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SourceRejectedError);
    expect(failure).toMatchObject({ status: 404, retryable: false });
    expect(server.hits).toHaveLength(1);
    expect(metrics.failures).toEqual(['rejected']);
  });

  it('rejects a body that is not JSON or not in shape, naming the problem, without retrying', async () => {
    server.script(reply.body('<html>oops'), reply.body('{"price": "high"}'));
    const sut = client();

    await expect(sut.get(`${server.url}/price`, price)).rejects.toThrow(/body is not JSON: "<html>oops"/);
    await expect(sut.get(`${server.url}/price`, price)).rejects.toThrow(MalformedSourceResponseError);
    expect(server.hits).toHaveLength(2);
    expect(metrics.attempts).toEqual(['malformed', 'malformed']);
    expect(metrics.failures).toEqual(['malformed', 'malformed']);
  });

  it('skips a request without a usable answer when asked to, logging why', async () => {
    server.script(reply.body('{"price": "high"}'));
    const sut = client();

    await expect(sut.getOrSkip(`${server.url}/price?ids=a`, price)).resolves.toBeUndefined();
    await expect(sut.getOrSkip(`${server.url}/unknown`, price)).resolves.toBeUndefined();
    await expect(sut.getOrSkip(`${server.url}/price`, price)).resolves.toMatchObject({ data: { price: 42 } });

    const lines = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'malformed answer skipped', source: 'test', request: '/price?ids=a', outcome: 'malformed', reason: expect.stringMatching(/price: /) as string }),
      expect.objectContaining({ msg: 'source request gave no answer; skipped', request: '/unknown', outcome: 'rejected' }),
    ]);
  });

  it('spaces requests to its rate', async () => {
    const sut = client({ ratePerMinute: 600 });

    await Promise.all([1, 2, 3].map(() => sut.get(`${server.url}/price`, price)));

    const [a, b, c] = server.hits.map((hit) => hit.at);
    expect(b! - a!).toBeGreaterThanOrEqual(90);
    expect(c! - b!).toBeGreaterThanOrEqual(90);
  });
});

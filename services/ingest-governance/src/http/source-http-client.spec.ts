import { JsonLogger, MetricsService } from '@pum/platform';
import { z } from 'zod';
import { SourceServer } from '../../test/source-server';
import { MalformedSourceResponseError, SourceRejectedError, SourceUnavailableError } from './source-errors';
import { SourceHttpClient } from './source-http-client';
import { SourceMetrics } from './source-metrics';

const answer = z.object({ ok: z.literal(true) });

describe('SourceHttpClient (against a local HTTP server)', () => {
  const server = new SourceServer((request) => (request.path === '/bad' ? { status: 400, body: { error: 'bad request' } } : { status: 200, body: { ok: true } }));
  let url = '';
  const client = (ratePerMinute = 60_000, maxAttempts = 3, retryAfterCapMs = 60_000) =>
    new SourceHttpClient({ source: 'test', ratePerMinute, timeoutMs: 2_000, maxAttempts, backoffBaseMs: 10, backoffCapMs: 50, retryAfterCapMs }, new SourceMetrics(new MetricsService('test')), new JsonLogger('test', 'silent'));

  beforeAll(async () => {
    url = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.hits.splice(0));

  it('waits what Retry-After says after a 429, then succeeds', async () => {
    server.fail({ kind: 'status', status: 429, retryAfter: '0.3' });

    await expect(client().getJson(`${url}/x`, answer)).resolves.toEqual({ ok: true });
    expect(server.hits.map((hit) => hit.status)).toEqual([429, 200]);
    expect(server.hits[1]!.at - server.hits[0]!.at).toBeGreaterThanOrEqual(290);
  });

  /** Settles `promise` or says it took longer than `ms` (so a test of a wait that would hang fails quickly). */
  const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

  it('honours a Retry-After only up to its cap', async () => {
    server.fail({ kind: 'status', status: 429, retryAfter: '3600' });

    await expect(within(client(60_000, 3, 300).getJson(`${url}/x`, answer), 2_000)).resolves.toEqual({ ok: true });
    expect(server.hits[1]!.at - server.hits[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it('ends a long Retry-After wait at close, promptly', async () => {
    server.fail({ kind: 'status', status: 429, retryAfter: '30' });
    const sut = client();
    const request = sut.getJson(`${url}/x`, answer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closedAt = Date.now();

    sut.close();

    await expect(within(request, 1_000)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - closedAt).toBeLessThan(500);
    expect(server.hits).toHaveLength(1);
  });

  it('retries 5xx and gives up after its attempts with a retryable error', async () => {
    server.fail({ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 });

    await expect(client().getJson(`${url}/x`, answer)).rejects.toBeInstanceOf(SourceUnavailableError);
    expect(server.hits).toHaveLength(3);
  });

  it('does not retry a 4xx refusal', async () => {
    await expect(client().getJson(`${url}/bad`, answer)).rejects.toBeInstanceOf(SourceRejectedError);
    expect(server.hits).toHaveLength(1);
  });

  it('rejects a body that is not JSON or not in shape, naming the problem, without retrying', async () => {
    server.fail({ kind: 'body', body: '<html>oops' }, { kind: 'body', body: '{"ok": "yes"}' });
    const sut = client();

    await expect(sut.getJson(`${url}/x`, answer)).rejects.toThrow(/body is not JSON: "<html>oops"/);
    await expect(sut.getJson(`${url}/x`, answer)).rejects.toThrow(MalformedSourceResponseError);
    expect(server.hits).toHaveLength(2);
  });

  it('spaces requests to its rate', async () => {
    const sut = client(600);

    await Promise.all([1, 2, 3].map(() => sut.getJson(`${url}/x`, answer)));

    const [a, b, c] = server.hits.map((hit) => hit.at);
    expect(b! - a!).toBeGreaterThanOrEqual(90);
    expect(c! - b!).toBeGreaterThanOrEqual(90);
  });
});

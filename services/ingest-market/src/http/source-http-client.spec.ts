import { MetricsService } from '@pum/platform';
import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { FakeApi, faults } from '../../test/fake-api';
import { MarketMetrics } from '../market-metrics';
import { SourceHttpClient } from './source-http-client';

const answer = z.object({ price: z.number() });

describe('SourceHttpClient (against a local HTTP server)', () => {
  const api = new FakeApi([(url) => (url.pathname === '/price' ? { json: { price: 42 } } : undefined)]);
  let metrics: MarketMetrics;
  let sut: SourceHttpClient;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the warnings are what is tested through the metrics
    await api.start();
  });
  afterAll(() => api.stop());
  beforeEach(() => {
    metrics = new MarketMetrics(new MetricsService('test'));
    sut = new SourceHttpClient({ source: 'test', perMinute: 60_000, timeoutMs: 300, maxAttempts: 4, backoffMs: 10, headers: { 'x-key': 'k' } }, metrics);
  });
  const count = async (outcome: string) => (await metrics.requests.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

  it('returns the validated answer with what was asked, sending the configured headers', async () => {
    const result = await sut.get(`${api.url}/price?ids=a`, answer);

    expect(result).toMatchObject({ request: '/price?ids=a', data: { price: 42 }, body: { price: 42 } });
    expect(api.requests.at(-1)?.headers['x-key']).toBe('k');
  });

  it('waits out a Retry-After before asking again', async () => {
    api.inject(/price/, faults.rateLimited(1));
    const before = api.requests.length;

    const result = await sut.get(`${api.url}/price`, answer);

    const [limited, retried] = api.requests.slice(before);
    expect(result?.data.price).toBe(42);
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000);
  });

  it('retries 5xx and timeouts, then gives up after its attempts and returns nothing', async () => {
    api.inject(/price/, faults.serverError(), faults.slow(500), faults.serverError(), faults.serverError());

    expect(await sut.get(`${api.url}/price`, answer)).toBeUndefined();
    expect(await count('retried')).toBe(3);
    expect(await count('failed')).toBe(1);
  });

  it('does not retry another 4xx', async () => {
    const before = api.requests.length;

    expect(await sut.get(`${api.url}/unknown`, answer)).toBeUndefined();
    expect(api.requests.length - before).toBe(1);
    expect(await count('rejected')).toBe(1);
  });

  it('skips a malformed answer at once, with the reason, and counts it', async () => {
    api.inject(/price/, faults.notJson(), { json: { price: 'high' } });

    expect(await sut.get(`${api.url}/price`, answer)).toBeUndefined();
    expect(await sut.get(`${api.url}/price`, answer)).toBeUndefined();
    expect((await metrics.malformed.get()).values[0]?.value).toBe(2);
  });
});

import { MetricsService, SourceHttpClient } from '@pum/platform';
import { Logger } from '@nestjs/common';
import { FakeCoinGecko } from '../../../test/fake-coingecko';
import { MarketMetrics } from '../../market-metrics';
import type { SourceBatch } from '../market-source';
import { CoinGeckoSource } from './coingecko.source';

describe('CoinGeckoSource (against a local CoinGecko)', () => {
  const api = new FakeCoinGecko();
  const ids = Array.from({ length: 120 }, (_, i) => `coin-${i}`);
  let sut: CoinGeckoSource;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await api.start();
    ids.forEach((id, i) => api.seed(id, { end: 1_700_000_000_000 + i * 1000, hours: 2, first: i + 1, step: 0.5 }));
    const metrics = new MarketMetrics(new MetricsService('test'));
    const http = new SourceHttpClient({ source: 'coingecko', ratePerMinute: 60_000, timeoutMs: 1000, maxAttempts: 2, backoffBaseMs: 10, backoffCapMs: 10, retryAfterCapMs: 1000 }, metrics);
    sut = new CoinGeckoSource({ baseUrl: `${api.url}/api/v3`, pollIntervalMs: 1000, backfillDays: 30 }, [...ids, 'unlisted'].map((coingeckoId) => ({ coingeckoId, protocolId: null })), http, metrics);
  });
  afterAll(() => api.stop());

  const collect = async (batches: AsyncIterable<SourceBatch>) => {
    const all: SourceBatch[] = [];
    for await (const batch of batches) all.push(batch);
    return all;
  };

  it('asks for at most 50 ids a request and prices every listed coin at its last_updated_at', async () => {
    const batches = await collect(sut.poll(new Set([...ids, 'unlisted'].map((id) => `asset:${id}`))));

    expect(api.requestsTo(/simple\/price/).map((r) => (r.url.searchParams.get('ids') ?? '').split(',').length)).toEqual([50, 50, 21]);
    const prices = batches.flatMap((b) => b.ticks).filter((t) => t.metric === 'price');
    expect(prices).toHaveLength(120);
    expect(prices.find((t) => t.subject.id === 'coin-7')).toMatchObject({ value: 8.5, timestamp: new Date(1_700_000_007_000).toISOString(), source: 'coingecko' });
  });

  it('polls only the subjects it is given (those already backfilled)', async () => {
    const before = api.requests.length;

    const batches = await collect(sut.poll(new Set(['asset:coin-3'])));

    expect(api.requests.slice(before).map((r) => r.url.searchParams.get('ids'))).toEqual(['coin-3']);
    expect(batches.flatMap((b) => b.ticks).map((t) => t.metric)).toEqual(['price', 'volume']);
  });

  it('fails a backfill whose history request got no usable answer, so it is tried again', async () => {
    await expect(collect(sut.backfill('asset:unlisted'))).rejects.toThrow(/backfill of asset:unlisted incomplete/);
  });
});

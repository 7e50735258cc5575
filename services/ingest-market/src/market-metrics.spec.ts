import { MalformedSourceResponseError, MetricsService, SourceRejectedError, SourceUnavailableError, SourceUnreachableError } from '@pum/platform';
import { MarketMetrics } from './market-metrics';

describe('MarketMetrics as the sources HTTP client metrics', () => {
  let sut: MarketMetrics;
  beforeEach(() => {
    sut = new MarketMetrics(new MetricsService('test'));
  });
  const requests = async () => Object.fromEntries((await sut.requests.get()).values.map((v) => [v.labels.outcome, v.value]));

  it('counts ok and retried attempts, and requests by how they ended', async () => {
    sut.attempted('coingecko', 'ok', 0.2);
    sut.attempted('coingecko', 'unavailable', 0.1);
    sut.retrying('coingecko', new SourceUnavailableError('coingecko', 429, '/x', 2000), 2000);
    sut.failed('coingecko', new SourceUnreachableError('coingecko', '/x', 'timeout', 'no answer'));
    sut.failed('coingecko', new SourceRejectedError('coingecko', 404, '/x', 'not found'));
    sut.failed('coingecko', new MalformedSourceResponseError('coingecko', '/x', ['usd: expected number']));

    expect(await requests()).toEqual({ ok: 1, retried: 1, failed: 1, rejected: 1, malformed: 1 });
    expect((await sut.malformed.get()).values[0]?.value).toBe(1);
    expect((await sut.retryWaitSeconds.get()).values).toEqual([expect.objectContaining({ labels: { source: 'coingecko', reason: 'status_429' }, value: 2 })]);
    expect((await sut.retries.get()).values).toEqual([expect.objectContaining({ labels: { source: 'coingecko', reason: 'status_429' }, value: 1 })]);
    expect((await sut.requestSeconds.get()).values.find((v) => v.metricName === 'pum_market_http_request_seconds_count')?.value).toBe(1);
  });

  it('counts a retry whose full-jitter backoff waited 0 ms', async () => {
    sut.retrying('coingecko', new SourceUnreachableError('coingecko', '/x', 'timeout', 'no answer'), 0);

    expect((await sut.retries.get()).values).toEqual([expect.objectContaining({ labels: { source: 'coingecko', reason: 'timeout' }, value: 1 })]);
  });
});

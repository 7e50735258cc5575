import { MetricsService } from '@pum/platform';
import { SourceMetrics } from './source-metrics';

describe('SourceMetrics as the sources HTTP client metrics', () => {
  it('counts every attempt by outcome, a timeout as a network failure, with its duration', async () => {
    const sut = new SourceMetrics(new MetricsService('test'));

    sut.attempted('snapshot', 'ok', 0.1);
    sut.attempted('snapshot', 'unavailable', 0.1);
    sut.attempted('snapshot', 'timeout', 15);
    sut.attempted('snapshot', 'network', 0.01);
    sut.attempted('snapshot', 'malformed', 0.1);

    const requests = Object.fromEntries((await sut.requests.get()).values.map((v) => [v.labels.outcome, v.value]));
    expect(requests).toEqual({ ok: 1, unavailable: 1, network: 2, malformed: 1 });
    expect((await sut.requestSeconds.get()).values.find((v) => v.metricName === 'pum_governance_request_seconds_count')?.value).toBe(5);
  });
});

import { JsonLogger, MetricsService, SourceHttpClient } from '@pum/platform';
import { SnapshotHubServer } from '../../test/snapshot-server';
import { SourceMetrics } from '../http/source-metrics';
import { SnapshotClient } from './snapshot-client';

describe('SnapshotClient paging (against the local hub)', () => {
  const hub = new SnapshotHubServer();
  let sut: SnapshotClient;

  beforeAll(async () => {
    // 7,000 votes in one second: more than first (1000) × the hub's skip limit (5000) allows in one read.
    hub.votes.push(...Array.from({ length: 7000 }, (_, i) => ({ id: `v${String(i).padStart(5, '0')}`, space: 's.eth', proposal: 'p', voter: `0x${i}`, vp: 1, created: 1_700_000_000 + (i < 6500 ? 0 : 1), choice: 1, reason: '' })));
    const url = await hub.start();
    const http = new SourceHttpClient({ source: 'snapshot', ratePerMinute: 60_000, timeoutMs: 5_000, maxAttempts: 1, backoffBaseMs: 10, backoffCapMs: 10, retryAfterCapMs: 1_000 }, new SourceMetrics(new MetricsService('test')), new JsonLogger('test', 'silent'));
    sut = new SnapshotClient(http, `${url}/graphql`, 1000);
  });
  afterAll(() => hub.stop());

  it('pages with first/skip and stops at the hub skip limit instead of asking past it', async () => {
    const pages = [];
    for await (const page of sut.votePages('s.eth', 0)) pages.push(page);

    expect(pages.map((page) => page.items.length)).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(hub.hits.every((hit) => hit.status === 200 && !hit.body.includes('"skip":6000'))).toBe(true);
    expect(new Set(pages.flatMap((page) => page.items.map((vote) => vote.id))).size).toBe(6000);
  });

  it('ends a read on a short page', async () => {
    const pages = [];
    for await (const page of sut.votePages('s.eth', 1_700_000_000)) pages.push(page);

    expect(pages.map((page) => page.items.length)).toEqual([500]);
  });
});

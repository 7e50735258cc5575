import { catalogue, marketTickId, marketUpdateMessage, TOPICS, type MarketTick, type MessageOf } from '@pum/contracts';
import { KafkaProbe, uniqueToken, waitFor, clearRedisPrefix, dropSchema, isolatedServiceEnv } from '@pum/testing';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayHarness } from '../test/gateway-harness';

type Body = Record<string, unknown>;
type TickMessage = MessageOf<typeof TOPICS.marketTicks>;

const HOUR = 3_600_000;
/** A fixed origin on an hour boundary, so buckets are known. */
const T0 = Date.UTC(2026, 10, 20, 12);
const at = (hoursFromT0: number) => new Date(T0 + hoursFromT0 * HOUR).toISOString();

function tick(fields: Pick<MarketTick, 'subject' | 'metric' | 'value' | 'timestamp' | 'source' | 'protocolId'> & Partial<Pick<MarketTick, 'chainId' | 'windowSeconds'>>): TickMessage {
  const payload: MarketTick = { chainId: null, windowSeconds: null, currency: 'usd', ...fields, tickId: '' };
  payload.tickId = marketTickId(payload);
  return catalogue[TOPICS.marketTicks].parse({ version: 1, type: 'market.tick', id: payload.tickId, occurredAt: payload.timestamp, producedAt: new Date().toISOString(), source: 'ingest-market', payload });
}

describe('gateway market read model: /realtime/*, /protocols/{id}/metrics and the market channels (real Kafka, Postgres, Redis)', () => {
  const token = uniqueToken('gw');
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const harness = new GatewayHarness(new KafkaProbe(`${token}.`), isolatedServiceEnv(token, { SERVICE: 'gateway', PROTOCOL_REGISTRY_FILE: registryFile }), async () => {
    await clearRedisPrefix(`${token}:`);
    await dropSchema(token.toLowerCase());
    await rm(registryFile, { force: true });
  });
  const { pushed } = harness;
  const slug = token.toLowerCase().replace(/_/g, '-');
  const [alpha, beta, gamma] = [`${slug}-alpha`, `${slug}-beta`, `${slug}-gamma`];
  const items = (body: Body) => body.items as Body[];
  const read = (path: string, ready: (body: Body) => boolean = () => true) =>
    waitFor(async () => {
      const response = await harness.get(path);
      return response.status === 200 && ready(response.body) && response.body;
    }, { what: `GET ${path}` });
  const publish = (message: TickMessage | string, key = 'market') => harness.publish(TOPICS.marketTicks, message, key);
  const updatesOf = (tickId: string, received = pushed) => received.filter((p) => p.event === 'market.update' && p.message.id === tickId);

  beforeAll(async () => {
    await writeFile(registryFile, ['protocols:', `  - id: ${alpha}`, '    name: Alpha', `  - id: ${beta}`, '    name: Beta', `  - id: ${gamma}`, '    name: Gamma', ''].join('\n'));
    await harness.start([TOPICS.marketTicks]);
  });
  afterAll(() => harness.stop());

  it('lists each series at its latest value with the change against the value 24 h before, and pushes only new latest values', async () => {
    const asset = { type: 'asset' as const, id: `${slug}-token` };
    const price = (hours: number, value: number) => tick({ subject: asset, metric: 'price', value, timestamp: at(hours), source: 'coingecko', protocolId: alpha });
    const [dayBefore, hourBefore, latest] = [price(-25, 80), price(-1, 95), price(0, 100)];
    const late = price(-2, 1);
    for (const message of [dayBefore, hourBefore, latest]) await publish(message);

    const list = await read(`/api/v1/realtime/prices?subject=${asset.id}`, (body) => items(body)[0]?.tickId === latest.id);
    expect(items(list)).toEqual([
      {
        channel: 'prices',
        id: asset.id,
        value: 100,
        timestamp: at(0),
        change24h: expect.closeTo(100 / 80 - 1, 12),
        seriesId: `coingecko:asset:${asset.id}:price`,
        subject: asset,
        metric: 'price',
        source: 'coingecko',
        protocolId: alpha,
        chainId: null,
        windowSeconds: null,
        tickId: latest.id,
      },
    ]);
    await waitFor(() => updatesOf(latest.id).length === 1, { what: 'the latest value pushed' });
    const pushedUpdate = marketUpdateMessage.parse(updatesOf(latest.id)[0]!.message);
    expect(pushedUpdate.payload).toEqual(items(list)[0]);
    expect(pushedUpdate.producedAt).toBe(latest.producedAt);

    // A replay of the latest and a late, older tick change nothing and push nothing.
    await publish(latest);
    await publish(late);
    const marker = price(1, 101);
    await publish(marker);
    await read(`/api/v1/realtime/prices?subject=${asset.id}`, (body) => items(body)[0]?.tickId === marker.id);
    expect(updatesOf(latest.id)).toHaveLength(1);
    expect(updatesOf(late.id)).toHaveLength(0);
    // 24 h before +1 h is -23 h: no tick between 48 h and 24 h before it but the one at -25 h.
    expect(items((await harness.get(`/api/v1/realtime/prices?subject=${asset.id}`)).body)[0]).toMatchObject({ value: 101, change24h: expect.closeTo(101 / 80 - 1, 12) });
  });

  it('filters the realtime lists by protocol, chain and source, and pages them by series', async () => {
    const pools = [1, 2, 3].map((n) => ({ type: 'pool' as const, id: `31337:0x${String(n).repeat(40)}${slug}` }));
    const ticks = pools.map((subject, i) => tick({ subject, metric: 'tvl', value: 1_000 * (i + 1), timestamp: at(0), source: 'uniswap-v2', protocolId: i === 2 ? beta : alpha, chainId: 31337 }));
    for (const message of ticks) await publish(message);
    await read(`/api/v1/realtime/tvl?protocolId=${alpha},${beta}&source=uniswap-v2`, (body) => items(body).length === 3);

    const first = await harness.get(`/api/v1/realtime/tvl?protocolId=${alpha},${beta}&limit=2`);
    const second = await harness.get(`/api/v1/realtime/tvl?protocolId=${alpha},${beta}&limit=2&cursor=${String(first.body.nextCursor)}`);
    expect([...items(first.body), ...items(second.body)].map((item) => item.id)).toEqual(pools.map((pool) => pool.id).sort());
    expect(second.body.nextCursor).toBeNull();
    expect(items((await harness.get(`/api/v1/realtime/tvl?protocolId=${beta}`)).body).map((item) => item.value)).toEqual([3_000]);
    expect(items((await harness.get(`/api/v1/realtime/tvl?protocolId=${alpha}&chainId=1`)).body)).toEqual([]);
    expect(items((await harness.get(`/api/v1/realtime/prices?protocolId=${beta}`)).body)).toEqual([]);
  });

  it('pushes market updates only to sockets whose channel and filter match', async () => {
    const { client, received } = await harness.connect();
    expect(await client.timeout(5_000).emitWithAck('subscribe', { channels: ['volumes'], filter: { protocolId: beta } })).toEqual({ ok: true, channels: ['volumes'] });
    const subject = { type: 'pool' as const, id: `31337:0x${'9'.repeat(40)}${slug}` };
    const volume = (protocolId: string, hours: number) => tick({ subject, metric: 'volume', value: 10, timestamp: at(hours), source: 'uniswap-v3', protocolId, chainId: 31337, windowSeconds: 3_600 });
    const other = tick({ subject: { ...subject, id: `${subject.id}-a` }, metric: 'volume', value: 5, timestamp: at(0), source: 'uniswap-v3', protocolId: alpha, chainId: 31337, windowSeconds: 3_600 });
    const tvl = tick({ subject, metric: 'tvl', value: 5, timestamp: at(0), source: 'uniswap-v3', protocolId: beta, chainId: 31337 });
    const wanted = volume(beta, 0);
    for (const message of [other, tvl, wanted]) await publish(message);

    await waitFor(() => updatesOf(wanted.id, received).length === 1 && updatesOf(wanted.id).length === 1, { what: 'the volume update on both sockets' });
    expect(updatesOf(other.id)).toHaveLength(1);
    expect(received.map((p) => p.message.id)).toEqual([wanted.id]);

    expect(await client.timeout(5_000).emitWithAck('subscribe', { channels: ['volumes', 'events'], filter: { protocolId: beta } })).toMatchObject({ ok: false, error: expect.stringContaining('market filter applies to the prices, tvl and volumes channels only') });
    expect(await client.timeout(5_000).emitWithAck('subscribe', { channels: ['prices'], filter: { token: 'x' } as never })).toMatchObject({ ok: false, error: expect.stringContaining('invalid market filter') });
    expect(await client.timeout(5_000).emitWithAck('unsubscribe', { channels: ['volumes'] })).toEqual({ ok: true, channels: ['volumes'] });
    const after = volume(beta, 1);
    await publish(after);
    await waitFor(() => updatesOf(after.id).length === 1, { what: 'the next update on the all-channel socket' });
    expect(updatesOf(after.id, received)).toHaveLength(0);
  });

  it('serves a protocol series in buckets: the last price or TVL, fixed volume windows summed, a rolling window not', async () => {
    const pool = { type: 'pool' as const, id: `31337:0x${'4'.repeat(40)}${slug}` };
    const asset = { type: 'asset' as const, id: `${slug}-metrics` };
    const messages = [
      // Two days of hourly pool volume (fixed 1 h windows) and TVL, from -47 h to 0 h.
      ...Array.from({ length: 48 }, (_, i) => tick({ subject: pool, metric: 'volume', value: i + 1, timestamp: at(i - 47), source: 'uniswap-v2', protocolId: gamma, chainId: 31337, windowSeconds: 3_600 })),
      ...Array.from({ length: 48 }, (_, i) => tick({ subject: pool, metric: 'tvl', value: 1_000 + i, timestamp: at(i - 47), source: 'uniswap-v2', protocolId: gamma, chainId: 31337 })),
      // CoinGecko's rolling 24 h volume, every 12 hours.
      ...[-36, -24, -12, 0].map((h, i) => tick({ subject: asset, metric: 'volume', value: 500 + i, timestamp: at(h), source: 'coingecko', protocolId: gamma, windowSeconds: 86_400 })),
    ];
    for (const message of messages) await publish(message);
    const from = at(-48);
    const to = at(1);
    const path = `/api/v1/protocols/${gamma}/metrics?metric=volume,tvl&interval=1d&from=${from}&to=${to}`;
    const body = await read(path, (b) => (b.series as Body[]).reduce((n, s) => n + (s.points as Body[]).reduce((m, p) => m + Number(p.ticks), 0), 0) === 100);

    expect(body).toMatchObject({ protocolId: gamma, from, to, interval: '1d', intervalSeconds: 86_400 });
    const series = Object.fromEntries((body.series as Body[]).map((s) => [s.seriesId, s]));
    // Day buckets (UTC): 2026-11-18 holds -47 h … -37 h (11 hours: 1..11), 2026-11-19 the next 24 (12..35), 2026-11-20 the last 13 (36..48).
    const sum = (a: number, b: number) => ((a + b) * (b - a + 1)) / 2;
    expect(series[`uniswap-v2:pool:${pool.id}:volume@31337`]).toMatchObject({
      aggregation: 'sum',
      points: [
        { t: '2026-11-18T00:00:00.000Z', value: sum(1, 11), ticks: 11 },
        { t: '2026-11-19T00:00:00.000Z', value: sum(12, 35), ticks: 24 },
        { t: '2026-11-20T00:00:00.000Z', value: sum(36, 48), ticks: 13 },
      ],
    });
    expect((series[`uniswap-v2:pool:${pool.id}:tvl@31337`]!.points as Body[]).map((p) => p.value)).toEqual([1_010, 1_034, 1_047]);
    expect(series[`coingecko:asset:${asset.id}:volume`]).toMatchObject({ aggregation: 'last', points: [{ t: '2026-11-19T00:00:00.000Z', value: 501, ticks: 2 }, { t: '2026-11-20T00:00:00.000Z', value: 503, ticks: 2 }] });

    // Hourly buckets sum nothing: each holds one fixed window.
    const hourly = await harness.get(`/api/v1/protocols/${gamma}/metrics?metric=volume&interval=1h&from=${at(-3)}&to=${at(0)}`);
    expect(((hourly.body.series as Body[]).find((s) => s.source === 'uniswap-v2')!.points as Body[]).map((p) => p.value)).toEqual([45, 46, 47]);
  });

  it('answers 400 with the reason for a bad range, interval or channel and 404 for a protocol not in the registry', async () => {
    const cases: [string, number, RegExp][] = [
      [`/api/v1/protocols/${alpha}/metrics?from=${at(0)}&to=${at(-1)}`, 400, /must be before/],
      [`/api/v1/protocols/${alpha}/metrics?interval=1m&from=2026-01-01&to=2026-11-01`, 400, /at most 2000/],
      [`/api/v1/protocols/${alpha}/metrics?interval=2h`, 400, /interval/],
      [`/api/v1/protocols/${alpha}/metrics?metric=apy`, 400, /metric/],
      ['/api/v1/realtime/apys', 400, /prices, tvl or volumes/],
      ['/api/v1/realtime/prices?chainId=abc', 400, /chainId/],
      ['/api/v1/realtime/prices?colour=red', 400, /colour/],
      [`/api/v1/protocols/${slug}-unknown/metrics`, 404, /registry/],
    ];
    for (const [path, status, reason] of cases) {
      const response = await harness.get(path);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(JSON.stringify(response.body.message)).toMatch(reason);
    }
  });

  it('dead-letters a malformed tick and goes on with the next', async () => {
    const subject = { type: 'asset' as const, id: `${slug}-dlq` };
    await publish('{"not":"a tick"');
    await publish(JSON.stringify({ ...tick({ subject, metric: 'price', value: 1, timestamp: at(0), source: 'coingecko', protocolId: alpha }), payload: { metric: 'price', value: -1 } }));
    const good = tick({ subject, metric: 'price', value: 2, timestamp: at(0), source: 'coingecko', protocolId: alpha });
    await publish(good);
    await read(`/api/v1/realtime/prices?subject=${subject.id}`, (body) => items(body)[0]?.tickId === good.id);
    await waitFor(() => harness.deadLetters(TOPICS.marketTicks).length >= 2, { what: 'two dead letters' });
  });
});

import { TOPICS, catalogue, type MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faults } from '../test/fake-api';
import { FakeCoinGecko } from '../test/fake-coingecko';
import { FakeDefiLlama } from '../test/fake-defillama';
import { loadIngestMarketConfig } from './config';
import { startIngestMarket } from './create-app';

const DAY = 86_400;
const HOUR_MS = 3_600_000;

describe('ingest-market from CoinGecko and DeFiLlama (local API servers, real Kafka and Postgres)', () => {
  const token = uniqueToken('market');
  const probe = new KafkaProbe(`${token}.`);
  const coingecko = new FakeCoinGecko('demo-key');
  const defillama = new FakeDefiLlama();
  const registryFile = join(tmpdir(), `${token}-protocols.yaml`);
  const now = Date.now();
  const today = Math.floor(now / 1000 / DAY) * DAY;
  let sut: INestApplication | undefined;
  let env: Record<string, string>;

  const ticks = (): MessageOf<'market.ticks.v1'>[] =>
    probe.on(probe.namer.physical(TOPICS.marketTicks)).map((m) => catalogue[TOPICS.marketTicks].parse(JSON.parse(m.value ?? '')));
  const tick = (source: string, subject: string, metric: string, chainId: number | null = null) =>
    ticks().filter((t) => t.payload.source === source && t.payload.subject.id === subject && t.payload.metric === metric && t.payload.chainId === chainId);
  const start = async () => {
    sut = await startIngestMarket(loadIngestMarketConfig(env), new JsonLogger('ingest-market', 'silent'));
  };
  const stop = async () => {
    await sut?.close();
    sut = undefined;
  };
  const metric = async (line: RegExp): Promise<number> => {
    const text = await (await fetch(`${await sut?.getUrl()}/metrics`)).text();
    return text.split('\n').filter((l) => line.test(l)).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
  };

  beforeAll(async () => {
    coingecko.seed('aave', { end: now - HOUR_MS, hours: 48, first: 100, step: 1 });
    defillama.protocols.set('aave', {
      slug: 'aave',
      name: 'Aave',
      tvl: Array.from({ length: 40 }, (_, i) => ({ date: today - (39 - i) * DAY, totalLiquidityUSD: 1e9 + i * 1e6 })),
      chainTvls: {
        Ethereum: Array.from({ length: 40 }, (_, i) => ({ date: today - (39 - i) * DAY, totalLiquidityUSD: 7e8 + i * 1e6 })),
        'Ethereum-borrowed': [{ date: today, totalLiquidityUSD: 5e8 }],
        Solana: [{ date: today, totalLiquidityUSD: 1e7 }],
      },
    });
    defillama.protocols.set('uniswap', {
      slug: 'uniswap',
      name: 'Uniswap',
      tvl: [{ date: today, totalLiquidityUSD: 4e9 }],
      chainTvls: {},
      dexVolume: Array.from({ length: 40 }, (_, i) => [today - (39 - i) * DAY, 2e9 + i] as [number, number]),
    });
    defillama.prices.set('coingecko:aave', Array.from({ length: 10 }, (_, i) => [today - (9 - i) * DAY, 90 + i] as [number, number]));
    await Promise.all([coingecko.start(), defillama.start(), probe.createTopics()]);
    // The first chain directory is malformed: the first TVL backfill must fail whole, not skip the per-chain history.
    defillama.inject(/^\/v2\/chains/, faults.notJson());
    await probe.watch([probe.namer.physical(TOPICS.marketTicks), probe.namer.physical(TOPICS.marketRaw)]);
    writeFileSync(registryFile, 'protocols:\n  - { id: aave-v3, name: Aave, coingeckoId: aave, defillamaSlug: aave }\n');
    env = isolatedServiceEnv(token, {
      SERVICE: 'market',
      PROTOCOL_REGISTRY_FILE: registryFile,
      ONCHAIN_ENABLED: 'false',
      COINGECKO_BASE_URL: `${coingecko.url}/api/v3`,
      COINGECKO_API_KEY: 'demo-key',
      COINGECKO_POLL_INTERVAL_MS: '300',
      COINGECKO_RATE_LIMIT_PER_MINUTE: '6000',
      DEFILLAMA_BASE_URL: defillama.url,
      DEFILLAMA_COINS_BASE_URL: defillama.url,
      DEFILLAMA_POLL_INTERVAL_MS: '500',
      DEFILLAMA_RATE_LIMIT_PER_MINUTE: '6000',
      DEFILLAMA_PROTOCOLS: 'uniswap,no-such-protocol',
      MARKET_BACKFILL_DAYS: '30',
      // Every request has this timeout: an answer of the in-process fakes delayed by a loaded machine must
      // not be retried, or the exact request counts below break. The slow fault is well past it.
      MARKET_HTTP_TIMEOUT_MS: '3000',
      MARKET_HTTP_BACKOFF_MS: '50',
    });
    await start();
  });

  afterAll(async () => {
    await stop();
    await Promise.all([coingecko.stop(), defillama.stop()]);
    await probe.dispose();
    await dropSchema(token.toLowerCase());
    rmSync(registryFile, { force: true });
  });

  it('backfills an asset the first time it is seen, with the values and times CoinGecko gave', async () => {
    const history = coingecko.history.get('aave') ?? [];
    const prices = await waitFor(() => tick('coingecko', 'aave', 'price').length >= history.length && tick('coingecko', 'aave', 'price'), { what: 'backfilled aave prices' });

    expect(prices.slice(0, history.length).map((t) => [t.payload.timestamp, t.payload.value])).toEqual(history.map((p) => [new Date(p.at).toISOString(), p.price]));
    expect(prices[0].payload).toMatchObject({ subject: { type: 'asset', id: 'aave' }, protocolId: 'aave-v3', currency: 'usd', chainId: null, windowSeconds: null });
    expect(prices[0].id).toBe(`coingecko:asset:aave:price:${new Date(history[0].at).toISOString()}`);
    const volumes = tick('coingecko', 'aave', 'volume');
    expect(volumes[0].payload).toMatchObject({ value: history[0].volume24h, windowSeconds: DAY });
    expect(coingecko.requestsTo(/market_chart/)).toHaveLength(1);
    expect(coingecko.requestsTo(/market_chart/)[0].path).toContain('/coins/aave/market_chart?vs_currency=usd&days=30');
    expect(coingecko.requests.every((r) => r.headers['x-cg-demo-api-key'] === 'demo-key')).toBe(true);
  });

  it('publishes a new CoinGecko quote once, stamped with its last_updated_at', async () => {
    const at = Math.floor(Date.now() / 1000) * 1000;
    coingecko.quote('aave', { at, price: 222.5, volume24h: 5e6, marketCap: 3e9 });

    const live = await waitFor(() => tick('coingecko', 'aave', 'price').find((t) => t.payload.value === 222.5), { what: 'live quote' });

    expect(live.payload.timestamp).toBe(new Date(at).toISOString());
    const polls = coingecko.requestsTo(/simple\/price/).length;
    await waitFor(() => coingecko.requestsTo(/simple\/price/).length >= polls + 3, { what: 'three more polls' });
    expect(tick('coingecko', 'aave', 'price').filter((t) => t.payload.value === 222.5)).toHaveLength(1);
    const raw = probe.on(probe.namer.physical(TOPICS.marketRaw)).map((m) => catalogue[TOPICS.marketRaw].parse(JSON.parse(m.value ?? '')));
    expect(raw.some((r) => r.payload.request.startsWith('/api/v3/simple/price?ids=aave&vs_currencies=usd&include_market_cap=true') && JSON.stringify(r.payload.body).includes('222.5'))).toBe(true);
  });

  it('backfills DeFiLlama TVL (total and per EVM chain), DEX volume and coin prices within the backfill window', async () => {
    const since = now / 1000 - 30 * DAY;
    const expected = (defillama.protocols.get('aave')?.tvl ?? []).filter((p) => p.date >= since);
    const tvl = await waitFor(() => tick('defillama', 'aave-v3', 'tvl').length >= expected.length && tick('defillama', 'aave-v3', 'tvl'), { what: 'aave tvl history' });

    expect(tvl.map((t) => t.payload.value)).toEqual(expected.map((p) => p.totalLiquidityUSD));
    expect(defillama.requestsTo(/^\/v2\/chains/).length).toBeGreaterThanOrEqual(2);
    expect(tvl[0].payload).toMatchObject({ subject: { type: 'protocol', id: 'aave-v3' }, protocolId: 'aave-v3', chainId: null });
    const ethereum = await waitFor(() => tick('defillama', 'aave-v3', 'tvl', 1).length >= expected.length && tick('defillama', 'aave-v3', 'tvl', 1), { what: 'aave tvl on Ethereum' });
    expect(ethereum.at(-1)?.payload.value).toBe(7e8 + 39 * 1e6);
    expect(ethereum.at(-1)?.id).toMatch(/^defillama:protocol:aave-v3:tvl@1:/);
    expect(ticks().filter((t) => t.payload.source === 'defillama' && t.payload.metric === 'tvl' && t.payload.value === 5e8)).toHaveLength(0); // Ethereum-borrowed
    expect(ticks().filter((t) => t.payload.value === 1e7)).toHaveLength(0); // Solana has no EVM chain id
    const volume = await waitFor(() => tick('defillama', 'uniswap', 'volume').length >= 30 && tick('defillama', 'uniswap', 'volume'), { what: 'uniswap daily volume' });
    expect(volume[0].payload.windowSeconds).toBe(DAY);
    expect(volume.at(-1)?.payload.value).toBe(2e9 + 39);
    const coin = await waitFor(() => tick('defillama', 'aave', 'price').length >= 10 && tick('defillama', 'aave', 'price'), { what: 'aave coin chart' });
    expect(coin.map((t) => t.payload.value)).toEqual(Array.from({ length: 10 }, (_, i) => 90 + i));
  });

  it('reports a slug DeFiLlama does not list, tries it again, and goes on with the others', async () => {
    await waitFor(async () => (await metric(/^pum_market_backfills_total\{.*source="defillama".*outcome="failed"/)) >= 2, { what: 'two failed backfills of the unknown slug' });

    expect(defillama.requestsTo(/^\/protocol\/no-such-protocol/)).toHaveLength(0);
    expect(ticks().some((t) => t.payload.subject.id === 'no-such-protocol')).toBe(false);
    expect(await metric(/^pum_market_backfills_total\{.*source="defillama".*outcome="done"/)).toBe(3); // aave, uniswap, coingecko:aave
  });

  it('waits as long as a 429 Retry-After asks before asking again, then carries on', async () => {
    coingecko.inject(/simple\/price/, faults.rateLimited(2));
    const at = Math.floor(Date.now() / 1000) * 1000 + 1000;
    coingecko.quote('aave', { at, price: 230, volume24h: 5e6, marketCap: 3e9 });

    await waitFor(() => tick('coingecko', 'aave', 'price').some((t) => t.payload.value === 230), { what: 'quote after the 429', timeoutMs: 15_000 });

    const limited = coingecko.requests.findIndex((r) => r.status === 429);
    const next = coingecko.requests.slice(limited + 1)[0];
    expect(next.at - coingecko.requests[limited].at).toBeGreaterThanOrEqual(2000);
    expect(await metric(/^pum_market_retry_wait_seconds_total\{.*reason="status_429"/)).toBeGreaterThanOrEqual(2);
  });

  it('skips malformed answers (not JSON, wrong shape) without publishing them, and keeps polling', async () => {
    const before = await metric(/^pum_market_malformed_answers_total\{.*source="coingecko"/);
    coingecko.inject(/simple\/price/, faults.notJson(), { json: { aave: { usd: 'a lot', last_updated_at: 1 } } });
    const at = Math.floor(Date.now() / 1000) * 1000 + 2000;
    coingecko.quote('aave', { at, price: 240, volume24h: 5e6, marketCap: 3e9 });

    await waitFor(() => tick('coingecko', 'aave', 'price').some((t) => t.payload.value === 240), { what: 'quote after the malformed answers' });

    expect(await metric(/^pum_market_malformed_answers_total\{.*source="coingecko"/)).toBe(before + 2);
    expect(ticks().some((t) => t.payload.timestamp === new Date(1000).toISOString())).toBe(false);
  });

  it('retries server errors and answers slower than the timeout', async () => {
    // Counted from here: the counters also hold the retries of the tests before (the 429 above).
    const retried = () => metric(/^pum_market_http_requests_total\{.*source="coingecko".*outcome="retried"/);
    const timedOut = () => metric(/^pum_market_http_retries_total\{.*source="coingecko".*reason="timeout"/);
    const [retriedBefore, timedOutBefore] = [await retried(), await timedOut()];
    coingecko.inject(/simple\/price/, faults.serverError(), faults.slow(5000), faults.serverError());
    const at = Math.floor(Date.now() / 1000) * 1000 + 3000;
    coingecko.quote('aave', { at, price: 250, volume24h: 5e6, marketCap: 3e9 });

    await waitFor(() => tick('coingecko', 'aave', 'price').some((t) => t.payload.value === 250), { what: 'quote after the failures' });

    expect(await retried()).toBeGreaterThanOrEqual(retriedBefore + 3);
    expect(await timedOut()).toBeGreaterThan(timedOutBefore);
  });

  it('publishes nothing twice across a restart, and does not backfill again', async () => {
    await stop();
    const idsBefore = ticks().map((t) => t.id);
    const charts = coingecko.requestsTo(/market_chart/).length;
    const polls = coingecko.requestsTo(/simple\/price/).length;
    const llamaPolls = defillama.requestsTo(/^\/protocol\/aave/).length;

    await start();
    await waitFor(() => coingecko.requestsTo(/simple\/price/).length >= polls + 3 && defillama.requestsTo(/^\/protocol\/aave/).length >= llamaPolls + 2, { what: 'polls after the restart' });
    const at = Math.floor(Date.now() / 1000) * 1000 + 4000;
    coingecko.quote('aave', { at, price: 260, volume24h: 5e6, marketCap: 3e9 });
    await waitFor(() => tick('coingecko', 'aave', 'price').some((t) => t.payload.value === 260), { what: 'quote after the restart' });

    const ids = ticks().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(idsBefore.length);
    expect(coingecko.requestsTo(/market_chart/)).toHaveLength(charts);
  });
});

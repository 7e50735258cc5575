import { TOPICS, catalogue, dexSwapMessageId, marketTickId, type DexSwap, type MarketTick, type SmartMoneyRanking } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, testInfra, uniqueToken, waitFor } from '@pum/testing';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadAnalyticsConfig } from './config';
import { startAnalytics } from './create-app';

const CHAIN = 31337;
const USD = `0x${'a1'.repeat(20)}` as const;
const TKN = `0x${'b2'.repeat(20)}` as const;
const POOL = `0x${'c3'.repeat(20)}` as const;
const T0 = 1_760_000_000;
const HOUR = 3600;
const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;
const wallet = (name: string) => `0x${Buffer.from(name.padEnd(20, '.')).toString('hex').slice(0, 40)}` as `0x${string}`;

/**
 * Smart money through the service on real Kafka and Postgres: confirmed swaps and price ticks in, rankings out on
 * analytics.smart-money.v1; wallets that bought ahead of a rise rank above those that bought after it; an MEV actor
 * and a bot are labelled, not ranked; a restart and a replay of the same swaps count nothing twice; a retraction
 * takes a swap back out.
 */
describe('smart money in the analytics service', () => {
  const token = uniqueToken('smartmoney');
  const schema = `${token.toLowerCase()}_sm`;
  const probe = new KafkaProbe(`${token}.`);
  const env = isolatedServiceEnv(token, { SERVICE: 'analytics', DATABASE_SCHEMA: schema, SMART_MONEY_PUBLISH_INTERVAL_MS: '200' });
  const db = new Client({ connectionString: testInfra.databaseUrl });
  let analytics: INestApplication | undefined;
  let block = 100;
  const sent: DexSwap[] = [];

  const start = () => startAnalytics(loadAnalyticsConfig(env), new JsonLogger('analytics', 'silent'));
  const rankings = (): SmartMoneyRanking[] => probe.on(probe.namer.physical(TOPICS.smartMoney)).map((m) => catalogue[TOPICS.smartMoney].parse(JSON.parse(m.value ?? '')).payload);
  const latest = (rankingId: string) => rankings().filter((r) => r.rankingId === rankingId).at(-1);
  const tick = async (tokenAddress: string, value: number, at: number) => {
    const payload: MarketTick = {
      tickId: '',
      subject: { type: 'asset', id: `${CHAIN}:${tokenAddress}` },
      metric: 'price',
      value,
      currency: 'usd',
      timestamp: new Date(at * 1000).toISOString(),
      source: 'uniswap-v2',
      protocolId: null,
      chainId: CHAIN,
      windowSeconds: null,
    };
    payload.tickId = marketTickId(payload);
    const message = catalogue[TOPICS.marketTicks].parse({ version: 1, type: 'market.tick', id: payload.tickId, occurredAt: payload.timestamp, producedAt: new Date().toISOString(), source: 'test', payload });
    await probe.send(probe.namer.physical(TOPICS.marketTicks), [{ key: payload.subject.id, value: JSON.stringify(message) }]);
  };
  const sendSwaps = async (swaps: DexSwap[]) => {
    await probe.send(
      probe.namer.physical(TOPICS.dexSwaps),
      swaps.map((swap) => ({
        key: `${swap.chainId}:${swap.pool}`,
        value: JSON.stringify(
          catalogue[TOPICS.dexSwaps].parse({ version: 1, type: 'dex.swap', id: dexSwapMessageId(swap), occurredAt: new Date(swap.blockTimestamp * 1000).toISOString(), producedAt: new Date().toISOString(), source: 'test', payload: swap }),
        ),
      })),
    );
  };
  /** A confirmed swap of USD for TKN (`buy`) or back, in its own transaction of `blockNumber`. */
  const swapOf = (from: string, side: 'buy' | 'sell', usd: number, priceUsd: number, at: number, blockNumber = block++, transactionIndex = 0, blockHash = hex(32)): DexSwap => {
    const tokens = usd / priceUsd;
    const transactionHash = hex(32);
    const usdRaw = BigInt(Math.round(usd * 1e6)).toString();
    const tknRaw = (BigInt(Math.round(tokens * 1e6)) * 10n ** 12n).toString();
    const swap: DexSwap = {
      swapId: `${CHAIN}:${transactionHash}:0`,
      status: 'confirmed',
      chainId: CHAIN,
      blockNumber: String(blockNumber),
      blockHash,
      blockTimestamp: at,
      transactionHash,
      transactionIndex,
      logIndex: transactionIndex,
      pool: POOL,
      protocol: 'uniswap-v2',
      sender: from as `0x${string}`,
      recipient: from as `0x${string}`,
      txFrom: from as `0x${string}`,
      tokenIn: side === 'buy' ? USD : TKN,
      tokenOut: side === 'buy' ? TKN : USD,
      amountIn: side === 'buy' ? usdRaw : tknRaw,
      amountOut: side === 'buy' ? tknRaw : usdRaw,
      tokenInDecimals: side === 'buy' ? 6 : 18,
      tokenOutDecimals: side === 'buy' ? 18 : 6,
      protocolId: 'demo-dex',
    };
    sent.push(swap);
    return swap;
  };
  const tknRanking = `${CHAIN}:token:${TKN}`;
  const early = ['early-1', 'early-2', 'early-3'].map(wallet);
  const late = ['late-1', 'late-2', 'late-3'].map(wallet);
  const bot = wallet('bot');
  const mev = wallet('sandwicher');
  const victim = wallet('victim');

  beforeAll(async () => {
    await db.connect();
    await probe.createTopics();
    await probe.watch([probe.namer.physical(TOPICS.smartMoney)]);
    analytics = await start();
    // Prices first: a swap is valued at the prices known when it is applied.
    await tick(USD, 1, T0);
    await tick(TKN, 100, T0);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM "${schema}".token_prices`)).rows[0].n === 2, { what: 'both prices stored' });
  }, 60_000);

  afterAll(async () => {
    await analytics?.close();
    await probe.dispose();
    await db.end();
    await dropSchema(schema);
  });

  it('ranks the wallets that bought ahead of a rise above those that bought after it, and labels the bot and the sandwicher', async () => {
    const front = block++;
    const sandwichBlock = hex(32);
    await sendSwaps([
      ...early.map((w, i) => swapOf(w, 'buy', 5_000 + i * 1_000, 100, T0 + HOUR)),
      // A bot: three transactions in one block.
      ...[0, 1, 2].map((i) => swapOf(bot, i === 1 ? 'sell' : 'buy', 1_000, 100, T0 + 2 * HOUR, front, i)),
      // A sandwich in one block: front-run, victim, back-run.
      swapOf(mev, 'buy', 10_000, 100, T0 + 2 * HOUR, front + 1, 0, sandwichBlock),
      swapOf(victim, 'buy', 3_000, 100.5, T0 + 2 * HOUR, front + 1, 1, sandwichBlock),
      swapOf(mev, 'sell', 10_100, 101, T0 + 2 * HOUR, front + 1, 2, sandwichBlock),
    ]);
    await waitFor(() => latest(tknRanking)?.wallets.some((w) => w.address === mev), { what: 'the first ranking with the sandwicher', timeoutMs: 30_000 });
    // The rise: +25 % within the lead window of the early buys.
    await tick(TKN, 125, T0 + 5 * HOUR);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM "${schema}".sm_buys WHERE outcome = 'ahead'`)).rows[0].n >= 3, { what: 'the early buys decided ahead' });
    await sendSwaps(late.map((w, i) => swapOf(w, 'buy', 5_000 + i * 1_000, 125, T0 + 30 * HOUR)));
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM "${schema}".sm_swaps`)).rows[0].n === 12, { what: 'the late buys applied' });
    // The late buyers' window passes without a rise: a fall.
    await tick(TKN, 110, T0 + 60 * HOUR);

    const ranking = await waitFor(
      () => {
        const r = latest(tknRanking);
        return r && r.wallets.filter((w) => late.includes(w.address) && w.buysEvaluated === 1).length === 3 ? r : undefined;
      },
      { what: 'a ranking with the late buys decided', timeoutMs: 30_000 },
    );
    const traders = ranking.wallets.filter((w) => w.label === 'trader');
    expect(traders.map((w) => w.rank)).toEqual(traders.map((_, i) => i + 1));
    const rankOf = (address: string) => traders.find((w) => w.address === address)?.rank ?? Infinity;
    expect(Math.max(...early.map(rankOf))).toBeLessThan(Math.min(...late.map(rankOf)));
    expect(Math.max(...late.map(rankOf))).toBeLessThan(Infinity);
    expect(traders.find((w) => w.address === early[0])).toMatchObject({ buysAhead: 1, buysEvaluated: 1, aheadRate: 1, tradeCount: 1, volumeUsd: 5_000, unrealisedPnlUsd: 500 });
    expect(traders.find((w) => w.address === late[0])).toMatchObject({ buysAhead: 0, buysEvaluated: 1, unrealisedPnlUsd: -600 });
    expect(ranking.rankedBy).toBe('classifier');
    expect(ranking.wallets.find((w) => w.address === mev)).toMatchObject({ label: 'mev', rank: null });
    expect(ranking.wallets.find((w) => w.address === bot)).toMatchObject({ label: 'bot', rank: null });
    expect(ranking.wallets.find((w) => w.address === victim)).toMatchObject({ label: 'trader' });
    expect(ranking.wallets.find((w) => w.address === early[0])?.recentMoves).toEqual([expect.objectContaining({ side: 'buy', tokenIn: USD, tokenOut: TKN, amountIn: '5000000000', valueUsd: 5_000 })]);
    expect(latest(`${CHAIN}:protocol:demo-dex`)?.wallets.length).toBeGreaterThan(0);
  }, 120_000);

  it('counts nothing twice when the service restarts and the same swaps arrive again, and takes a retracted swap back out', async () => {
    await analytics?.close();
    analytics = await start();
    await sendSwaps([...sent]); // every swap again: a replay after a restart
    const marker = swapOf(wallet('newcomer'), 'buy', 1_000, 110, T0 + 61 * HOUR);
    await sendSwaps([marker]);
    const after = await waitFor(() => latest(tknRanking)?.wallets.some((w) => w.address === marker.txFrom) && latest(tknRanking), { what: 'a ranking after the replay', timeoutMs: 30_000 });
    for (const w of [...early, ...late]) expect(after.wallets.find((x) => x.address === w)).toMatchObject({ tradeCount: 1 });
    expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}".sm_swaps`)).rows[0].n).toBe(13);

    const retracted = sent.find((swap) => swap.txFrom === early[0]) as DexSwap;
    await sendSwaps([{ ...retracted, status: 'retracted' }]);
    const withoutIt = await waitFor(() => !latest(tknRanking)?.wallets.some((w) => w.address === early[0]) && latest(tknRanking), { what: 'the ranking without the retracted wallet', timeoutMs: 30_000 });
    expect(withoutIt.wallets.filter((w) => early.includes(w.address)).length).toBe(2);
  }, 120_000);
});

/**
 * Smart-money benchmark: confirmed swaps per second through the analytics service (one instance, in this process:
 * Kafka in, MEV detection of the block and the smart-money book in Postgres, each swap applied once), beside a baseline
 * measured in the same run on the same topic: a bare kafkajs consumer that reads and validates every message.
 *
 *   npm run -s bench:smart-money
 *   BENCH_SWAPS=20000 npm run -s bench:smart-money
 *   BENCH_PARTITIONS=3 npm run -s bench:smart-money   # the three partitions consumed concurrently
 */
import { TOPICS, catalogue, dexSwapMessageId, marketTickId, type DexSwap, type MarketTick } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, dropSchema, isolatedServiceEnv, testInfra, uniqueToken } from '@pum/testing';
import { Client } from 'pg';
import { loadAnalyticsConfig } from '../../services/analytics/src/config';
import { startAnalytics } from '../../services/analytics/src/create-app';

const N = Number(process.env.BENCH_SWAPS ?? 5_000);
const WALLETS = 300;
const PER_BLOCK = 10;
const CHAIN = 31337;
const USD = `0x${'a1'.repeat(20)}` as const;
const TKN = `0x${'b2'.repeat(20)}` as const;
const T0 = 1_760_000_000;
const log = (msg: string) => process.stderr.write(`bench:smart-money: ${msg}\n`);
const hash = (n: number, salt: number) => `0x${(n * 7919 + salt).toString(16).padStart(64, '0')}` as `0x${string}`;
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as `0x${string}`;

function swapAt(i: number): DexSwap {
  const block = Math.floor(i / PER_BLOCK);
  const wallet = addr(0x1000 + ((i * 37) % WALLETS));
  const buy = i % 3 !== 2;
  const tx = hash(i, 1);
  return {
    swapId: `${CHAIN}:${tx}:0`,
    status: 'confirmed',
    chainId: CHAIN,
    blockNumber: String(1_000 + block),
    blockHash: hash(block, 2),
    blockTimestamp: T0 + block * 12,
    transactionHash: tx,
    transactionIndex: i % PER_BLOCK,
    logIndex: i % PER_BLOCK,
    pool: addr(0x9000 + (i % 5)),
    protocol: 'uniswap-v2',
    sender: wallet,
    recipient: wallet,
    txFrom: wallet,
    tokenIn: buy ? USD : TKN,
    tokenOut: buy ? TKN : USD,
    amountIn: buy ? '1000000000' : '5000000000000000000',
    amountOut: buy ? '10000000000000000000' : '500000000',
    tokenInDecimals: buy ? 6 : 18,
    tokenOutDecimals: buy ? 18 : 6,
    protocolId: 'bench-dex',
  };
}

async function main(): Promise<void> {
  const token = uniqueToken('benchsm');
  const schema = `${token.toLowerCase()}_sm`;
  const probe = new KafkaProbe(`${token}.`);
  const db = new Client({ connectionString: testInfra.databaseUrl });
  await db.connect();
  await probe.createTopics();
  const app = await startAnalytics(loadAnalyticsConfig(isolatedServiceEnv(token, { SERVICE: 'analytics', DATABASE_SCHEMA: schema, SMART_MONEY_PUBLISH_INTERVAL_MS: '1000', KAFKA_PARTITIONS_CONCURRENCY: process.env.BENCH_PARTITIONS ?? '1' })), new JsonLogger('analytics', 'silent'));
  try {
    for (const [subject, value] of [[USD, 1], [TKN, 100]] as const) {
      const payload: MarketTick = { tickId: '', subject: { type: 'asset', id: `${CHAIN}:${subject}` }, metric: 'price', value, currency: 'usd', timestamp: new Date(T0 * 1000).toISOString(), source: 'uniswap-v2', protocolId: null, chainId: CHAIN, windowSeconds: null };
      payload.tickId = marketTickId(payload);
      const message = { version: 1, type: 'market.tick', id: payload.tickId, occurredAt: payload.timestamp, producedAt: new Date().toISOString(), source: 'bench', payload };
      await probe.send(probe.namer.physical(TOPICS.marketTicks), [{ key: payload.subject.id, value: JSON.stringify(message) }]);
    }
    while (Number((await db.query(`SELECT count(*) AS n FROM "${schema}".token_prices`)).rows[0].n) < 2) await new Promise((r) => setTimeout(r, 50));

    const messages = Array.from({ length: N }, (_, i) => {
      const swap = swapAt(i);
      const envelope = { version: 1, type: 'dex.swap', id: dexSwapMessageId(swap), occurredAt: new Date(swap.blockTimestamp * 1000).toISOString(), producedAt: new Date().toISOString(), source: 'bench', payload: swap };
      return { key: `${CHAIN}:${swap.pool}`, value: JSON.stringify(envelope) };
    });
    const start = performance.now();
    for (let i = 0; i < messages.length; i += 1_000) await probe.send(probe.namer.physical(TOPICS.dexSwaps), messages.slice(i, i + 1_000));
    const deadline = Date.now() + 600_000;
    let applied = 0;
    while (applied < N && Date.now() < deadline) {
      applied = Number((await db.query(`SELECT count(*) AS n FROM "${schema}".sm_swaps`)).rows[0].n);
      if (applied < N) await new Promise((r) => setTimeout(r, 50));
    }
    const serviceMs = performance.now() - start;
    if (applied < N) throw new Error(`only ${applied} of ${N} swaps applied in time`);

    // Baseline: the same topic read and validated by a bare consumer.
    const consumer = probe.kafka.consumer({ groupId: `${token}-baseline`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: probe.namer.physical(TOPICS.dexSwaps), fromBeginning: true });
    let read = 0;
    const baseStart = performance.now();
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          catalogue[TOPICS.dexSwaps].parse(JSON.parse(message.value?.toString() ?? ''));
          if (++read === N) resolve();
        },
      });
    });
    await done;
    const baseMs = performance.now() - baseStart;
    await consumer.disconnect();

    const rate = (ms: number) => Math.round(N / (ms / 1000)).toLocaleString('en');
    console.log(`swaps ${N.toLocaleString('en')} (confirmed, ${WALLETS} wallets, ${PER_BLOCK} a block), one analytics instance`);
    console.log(`baseline  kafkajs read + parse + validate:          ${baseMs.toFixed(0)} ms  (${rate(baseMs)} swaps/s)`);
    console.log(`analytics MEV per block + smart-money book, stored: ${serviceMs.toFixed(0)} ms  (${rate(serviceMs)} swaps/s)`);
  } finally {
    await app.close();
    await probe.dispose();
    await db.end();
    await dropSchema(schema);
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

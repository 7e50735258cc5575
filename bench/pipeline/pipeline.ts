/**
 * End-to-end latency of the pipeline: a block with upgrade-relevant logs is available at the RPC → ingest-chain
 * (raw log) → its decoder (normalised protocol event) → risk-engine (assessment) → the gateway's Socket.IO push →
 * a client. For BENCH_SECONDS (120) at each rate of BENCH_RATES (10,100,1000 events/s), on a private Hardhat node:
 * LogSpammer (tools/devnet/contracts) emits EIP-1967 `Upgraded` logs, one transaction = one automined block every
 * BENCH_BLOCK_MS (250), the rate's share of logs in each. Services are spawned as `npm start` runs them
 * (@pum/testing's spawnService), ingest-chain on the node's newHeads subscription (CHAIN_WS_URL) with the poll
 * interval BENCH_POLL_MS (1000) as its fallback; BENCH_WS=off measures polling alone, to state what it costs.
 *
 * Times: `available` is when `eth_sendTransaction` of the block's transaction returned (Hardhat automines before it
 * answers, so the block was at the RPC no later than that); each stage's time is its envelope's `producedAt`
 * (chain.logs.raw.v1, protocol.events.v1, risk.assessments.v1, read off the topics by a watcher); `received` is the
 * client's clock on `protocol.event` (the first, pending, delivery) and `risk.assessment`. One machine, one clock.
 * Beside it, in the same run and on the same broker: a bare kafkajs produce → consume round trip at the same rate.
 *
 *   npm run -s bench:pipeline            # BENCH_SECONDS=20 BENCH_RATES=100 for a quick look
 */
import { catalogue, TOPICS, type TopicName } from '@pum/contracts';
import { loadArtifacts } from '@pum/devnet';
import { clearRedisPrefix, dropSchema, isolatedServiceEnv, spawnService, startDevnetNode, testInfra, uniqueToken, type DevnetNode, type SpawnedService } from '@pum/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createPublicClient, createWalletClient, http, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { accountsCommandWithFiles } from '../../services/gateway/test/accounts-fixtures';

const ROOT = join(__dirname, '..', '..');
const env = process.env;
const SETTINGS = {
  seconds: Number(env.BENCH_SECONDS ?? 120),
  rates: (env.BENCH_RATES ?? '10,100,1000').split(',').map(Number),
  blockMs: Number(env.BENCH_BLOCK_MS ?? 250),
  pollMs: Number(env.BENCH_POLL_MS ?? 1000),
  ws: env.BENCH_WS !== 'off',
  /** After the load stops, how long stragglers may take before they count as lost. */
  drainMs: Number(env.BENCH_DRAIN_MS ?? 20_000),
};
/** Hardhat's first account (the private node's, used by nobody else). */
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const log = (text: string) => process.stderr.write(`bench:pipeline: ${text}\n`);

interface Trace {
  available: number;
  raw?: number;
  normalised?: number;
  risk?: number;
  delivered?: number;
  riskDelivered?: number;
}

async function main(): Promise<void> {
  const token = uniqueToken('pipe');
  const schema = (service: string) => `${token}_${service.replace(/-/g, '_')}`.toLowerCase();
  const services: SpawnedService[] = [];
  let node: DevnetNode | undefined;
  const kafka = new Kafka({ clientId: 'bench-pipeline', brokers: testInfra.brokers, logLevel: logLevel.NOTHING });
  const consumers: Consumer[] = [];
  let socket: Socket | undefined;
  let bare: Awaited<ReturnType<typeof bareRoundTrip>> | undefined;
  try {
    node = await startDevnetNode();
    const account = privateKeyToAccount(KEY);
    const transport = http(node.rpcUrl, { timeout: 60_000 });
    const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50 });
    const wallet = createWalletClient({ chain: hardhat, transport, account });
    const { LogSpammer } = (await loadArtifacts()).contracts;
    const deployed = await publicClient.waitForTransactionReceipt({ hash: await wallet.deployContract({ abi: LogSpammer.abi, bytecode: LogSpammer.bytecode }) });
    const spammer = deployed.contractAddress as Address;
    const head = await publicClient.getBlockNumber();

    const prefix = `${token}.`;
    const admin = kafka.admin();
    await admin.connect();
    const topics = Object.values(TOPICS).flatMap((topic) => [`${prefix}${topic}`, `${prefix}${topic}.dlq`]);
    await admin.createTopics({ topics: [...topics.map((topic) => ({ topic, numPartitions: 3 })), { topic: `${prefix}bare`, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const serviceEnv = (service: string, extra: Record<string, string> = {}) => ({
      ...isolatedServiceEnv(token, { SERVICE: service, ...extra }),
      DATABASE_SCHEMA: schema(service),
      LOG_LEVEL: 'warn',
    });
    const chainEnv = {
      CHAIN_RPC_URL: node.rpcUrl,
      CHAIN_POLL_INTERVAL_MS: String(SETTINGS.pollMs),
      CHAIN_START_BLOCK: (head + 1n).toString(),
      CHAIN_CONFIRMATIONS: '2',
      CHAIN_FINALITY_DEPTH: '64',
      ...(SETTINGS.ws ? { CHAIN_WS_URL: node.rpcUrl.replace(/^http/, 'ws') } : {}),
    };
    log(`spawning gateway, risk-engine, ingest-chain (newHeads ${SETTINGS.ws ? 'on' : 'off'}, poll ${SETTINGS.pollMs} ms)…`);
    services.push(
      ...(await Promise.all([
        spawnService('gateway', serviceEnv('gateway'), 120_000),
        spawnService('risk-engine', serviceEnv('risk-engine', { CHAIN_RPC_URL: node.rpcUrl }), 120_000),
        spawnService('ingest-chain', serviceEnv('ingest-chain', chainEnv), 120_000),
      ])),
    );
    const files = new Map<string, string>();
    await accountsCommandWithFiles(files, serviceEnv('gateway'), 'demo', '--key-file', 'key');

    // Each log's trace, by the implementation address it names (LogSpammer numbers them 1, 2, 3, …).
    const traces = new Map<string, Trace>();
    const watch = async (topic: TopicName, onMessage: (payload: Record<string, unknown>, producedAt: number) => void) => {
      const consumer = kafka.consumer({ groupId: `${token}-watch-${topic}`, maxWaitTimeInMs: 20 });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic: `${prefix}${topic}`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const parsed = catalogue[topic].safeParse(JSON.parse(message.value?.toString() ?? 'null'));
          if (parsed.success) onMessage(parsed.data.payload as Record<string, unknown>, Date.parse(parsed.data.producedAt));
        },
      });
    };
    const first = (address: unknown, field: keyof Trace, at: number) => {
      const trace = typeof address === 'string' ? traces.get(address.toLowerCase()) : undefined;
      if (trace && trace[field] === undefined) trace[field] = at;
    };
    const addressOfTopic = (topics: unknown) => (Array.isArray(topics) && typeof topics[1] === 'string' ? `0x${topics[1].slice(26)}` : undefined);
    await watch(TOPICS.chainLogsRaw, (payload, at) => payload.status === 'pending' && first(addressOfTopic(payload.topics), 'raw', at));
    await watch(TOPICS.protocolEvents, (payload, at) => payload.status === 'pending' && first(payload.newImplementation, 'normalised', at));
    const eventToAddress = new Map<string, string>();
    await watch(TOPICS.protocolEvents, (payload) => typeof payload.eventId === 'string' && typeof payload.newImplementation === 'string' && void eventToAddress.set(payload.eventId, payload.newImplementation));
    // A per-event assessment names its event as subjectId (risk-assessment.ts).
    await watch(TOPICS.riskAssessments, (payload, at) => payload.subjectType === 'upgrade' && first(eventToAddress.get(String(payload.subjectId)), 'risk', at));

    socket = io(services[0]!.url, { transports: ['websocket'], auth: { apiKey: files.get('key')!.trim() } });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });
    await socket.emitWithAck('subscribe', { channels: ['upgrades'] });
    socket.on('protocol.event', (message: { payload: { newImplementation?: string; status: string } }) => {
      if (message.payload.status === 'pending') first(message.payload.newImplementation, 'delivered', Date.now());
    });
    socket.on('risk.assessment', (message: { payload: { subjectType?: string; subjectId?: string } }) => {
      if (message.payload.subjectType === 'upgrade') first(eventToAddress.get(message.payload.subjectId ?? ''), 'riskDelivered', Date.now());
    });

    // Warm-up: one block through the whole path, so group joins and first compilations are not measured.
    let emitted = 0;
    const emit = async (n: number) => {
      const before = Date.now();
      const hash = await wallet.writeContract({ address: spammer, abi: LogSpammer.abi, functionName: 'emitUpgraded', args: [BigInt(n)], gas: 60_000n + 3_000n * BigInt(n) });
      const available = Date.now();
      for (let i = 1; i <= n; i++) traces.set(`0x${(emitted + i).toString(16).padStart(40, '0')}`, { available });
      emitted += n;
      return { hash, sendMs: available - before };
    };
    log('warming up…');
    const warm = emitted;
    await emit(1);
    const warmKey = `0x${(warm + 1).toString(16).padStart(40, '0')}`;
    for (const deadline = Date.now() + 90_000; traces.get(warmKey)?.delivered === undefined; ) {
      if (Date.now() > deadline) throw new Error('warm-up: the first log never reached the socket client');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    traces.clear();

    bare = await bareRoundTrip(kafka, `${prefix}bare`);
    const rows: string[] = [];
    for (const rate of SETTINGS.rates) {
      log(`${rate} events/s for ${SETTINGS.seconds} s (a block every ${SETTINGS.blockMs} ms)…`);
      const startKey = emitted;
      const blocks = Math.round((SETTINGS.seconds * 1000) / SETTINGS.blockMs);
      const bareRun = bare.start(rate);
      const sendTimes: number[] = [];
      let owed = 0;
      const started = Date.now();
      for (let b = 0; b < blocks; b++) {
        owed += (rate * SETTINGS.blockMs) / 1000;
        const n = Math.floor(owed);
        owed -= n;
        if (n > 0) sendTimes.push((await emit(n)).sendMs);
        const next = started + (b + 1) * SETTINGS.blockMs;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
      const bareLatencies = await bareRun.stop();
      const keys = Array.from({ length: emitted - startKey }, (_, i) => `0x${(startKey + i + 1).toString(16).padStart(40, '0')}`);
      const drainUntil = Date.now() + SETTINGS.drainMs;
      while (Date.now() < drainUntil && keys.some((key) => traces.get(key)?.delivered === undefined || traces.get(key)?.riskDelivered === undefined)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const mine = keys.map((key) => traces.get(key)!);
      const gap = (from: keyof Trace, to: keyof Trace) => mine.flatMap((t) => (t[from] !== undefined && t[to] !== undefined ? [t[to]! - t[from]!] : []));
      const delivered = gap('available', 'delivered');
      rows.push(
        [
          `${rate}/s`,
          `${mine.length}`,
          `${mine.length - delivered.length}`,
          stats(delivered),
          stats(gap('available', 'raw')),
          stats(gap('raw', 'normalised')),
          stats(gap('normalised', 'delivered')),
          stats(gap('normalised', 'risk')),
          stats(gap('available', 'riskDelivered')),
          stats(bareLatencies),
          `${Math.round(percentile(sendTimes, 0.5))}`,
        ].join(' | '),
      );
      log(`${rate}/s: ${delivered.length}/${mine.length} delivered; p99 ${Math.round(percentile(delivered, 0.99))} ms`);
      for (const key of keys) traces.delete(key);
    }
    const header = [
      'rate',
      'events',
      'lost',
      'block → client (pending) p50/p99/max ms',
      'block → raw',
      'raw → normalised',
      'normalised → client',
      'normalised → risk',
      'block → risk at client',
      'bare kafkajs produce → consume',
      'send ms p50',
    ];
    const table = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row} |`)].join('\n');
    const report = [
      `bench:pipeline — ${SETTINGS.seconds} s per rate, a block every ${SETTINGS.blockMs} ms, newHeads ${SETTINGS.ws ? 'on' : 'off'}, poll interval ${SETTINGS.pollMs} ms, CHAIN_CONFIRMATIONS=2`,
      table,
      'Target: p99 block → client (pending) under 250 ms at 1000 events/s. Stage columns from the envelopes\' producedAt; "bare" is kafkajs alone on the same broker at the same rate.',
    ].join('\n');
    mkdirSync(join(ROOT, '.local', 'bench'), { recursive: true });
    writeFileSync(join(ROOT, '.local', 'bench', 'pipeline-report.md'), `${report}\n`);
    process.stdout.write(`${report}\n`);
  } finally {
    socket?.close();
    await bare?.close();
    await Promise.allSettled(consumers.map((consumer) => consumer.disconnect()));
    await Promise.allSettled(services.map((service) => service.stop()));
    await node?.stop();
    await clearRedisPrefix(`${token}:`).catch(() => undefined);
    for (const service of ['gateway', 'risk-engine', 'ingest-chain']) await dropSchema(schema(service)).catch(() => undefined);
  }
}

/** A bare kafkajs producer → consumer on one topic of the same broker: each message carries its send time. */
async function bareRoundTrip(kafka: Kafka, topic: string) {
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `${topic}-bare`, maxWaitTimeInMs: 20 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: false });
  let latencies: number[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void latencies.push(Date.now() - Number(message.value?.toString())) });
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // the group's first join
  return {
    start(rate: number) {
      latencies = [];
      let running = true;
      const loop = (async () => {
        const perTick = Math.max(1, Math.round(rate / 20));
        while (running) {
          const at = Date.now();
          await producer.send({ topic, messages: Array.from({ length: perTick }, () => ({ value: String(Date.now()) })) });
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (Date.now() - at))));
        }
      })();
      return {
        async stop(): Promise<number[]> {
          running = false;
          await loop;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          return latencies;
        },
      };
    },
    async close() {
      await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
    },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function stats(values: number[]): string {
  if (values.length === 0) return '—';
  return `${Math.round(percentile(values, 0.5))} / ${Math.round(percentile(values, 0.99))} / ${Math.round(Math.max(...values))}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);

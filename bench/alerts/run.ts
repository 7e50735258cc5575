/**
 * bench:alerts — from a matching event published on Kafka to the webhook receiver getting the signed
 * request, through the alerts service (one instance, in this process), beside a baseline measured in
 * the same run: a bare kafkajs consumer that parses each event, checks the same condition and POSTs
 * the same signed body over one keep-alive agent (no rules table, no outbox, no dedup). See README.md.
 *
 * Env: BENCH_ALERTS (1000), BENCH_RATE (paced run, events/s; 100), BENCH_TIMEOUT_S (120), BENCH_INPUT (`paused`:
 * control-plane events; `price`: market.ticks.v1 price ticks, each a 6 % move over its series' stored window).
 */
import { TOPICS, catalogue, marketTickId, protocolEventMessageId, type MarketTick, type MessageOf, type ProtocolEvent } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, testInfra, uniqueToken } from '@pum/testing';
import { Client } from 'pg';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadAlertsConfig } from '../../services/alerts/src/config';
import { startAlerts } from '../../services/alerts/src/create-app';

const N = Number(process.env.BENCH_ALERTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 120) * 1000;
const INPUT = process.env.BENCH_INPUT === 'price' ? 'price' : 'paused';
const SECRET = 'whsec_bench_0123456789abcdefghij';
const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;
const log = (msg: string) => process.stderr.write(`bench:alerts: ${msg}\n`);

/** The receiver: checks each signature, records when each input message's alert arrived. */
class Receiver {
  readonly arrivals = new Map<string, number>();
  bad = 0;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const expected = createHmac('sha256', SECRET).update(`${String(req.headers['x-timestamp'])}.${body}`).digest('hex');
      if (expected !== req.headers['x-signature']) this.bad++;
      const messageId = (JSON.parse(body) as { alert: { messageId: string } }).alert.messageId;
      if (!this.arrivals.has(messageId)) this.arrivals.set(messageId, performance.now());
      res.writeHead(200).end('ok');
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function pausedEvent(): MessageOf<'protocol.events.v1'> {
  const transactionHash = hex(32);
  const payload = {
    kind: 'paused', standard: 'pausable', account: hex(20), eventId: `31337:${transactionHash}:0`, status: 'confirmed', chainId: 31337, contract: hex(20),
    blockNumber: '100', blockHash: hex(32), transactionHash, logIndex: 0, protocolId: 'bench',
  } as ProtocolEvent;
  return catalogue[TOPICS.protocolEvents].parse({ version: 1, type: 'protocol.event', id: protocolEventMessageId(payload), occurredAt: new Date().toISOString(), producedAt: new Date().toISOString(), source: 'bench', payload });
}

/** A CoinGecko-shaped price tick of `asset`. */
function priceTick(asset: string, value: number, timestamp: string): MessageOf<'market.ticks.v1'> {
  const base = { subject: { type: 'asset' as const, id: asset }, metric: 'price' as const, source: 'coingecko' as const, chainId: null, timestamp };
  const payload: MarketTick = { tickId: marketTickId(base), value, currency: 'usd', protocolId: 'bench', windowSeconds: null, ...base };
  return catalogue[TOPICS.marketTicks].parse({ version: 1, type: 'market.tick', id: payload.tickId, occurredAt: timestamp, producedAt: new Date().toISOString(), source: 'bench', payload });
}

/** One input message the rule matches, with the key it is published under. */
interface Input {
  id: string;
  key: string;
  value: string;
}

/**
 * The inputs of one run. `price`: N new series, each given a first tick at 100 before the clock starts (stored, matching
 * nothing), so each timed tick at 106 is a 6 % move within the rule's window — a window read from Postgres per tick.
 */
async function inputs(probe: KafkaProbe, schema: string | null): Promise<{ topic: string; events: Input[] }> {
  if (INPUT === 'paused') {
    return { topic: probe.namer.physical(TOPICS.protocolEvents), events: Array.from({ length: N }, pausedEvent).map((e) => ({ id: e.id, key: e.payload.contract, value: JSON.stringify(e) })) };
  }
  const topic = probe.namer.physical(TOPICS.marketTicks);
  const assets = Array.from({ length: N }, () => `bench-${randomBytes(6).toString('hex')}`);
  const t0 = Date.now() - 120_000;
  const first = assets.map((asset) => priceTick(asset, 100, new Date(t0).toISOString()));
  for (let i = 0; i < first.length; i += 250) await probe.send(topic, first.slice(i, i + 250).map((e) => ({ key: `asset:${e.payload.subject.id}`, value: JSON.stringify(e) })));
  if (schema !== null) {
    // The service stored every first tick (the baseline keeps no window: nothing to wait for).
    const db = new Client({ connectionString: testInfra.databaseUrl });
    await db.connect();
    try {
      const stored = async () => Number((await db.query(`SELECT count(*) AS n FROM "${schema}".market_points WHERE series_id = ANY($1)`, [first.map((e) => `coingecko:asset:${e.payload.subject.id}:price`)])).rows[0].n);
      while ((await stored()) < N) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await db.end();
    }
  }
  const moved = assets.map((asset) => priceTick(asset, 106, new Date(t0 + 60_000).toISOString()));
  return { topic, events: moved.map((e) => ({ id: e.id, key: `asset:${e.payload.subject.id}`, value: JSON.stringify(e) })) };
}

interface RunResult {
  label: string;
  mode: 'paced' | 'burst';
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  delivered: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Publishes N matching events (paced at RATE/s, or all at once) and waits until each reached the receiver. */
async function run(label: string, mode: 'paced' | 'burst', probe: KafkaProbe, receiver: Receiver, schema: string | null): Promise<RunResult> {
  const { topic, events } = await inputs(probe, schema);
  receiver.arrivals.clear();
  const sent = new Map<string, number>();
  const started = performance.now();
  if (mode === 'burst') {
    for (let i = 0; i < events.length; i += 250) {
      const chunk = events.slice(i, i + 250);
      const at = performance.now();
      chunk.forEach((e) => sent.set(e.id, at));
      await probe.send(topic, chunk.map((e) => ({ key: e.key, value: e.value })));
    }
  } else {
    for (const [i, event] of events.entries()) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sent.set(event.id, performance.now());
      await probe.send(topic, [{ key: event.key, value: event.value }]);
    }
  }
  const deadline = Date.now() + TIMEOUT_MS;
  while (receiver.arrivals.size < N && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const latencies = [...sent].flatMap(([id, at]) => (receiver.arrivals.has(id) ? [receiver.arrivals.get(id)! - at] : [])).sort((a, b) => a - b);
  const last = Math.max(...receiver.arrivals.values());
  return { label, mode, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? NaN, perSecond: (receiver.arrivals.size / (last - started)) * 1000, delivered: receiver.arrivals.size };
}

/** The baseline: consume, parse, check `kind === 'paused'`, sign and POST — one keep-alive agent, 16 requests in flight. */
async function baseline(token: string, receiver: Receiver): Promise<{ probe: KafkaProbe; stop: () => Promise<void> }> {
  const probe = new KafkaProbe(`${token}.`);
  await probe.createTopics(6);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL(receiver.url);
  const consumer = probe.kafka.consumer({ groupId: `${token}-baseline`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics: [probe.namer.physical(INPUT === 'price' ? TOPICS.marketTicks : TOPICS.protocolEvents)], fromBeginning: true });
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signature } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end(body);
    });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const posts: Promise<void>[] = [];
      for (const message of batch.messages) {
        const json: unknown = JSON.parse(message.value?.toString() ?? 'null');
        // price: a stateless check against a fixed level — no window, the floor a windowed rule costs against.
        const parsed = INPUT === 'price' ? catalogue[TOPICS.marketTicks].safeParse(json) : catalogue[TOPICS.protocolEvents].safeParse(json);
        const matches = parsed.success && ('metric' in parsed.data.payload ? parsed.data.payload.value >= 105 : parsed.data.payload.kind === 'paused');
        if (parsed.success && matches) posts.push(post(JSON.stringify({ deliveryId: parsed.data.id, alert: { messageId: parsed.data.id, kind: 'fired' }, url: null })));
        resolveOffset(message.offset);
      }
      await Promise.all(posts);
      await heartbeat();
    },
  });
  // Wait for the group to be assigned before timing.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return { probe, stop: async () => { await consumer.disconnect(); agent.destroy(); } };
}

async function main(): Promise<void> {
  const receiver = new Receiver();
  await receiver.start();
  const serviceToken = uniqueToken('benchalerts');
  const probe = new KafkaProbe(`${serviceToken}.`);
  await probe.createTopics(6);
  const env = isolatedServiceEnv(serviceToken, { SERVICE: 'alerts', ALERTS_ALLOWED_HOSTS: '127.0.0.1', ALERTS_POLL_INTERVAL_MS: '50', ALERTS_DELIVERY_CONCURRENCY: '16', LOG_LEVEL: 'error', ...(process.env.KAFKA_PARTITIONS_CONCURRENCY ? { KAFKA_PARTITIONS_CONCURRENCY: process.env.KAFKA_PARTITIONS_CONCURRENCY } : {}) });
  const app = await startAlerts(loadAlertsConfig(env), new JsonLogger('alerts', 'error'));
  const results: RunResult[] = [];
  try {
    const updatedAt = new Date().toISOString();
    await probe.send(probe.namer.physical(TOPICS.alertRules), [
      {
        key: 'bench-rule',
        value: JSON.stringify(
          catalogue[TOPICS.alertRules].parse({
            version: 1, type: 'alert.rule', id: `bench-rule@${updatedAt}`, occurredAt: updatedAt, producedAt: updatedAt, source: 'bench',
            payload: { ruleId: 'bench-rule', ownerId: 'bench', name: `bench ${INPUT}`, enabled: true, conditions: [INPUT === 'price' ? { type: 'price_move', windowSeconds: 3600, minChangePercent: 5 } : { type: 'control_event', kinds: ['paused'] }], channels: [{ type: 'webhook', url: receiver.url, secret: SECRET }], updatedAt },
          }),
        ),
      },
    ]);
    // Warm-up: the rule stored, the group joined, the first delivery made.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const warmAt = Date.now() - 60_000;
    const warm = INPUT === 'price' ? [priceTick('bench-warm', 100, new Date(warmAt).toISOString()), priceTick('bench-warm', 110, new Date(warmAt + 1000).toISOString())] : [pausedEvent()];
    await probe.send(probe.namer.physical(INPUT === 'price' ? TOPICS.marketTicks : TOPICS.protocolEvents), warm.map((e) => ({ key: 'warm', value: JSON.stringify(e) })));
    while (!receiver.arrivals.has(warm.at(-1)!.id)) await new Promise((resolve) => setTimeout(resolve, 50));
    log(`service: paced run, ${N} alerts at ${RATE}/s…`);
    results.push(await run('alerts service', 'paced', probe, receiver, serviceToken.toLowerCase()));
    log('service: burst run…');
    results.push(await run('alerts service', 'burst', probe, receiver, serviceToken.toLowerCase()));
  } finally {
    await app.close();
    await probe.dispose();
    await clearRedisPrefix(`${serviceToken}:`);
    await dropSchema(serviceToken.toLowerCase());
  }
  const baseToken = uniqueToken('benchbase');
  const base = await baseline(baseToken, receiver);
  try {
    log(`baseline: paced run, ${N} at ${RATE}/s…`);
    results.push(await run('baseline (kafkajs → POST)', 'paced', base.probe, receiver, null));
    log('baseline: burst run…');
    results.push(await run('baseline (kafkajs → POST)', 'burst', base.probe, receiver, null));
  } finally {
    await base.stop();
    await base.probe.dispose();
  }
  await receiver.stop();
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  const lines = [
    `bench:alerts — ${N} matching ${INPUT === 'price' ? 'price ticks (6 % moves over a stored window)' : 'paused events'} per run, Kafka publish → signed webhook request received (ms); one service instance; bad signatures: ${receiver.bad}`,
    '',
    '| path | run | delivered | p50 ms | p99 ms | max ms | alerts/s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.label} | ${r.mode === 'paced' ? `paced ${RATE}/s` : 'burst'} | ${r.delivered}/${N} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.perSecond)} |`),
  ];
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  mkdirSync('.local/bench', { recursive: true });
  writeFileSync(`.local/bench/alerts${INPUT === 'price' ? '-price' : ''}-report.txt`, `${report}\n`);
  if (results.some((r) => r.delivered < N)) process.exit(1);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:alerts: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);

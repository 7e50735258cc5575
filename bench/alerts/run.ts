/**
 * bench:alerts — from a matching event published on Kafka to the webhook receiver getting the signed
 * request, through the alerts service (one instance, in this process), beside a baseline measured in
 * the same run: a bare kafkajs consumer that parses each event, checks the same condition and POSTs
 * the same signed body over one keep-alive agent (no rules table, no outbox, no dedup). See README.md.
 *
 * Env: BENCH_ALERTS (1000), BENCH_RATE (paced run, events/s; 100), BENCH_TIMEOUT_S (120).
 */
import { TOPICS, catalogue, protocolEventMessageId, type MessageOf, type ProtocolEvent } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { KafkaProbe, clearRedisPrefix, dropSchema, isolatedServiceEnv, uniqueToken } from '@pum/testing';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadAlertsConfig } from '../../services/alerts/src/config';
import { startAlerts } from '../../services/alerts/src/create-app';

const N = Number(process.env.BENCH_ALERTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 120) * 1000;
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
async function run(label: string, mode: 'paced' | 'burst', probe: KafkaProbe, receiver: Receiver): Promise<RunResult> {
  receiver.arrivals.clear();
  const sent = new Map<string, number>();
  const topic = probe.namer.physical(TOPICS.protocolEvents);
  const events = Array.from({ length: N }, pausedEvent);
  const started = performance.now();
  if (mode === 'burst') {
    for (let i = 0; i < events.length; i += 250) {
      const chunk = events.slice(i, i + 250);
      const at = performance.now();
      chunk.forEach((e) => sent.set(e.id, at));
      await probe.send(topic, chunk.map((e) => ({ key: e.payload.contract, value: JSON.stringify(e) })));
    }
  } else {
    for (const [i, event] of events.entries()) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sent.set(event.id, performance.now());
      await probe.send(topic, [{ key: event.payload.contract, value: JSON.stringify(event) }]);
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
  await consumer.subscribe({ topics: [probe.namer.physical(TOPICS.protocolEvents)], fromBeginning: true });
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
        const parsed = catalogue[TOPICS.protocolEvents].safeParse(JSON.parse(message.value?.toString() ?? 'null'));
        if (parsed.success && parsed.data.payload.kind === 'paused') posts.push(post(JSON.stringify({ deliveryId: parsed.data.id, alert: { messageId: parsed.data.id, kind: 'fired' }, url: null })));
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
            payload: { ruleId: 'bench-rule', ownerId: 'bench', name: 'bench pauses', enabled: true, conditions: [{ type: 'control_event', kinds: ['paused'] }], channels: [{ type: 'webhook', url: receiver.url, secret: SECRET }], updatedAt },
          }),
        ),
      },
    ]);
    // Warm-up: the rule stored, the group joined, the first delivery made.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const warm = pausedEvent();
    await probe.send(probe.namer.physical(TOPICS.protocolEvents), [{ key: 'warm', value: JSON.stringify(warm) }]);
    while (!receiver.arrivals.has(warm.id)) await new Promise((resolve) => setTimeout(resolve, 50));
    log(`service: paced run, ${N} alerts at ${RATE}/s…`);
    results.push(await run('alerts service', 'paced', probe, receiver));
    log('service: burst run…');
    results.push(await run('alerts service', 'burst', probe, receiver));
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
    results.push(await run('baseline (kafkajs → POST)', 'paced', base.probe, receiver));
    log('baseline: burst run…');
    results.push(await run('baseline (kafkajs → POST)', 'burst', base.probe, receiver));
  } finally {
    await base.stop();
    await base.probe.dispose();
  }
  await receiver.stop();
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  const lines = [
    `bench:alerts — ${N} matching events per run, Kafka publish → signed webhook request received (ms); one service instance; bad signatures: ${receiver.bad}`,
    '',
    '| path | run | delivered | p50 ms | p99 ms | max ms | alerts/s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.label} | ${r.mode === 'paced' ? `paced ${RATE}/s` : 'burst'} | ${r.delivered}/${N} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.perSecond)} |`),
  ];
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  mkdirSync('.local/bench', { recursive: true });
  writeFileSync('.local/bench/alerts-report.txt', `${report}\n`);
  if (results.some((r) => r.delivered < N)) process.exit(1);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:alerts: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);

/**
 * Socket.IO fan-out of the gateway against a bare Socket.IO server, same clients, same messages, same run.
 *
 * Phase 1 (baseline): a bare Socket.IO server (bare-server.ts) broadcasts M upgrade envelopes to C clients.
 * Phase 2 (gateway): the real gateway (its own process, as `npm start` runs it) consumes M upgrade events from Kafka,
 * writes its read model, and pushes them on the `upgrades` channel to C clients.
 * The clients live in P load-generator processes (loadgen.ts), each from its own 127.0.0.x source address.
 * Latency is receipt − the envelope's `producedAt` (the bare server stamps it as it broadcasts; the gateway's comes
 * from the producer, so it includes Kafka, the read-model write and the push).
 *
 * Env: BENCH_CLIENTS (10000), BENCH_PROCS (8), BENCH_MESSAGES (28), BENCH_INTERVAL_MS (250), BENCH_SETTLE_MS (15000).
 * Targets (issue #11): p99 under 100 ms; at least half the bare server's delivery rate. Exit 1 when missed.
 */
import 'reflect-metadata';
import { TOPICS } from '@pum/contracts';
import { KafkaProbe, dropSchema, clearRedisPrefix, isolatedServiceEnv, spawnService, upgradedMessage } from '@pum/testing';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BareCommand, BareReport } from './bare-server';
import type { LoadgenCommand, LoadgenReport } from './loadgen';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const PROCS = Number(process.env.BENCH_PROCS ?? 8);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 28);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 250);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 15_000);
const ROOT = join(__dirname, '..', '..');

const log = (message: string) => process.stderr.write(`bench:fanout: ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Result {
  name: string;
  expected: number;
  received: number;
  disconnects: number;
  spanMs: number;
  p50: number;
  p99: number;
  max: number;
  rssMbAfter: number;
  maxRssMb: number;
  cpuMs: number;
  connectMs: number;
}

function forkTs(file: string): ChildProcess {
  return fork(join(__dirname, file), [], { execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'], cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function next<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: T) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** RSS and CPU time of a process, from /proc. */
function procStats(pid: number): { rssMb: number; maxRssMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rssMb: kb('VmRSS') / 1024, maxRssMb: kb('VmHWM') / 1024, cpuMs: (ticks * 1000) / 100 };
}

/** Connects the clients across the load generators; returns them and how long the connections took. */
async function connectClients(url: string, channel: string, event: string, auth: Record<string, string>): Promise<{ loadgens: ChildProcess[]; ms: number }> {
  const loadgens = Array.from({ length: PROCS }, () => forkTs('loadgen.ts'));
  const per = Math.ceil(CLIENTS / PROCS);
  const started = Date.now();
  const connected = await Promise.all(
    loadgens.map((child, i) => {
      const done = next<Extract<LoadgenReport, { type: 'connected' }>>(child, 'connected');
      child.send({ type: 'connect', url, clients: Math.min(per, CLIENTS - i * per), localAddress: `127.0.0.${10 + i}`, channel, event, auth } satisfies LoadgenCommand);
      return done;
    }),
  );
  const failed = connected.reduce((n, c) => n + c.failed, 0);
  if (failed > 0) throw new Error(`${failed} of ${CLIENTS} clients could not connect`);
  return { loadgens, ms: Date.now() - started };
}

async function collect(loadgens: ChildProcess[]): Promise<{ latencies: number[]; disconnects: number }> {
  const reports = await Promise.all(
    loadgens.map((child) => {
      const done = next<Extract<LoadgenReport, { type: 'report' }>>(child, 'report');
      child.send({ type: 'report' } satisfies LoadgenCommand);
      return done;
    }),
  );
  for (const child of loadgens) child.send({ type: 'close' } satisfies LoadgenCommand);
  const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return { latencies, disconnects: reports.reduce((n, r) => n + r.disconnects, 0) };
}

function summarise(name: string, latencies: number[], disconnects: number, spanMs: number, stats: { rssMb: number; maxRssMb: number; cpuMs: number }, connectMs: number): Result {
  return {
    name,
    expected: CLIENTS * MESSAGES,
    received: latencies.length,
    disconnects,
    spanMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    rssMbAfter: stats.rssMb,
    maxRssMb: stats.maxRssMb,
    cpuMs: stats.cpuMs,
    connectMs,
  };
}

async function baseline(sample: Record<string, unknown>): Promise<Result> {
  const server = forkTs('bare-server.ts');
  const { url } = await next<Extract<BareReport, { type: 'listening' }>>(server, 'listening');
  log(`baseline: bare Socket.IO server at ${url}; connecting ${CLIENTS} clients from ${PROCS} processes…`);
  const { loadgens, ms } = await connectClients(url, 'upgrades', 'protocol.event', {});
  const started = Date.now();
  for (let i = 0; i < MESSAGES; i++) {
    server.send({ type: 'broadcast', room: 'upgrades', event: 'protocol.event', message: { ...sample, id: `${String(sample.id)}:${i}` } } satisfies BareCommand);
    await sleep(INTERVAL_MS);
  }
  await sleep(SETTLE_MS);
  const { latencies, disconnects } = await collect(loadgens);
  const stats = procStats(server.pid!);
  server.kill('SIGTERM');
  return summarise('bare Socket.IO server', latencies, disconnects, Date.now() - started - SETTLE_MS + (latencies.at(-1) ?? 0), stats, ms);
}

async function gateway(): Promise<Result> {
  const token = `bench_fanout_${Date.now()}`;
  const probe = new KafkaProbe(`${token}.`);
  await probe.createTopics();
  const env = isolatedServiceEnv(token, {
    SERVICE: 'gateway',
    LOG_LEVEL: 'warn',
    // Every client is anonymous from 127.0.0.x: the free tier must admit them all.
    GATEWAY_TIER_FREE_SOCKET_CONNECTIONS: String(CLIENTS * 2),
    GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: '1000000',
    ...(process.env.KAFKA_PARTITIONS_CONCURRENCY ? { KAFKA_PARTITIONS_CONCURRENCY: process.env.KAFKA_PARTITIONS_CONCURRENCY } : {}),
    // More gateway settings to compare, e.g. BENCH_GATEWAY_ENV=SOCKET_REDIS_ADAPTER=false,GATEWAY_CACHE=false
    ...Object.fromEntries((process.env.BENCH_GATEWAY_ENV ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string])),
  });
  const service = await spawnService('gateway', env, 120_000);
  try {
    log(`gateway: at ${service.url}; connecting ${CLIENTS} clients from ${PROCS} processes…`);
    const { loadgens, ms } = await connectClients(service.url, 'upgrades', 'protocol.event', {});
    const started = Date.now();
    for (let i = 0; i < MESSAGES; i++) {
      const message = upgradedMessage({ protocolId: 'bench' });
      await probe.send(probe.namer.physical(TOPICS.protocolEvents), [{ key: `${message.payload.chainId}:${message.payload.contract}`, value: JSON.stringify(message) }]);
      await sleep(INTERVAL_MS);
    }
    await sleep(SETTLE_MS);
    const { latencies, disconnects } = await collect(loadgens);
    const stats = procStats(service.process.pid!);
    return summarise('gateway (Kafka → read model → push)', latencies, disconnects, Date.now() - started - SETTLE_MS + (latencies.at(-1) ?? 0), stats, ms);
  } finally {
    await service.stop();
    await probe.dispose();
    await dropSchema(token.toLowerCase()).catch(() => undefined);
    await clearRedisPrefix(`${token}:`).catch(() => undefined);
  }
}

function table(results: Result[]): string {
  const rows = results.map((r) => {
    const rate = (r.received / r.spanMs) * 60_000;
    return `| ${r.name} | ${r.received}/${r.expected} | ${Math.round(rate).toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${r.max} | ${r.disconnects} | ${r.rssMbAfter.toFixed(0)} (peak ${r.maxRssMb.toFixed(0)}) | ${(r.cpuMs / 1000).toFixed(1)} | ${(r.connectMs / 1000).toFixed(1)} |`;
  });
  return [
    `${CLIENTS} clients in ${PROCS} processes, ${MESSAGES} messages ${INTERVAL_MS} ms apart, channel upgrades`,
    '| server | deliveries | deliveries/min | p50 ms | p99 ms | max ms | disconnects | RSS MB after | CPU s | connect s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const sample = upgradedMessage({ protocolId: 'bench' });
  const bare = await baseline(sample);
  const real = await gateway();
  const report = table([bare, real]);
  const rate = (r: Result) => r.received / r.spanMs;
  const pass = real.received === real.expected && real.p99 < 100 && rate(real) >= rate(bare) / 2;
  const verdict = `${pass ? 'PASS' : 'FAIL'}: gateway p99 ${real.p99} ms (target < 100), delivery rate ${((rate(real) / rate(bare)) * 100).toFixed(0)} % of the bare server's (target ≥ 50 %), ${real.received}/${real.expected} delivered`;
  process.stdout.write(`${report}\n${verdict}\n`);
  mkdirSync(join(ROOT, '.local', 'bench'), { recursive: true });
  writeFileSync(join(ROOT, '.local', 'bench', 'gateway-fanout-report.txt'), `${new Date().toISOString()}\n${report}\n${verdict}\n`);
  process.exit(pass ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:fanout: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});

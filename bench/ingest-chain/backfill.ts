/**
 * Backfill throughput of ingest-chain against raw `getLogs` over the same range, same run.
 *
 * 1. A private Hardhat node (never the shared devnet on 8545); LogSpammer emits BENCH_LOGS EIP-1967
 *    `Upgraded` logs, BENCH_LOGS_PER_TX per transaction (0: as many as the block gas limit allows),
 *    one transaction every BENCH_BLOCKS_PER_TX blocks (empty blocks between, hardhat_mine); then
 *    finality depth + 1 empty blocks (evm_mine) so every spam block is backfilled by range.
 *    Defaults (500 logs in each 2000-block range) are what the current service can publish; see README.
 * 2. Raw: viem `getLogs({ fromBlock, toBlock, event: Upgraded })` and the service's own call,
 *    `eth_getLogs` with its topic0 filter, over the range the service backfills, split like the
 *    service splits it (CHAIN_MAX_BLOCK_RANGE), on a plain viem http client; BENCH_REPS each.
 * 3. ingest-chain in its own process (service.ts) from CHAIN_START_BLOCK = first spam block, each
 *    variant (decoder on = as shipped, off = poller only) BENCH_SERVICE_REPS times, each run with its
 *    own topics, schema and Redis prefix: time from service creation to the last raw log arriving on
 *    `<prefix>chain.logs.raw.v1`, counted by unique message id with a KafkaProbe.
 * Prints the table and PASS/FAIL (target: best service rate at least half the best raw viem rate)
 * on stdout, progress on stderr; exits 1 on FAIL, 2 on error. Cleans up what it created (node,
 * topics, schemas, Redis keys).
 *
 * Usage: ts-node --transpile-only -r tsconfig-paths/register bench/ingest-chain/backfill.ts
 * Env: BENCH_LOGS (100000), BENCH_LOGS_PER_TX (500; 0 = as many as the block gas limit allows),
 *      BENCH_BLOCKS_PER_TX (= BENCH_MAX_BLOCK_RANGE), BENCH_REPS (3, raw), BENCH_SERVICE_REPS (3),
 *      BENCH_DECODER (both | on | off), BENCH_CPU_PROFILE (1: V8 CPU profile of each service run),
 *      BENCH_FINALITY_DEPTH (64), BENCH_MAX_BLOCK_RANGE (2000), BENCH_SERVICE_TIMEOUT_S (150),
 *      BENCH_OUT (.local/bench).
 */
import { TOPICS } from '@pum/contracts';
import { devnetClients, loadArtifacts, type DevnetClients } from '@pum/devnet';
import { KafkaProbe, dropSchema, isolatedServiceEnv, startDevnetNode, testInfra, uniqueToken, waitFor } from '@pum/testing';
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createPublicClient, http, numberToHex, parseAbiItem, type Address, type PublicClient } from 'viem';
import { UPGRADE_TOPIC0S } from '../../services/ingest-chain/src/catalogue';
import type { Profile } from './instrument';
import type { ChildMessage, ParentMessage } from './service';

type Variant = 'on' | 'off';

/** What LogSpammer emits: EIP-1967 `Upgraded`, one of the poller's any-address UPGRADE_TOPIC0S. */
const upgradedEvent = parseAbiItem('event Upgraded(address indexed implementation)');

const ROOT = join(__dirname, '..', '..');
const env = process.env;
const SETTINGS = {
  logs: Number(env.BENCH_LOGS ?? 100_000),
  logsPerTx: Number(env.BENCH_LOGS_PER_TX ?? 500),
  reps: Number(env.BENCH_REPS ?? 3),
  serviceReps: Number(env.BENCH_SERVICE_REPS ?? 3),
  cpuProfile: env.BENCH_CPU_PROFILE === '1',
  variants: (env.BENCH_DECODER === 'on' || env.BENCH_DECODER === 'off' ? [env.BENCH_DECODER] : ['on', 'off']) as Variant[],
  finalityDepth: Number(env.BENCH_FINALITY_DEPTH ?? 64),
  maxBlockRange: Number(env.BENCH_MAX_BLOCK_RANGE ?? 2000),
  /** A spam transaction every this many blocks; the default puts one in each eth_getLogs range. */
  blocksPerTx: Number(env.BENCH_BLOCKS_PER_TX ?? env.BENCH_MAX_BLOCK_RANGE ?? 2000),
  serviceTimeoutMs: Number(env.BENCH_SERVICE_TIMEOUT_S ?? 150) * 1000,
  out: env.BENCH_OUT ?? join(ROOT, '.local', 'bench'),
};

const now = (): number => performance.timeOrigin + performance.now();
const log = (message: string): void => {
  process.stderr.write(`bench:ingest: ${message}\n`);
};
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const secs = (ms: number): string => (ms / 1000).toFixed(2);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Undo steps, run last-in first-out on exit, error or Ctrl-C. */
const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const step = cleanups.pop();
    if (!step) break;
    try {
      await step.run();
    } catch (error) {
      log(`clean-up "${step.what}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** One JSON-RPC call with a method viem's typed clients do not know (evm_mine). */
async function jsonRpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

// ---------------------------------------------------------------------------------------- chain

interface SpamRange {
  fromBlock: bigint;
  toBlock: bigint;
  logs: number;
  txs: number;
  logsPerTx: number;
  spamBlocks: number;
}

/**
 * A plain viem client without viem's 10 MiB response-body cap (a block of 20,000+ logs is larger)
 * and with a timeout long enough for the largest ranges: the raw side, and receipts.
 */
function rawClient(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl, { timeout: 120_000, retryCount: 2, maxResponseBodySize: false }) });
}

/** Deploys LogSpammer and emits `total` Upgraded logs, one transaction (= one automined block) per batch. */
async function emitLogs(chain: DevnetClients, total: number): Promise<Omit<SpamRange, 'toBlock'> & { lastSpamBlock: bigint }> {
  const { LogSpammer } = (await loadArtifacts()).contracts;
  const deployHash = await chain.walletClient.deployContract({ abi: LogSpammer.abi, bytecode: LogSpammer.bytecode });
  const deployed = await chain.publicClient.waitForTransactionReceipt({ hash: deployHash });
  const address = deployed.contractAddress as Address;

  // Gas is linear in n: fit it from two estimates, then fill 90 % of the block gas limit.
  const estimate = (n: number) => chain.publicClient.estimateContractGas({ address, abi: LogSpammer.abi, functionName: 'emitUpgraded', args: [BigInt(n)], account: chain.account });
  const [g1, g2] = [Number(await estimate(1000)), Number(await estimate(2000))];
  const perLog = (g2 - g1) / 1000;
  const fixed = g1 - 1000 * perLog;
  const { gasLimit } = await chain.publicClient.getBlock();
  const maxPerTx = Math.floor((Number(gasLimit) * 0.9 - fixed) / perLog);
  const wanted = SETTINGS.logsPerTx > 0 ? Math.min(SETTINGS.logsPerTx, maxPerTx) : maxPerTx;
  const txs = Math.ceil(total / wanted);
  const logsPerTx = Math.ceil(total / txs);
  log(`LogSpammer at ${address}; ${perLog.toFixed(0)} gas per log, block gas limit ${int(Number(gasLimit))} → at most ${int(maxPerTx)} logs per tx; emitting ${int(total)} logs in ${txs} tx of ≤ ${int(logsPerTx)}`);

  const receipts = rawClient(chain.rpcUrl);
  let emitted = 0;
  let fromBlock: bigint | undefined;
  let lastSpamBlock = 0n;
  const started = Date.now();
  for (let tx = 0; tx < txs; tx++) {
    // Empty blocks between spam blocks (one hardhat_mine call), so each lands in its own range.
    if (tx > 0 && SETTINGS.blocksPerTx > 1) await jsonRpc(chain.rpcUrl, 'hardhat_mine', [numberToHex(SETTINGS.blocksPerTx - 1)]);
    const n = Math.min(logsPerTx, total - emitted);
    const gas = BigInt(Math.min(Number(gasLimit), Math.ceil((fixed + perLog * n) * 1.1)));
    const hash = await chain.walletClient.writeContract({ address, abi: LogSpammer.abi, functionName: 'emitUpgraded', args: [BigInt(n)], gas });
    const receipt = await receipts.waitForTransactionReceipt({ hash, timeout: 120_000, pollingInterval: 50 });
    if (receipt.status !== 'success' || receipt.logs.length !== n) throw new Error(`emitUpgraded(${n}) in tx ${hash}: status ${receipt.status}, ${receipt.logs.length} logs`);
    fromBlock ??= receipt.blockNumber;
    lastSpamBlock = receipt.blockNumber;
    emitted += n;
    if (tx === txs - 1 || tx % Math.max(1, Math.floor(txs / 10)) === 0) {
      log(`emitted ${int(emitted)}/${int(total)} logs (block ${lastSpamBlock}, ${secs(Date.now() - started)} s)`);
    }
  }
  if (fromBlock === undefined) throw new Error('no logs emitted');
  return { fromBlock, lastSpamBlock, logs: emitted, txs, logsPerTx, spamBlocks: txs };
}

/** Block ranges exactly as the poller's backfill splits them. */
function splitRange(from: bigint, to: bigint, size: number): [bigint, bigint][] {
  const ranges: [bigint, bigint][] = [];
  for (let start = from; start <= to; start += BigInt(size)) {
    const end = start + BigInt(size) - 1n;
    ranges.push([start, end < to ? end : to]);
  }
  return ranges;
}

// ---------------------------------------------------------------------------------------- raw

interface RawResult {
  label: string;
  ms: number[];
}

async function measureRaw(client: PublicClient, range: SpamRange): Promise<RawResult[]> {
  const ranges = splitRange(range.fromBlock, range.toBlock, SETTINGS.maxBlockRange);
  const viemGetLogs = async () => {
    let count = 0;
    for (const [fromBlock, toBlock] of ranges) {
      const logs = await client.getLogs({ fromBlock, toBlock, event: upgradedEvent });
      const last = logs[logs.length - 1];
      if (last && (last.eventName !== 'Upgraded' || last.args.implementation === undefined)) throw new Error('viem getLogs did not decode the logs');
      count += logs.length;
    }
    return count;
  };
  const rawGetLogs = async () => {
    let count = 0;
    for (const [from, to] of ranges) {
      const logs = (await client.request({ method: 'eth_getLogs', params: [{ fromBlock: numberToHex(from), toBlock: numberToHex(to), topics: [[...UPGRADE_TOPIC0S]] }] })) as unknown[];
      count += logs.length;
    }
    return count;
  };
  const results: RawResult[] = [
    { label: `viem getLogs({ event: Upgraded }) (decoded)`, ms: [] },
    { label: `eth_getLogs, the poller's topic0 filter (not decoded)`, ms: [] },
  ];
  const runs = [viemGetLogs, rawGetLogs];
  for (let rep = 0; rep < SETTINGS.reps; rep++) {
    for (const [i, run] of runs.entries()) {
      const started = now();
      const count = await run();
      const ms = now() - started;
      if (count !== range.logs) throw new Error(`${results[i].label} returned ${count} logs, expected ${range.logs}`);
      results[i].ms.push(ms);
      log(`raw ${i === 0 ? 'viem getLogs' : 'eth_getLogs '} rep ${rep + 1}/${SETTINGS.reps}: ${int(count)} logs in ${secs(ms)} s = ${int((count / ms) * 1000)} logs/s`);
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------- service

interface ServiceResult {
  variant: Variant;
  received: number;
  complete: boolean;
  startupMs: number;
  firstMs: number | undefined;
  lastMs: number | undefined;
  decodedEvents: number;
  profile?: Profile;
  maxRssKb?: number;
  cpuMs?: number;
  warnings: string[];
  /** Service log lines `final range ingested`, with their time since start. */
  ranges: { atMs: number; logs: number; from: string; to: string }[];
}

function waitForMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`service process sent no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`service failed to start:\n${message.error}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<ChildMessage, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`service process exited (${code}) before "${type}"`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testInfra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function runService(variant: Variant, rpcUrl: string, range: SpamRange, rep: number): Promise<ServiceResult> {
  const token = uniqueToken(`benchic_${variant}`);
  const probe = new KafkaProbe(`${token}.`);
  cleanups.push({ what: `delete topics ${token}.*`, run: () => probe.dispose() });
  // Production topics have 6 partitions (scripts/create-topics.ts). Right after the previous run's
  // topics were deleted the broker may briefly answer "does not host this topic-partition": retry.
  await waitFor(() => probe.createTopics(6).then(() => true), { what: `topics ${token}.*`, timeoutMs: 30_000, intervalMs: 1000 });
  const rawTopic = probe.namer.physical(TOPICS.chainLogsRaw);
  const eventsTopic = probe.namer.physical(TOPICS.protocolEvents);
  const readyTopic = probe.namer.deadLetter(TOPICS.protocolEvents); // no one else writes or reads it in this run
  await probe.watch([rawTopic, eventsTopic, readyTopic]);
  // Start the clock only once the probe's consumer has joined its group and reads.
  await probe.send(readyTopic, [{ value: 'bench: probe ready' }]);
  await waitFor(() => probe.received.some((m) => m.topic === readyTopic), { what: 'the probe consumer to join', timeoutMs: 60_000, intervalMs: 50 });

  const serviceEnv = isolatedServiceEnv(token, {
    SERVICE: 'chain',
    CHAIN_RPC_URL: rpcUrl,
    CHAIN_START_BLOCK: range.fromBlock.toString(),
    CHAIN_FINALITY_DEPTH: String(SETTINGS.finalityDepth),
    CHAIN_MAX_BLOCK_RANGE: String(SETTINGS.maxBlockRange),
    CHAIN_POLL_INTERVAL_MS: '200',
    LOG_LEVEL: 'info',
    BENCH_DECODER: variant,
    ...(SETTINGS.cpuProfile ? { BENCH_CPU_PROFILE: join(SETTINGS.out, `ingest-chain-decoder-${variant}-${rep + 1}.cpuprofile`) } : {}),
  });
  cleanups.push({ what: `drop schema ${serviceEnv.DATABASE_SCHEMA}`, run: () => dropSchema(serviceEnv.DATABASE_SCHEMA) });
  cleanups.push({ what: `delete Redis keys ${serviceEnv.REDIS_KEY_PREFIX}*`, run: () => deleteRedisKeys(serviceEnv.REDIS_KEY_PREFIX) });

  mkdirSync(SETTINGS.out, { recursive: true });
  const logFile = join(SETTINGS.out, `ingest-chain-decoder-${variant}-${rep + 1}.log`);
  const serviceLog = createWriteStream(logFile);
  const child = fork(join(__dirname, 'service.ts'), [], {
    cwd: ROOT,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { PATH: env.PATH ?? '', HOME: env.HOME ?? '/tmp', ...serviceEnv },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  cleanups.push({ what: 'stop the ingest-chain process', run: () => stopChild(child) });

  const result: ServiceResult = { variant, received: 0, complete: false, startupMs: 0, firstMs: undefined, lastMs: undefined, decodedEvents: 0, warnings: [], ranges: [] };
  let t0 = 0;
  let pending = '';
  const onLine = (line: string) => {
    serviceLog.write(`${line}\n`);
    let entry: { level?: string; msg?: string; logs?: number; from_block?: string; to_block?: string; error?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return;
    }
    if (entry.msg === 'final range ingested') {
      result.ranges.push({ atMs: now() - t0, logs: entry.logs ?? 0, from: entry.from_block ?? '?', to: entry.to_block ?? '?' });
    } else if (entry.level === 'warn' || entry.level === 'error') {
      const text = `${entry.msg ?? ''}${entry.error ? `: ${entry.error}` : ''}`;
      if (result.warnings.length < 20) log(`service (decoder ${variant}) ${entry.level}: ${text.slice(0, 300)}`);
      result.warnings.push(text);
    }
  };
  const onData = (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  t0 = (await waitForMessage(child, 'starting', 60_000)).at;
  log(`decoder ${variant}, run ${rep + 1}/${SETTINGS.serviceReps}: ingest-chain starting (topics ${token}.*, CHAIN_START_BLOCK ${range.fromBlock})`);
  void waitForMessage(child, 'started', 60_000).then(
    (started) => (result.startupMs = started.at - t0),
    () => undefined,
  );

  // Count unique message ids as they arrive; the clock stops at the poll that sees the last one.
  const ids = new Set<string>();
  let scanned = 0;
  let lastReport = now();
  const deadline = t0 + SETTINGS.serviceTimeoutMs;
  while (now() < deadline && child.exitCode === null) {
    for (; scanned < probe.received.length; scanned++) {
      const message = probe.received[scanned];
      const id = message.headers['x-message-id'];
      if (!id) continue;
      if (message.topic === rawTopic) {
        ids.add(id);
        result.firstMs ??= now() - t0;
      } else if (message.topic === eventsTopic) result.decodedEvents += 1;
    }
    probe.received.length = 0; // the probe keeps every message; only the count matters here
    scanned = 0;
    if (ids.size >= range.logs) {
      result.lastMs = now() - t0;
      result.complete = true;
      break;
    }
    if (now() - lastReport > 5000) {
      lastReport = now();
      log(`decoder ${variant}: ${int(ids.size)}/${int(range.logs)} raw logs on ${rawTopic} after ${secs(now() - t0)} s`);
    }
    await sleep(20);
  }
  result.received = ids.size;
  if (!result.complete) result.lastMs = now() - t0;
  log(`decoder ${variant}: ${result.complete ? 'all' : 'only'} ${int(ids.size)} raw logs after ${secs(result.lastMs ?? 0)} s`);

  if (child.exitCode === null) {
    const reportReady = waitForMessage(child, 'report', 10_000);
    child.send({ type: 'report' } satisfies ParentMessage);
    try {
      const report = await reportReady;
      Object.assign(result, { profile: report.profile, maxRssKb: report.maxRssKb, cpuMs: report.cpuMs });
    } catch (error) {
      log(`no profile from the service: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Undo this variant now (LIFO: process, Redis, schema, topics) so the next one runs alone.
  await cleanUp();
  serviceLog.end();
  return result;
}

// ---------------------------------------------------------------------------------------- report

function table(rows: string[][], textColumns = 1): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c < textColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

/** A run's events/s: unique raw logs that arrived over the time to the last one (0 if incomplete). */
const serviceRate = (s: ServiceResult): number => (s.complete && s.lastMs ? (s.received / s.lastMs) * 1000 : 0);

function report(range: SpamRange, raw: RawResult[], services: ServiceResult[]): { text: string; pass: boolean } {
  const rate = (ms: number) => (range.logs / ms) * 1000;
  const [viem, rpc] = raw;
  const reference = rate(Math.min(...viem.ms));
  const rpcBest = rate(Math.min(...rpc.ms));
  const ratio = (eventsPerS: number) => `${(eventsPerS / reference).toFixed(2)}×`;
  const out: string[] = [];
  out.push(
    `ingest-chain backfill throughput: ${int(range.logs)} Upgraded logs (one emitting contract) in ${range.spamBlocks} blocks of ${int(range.logsPerTx)}, ` +
      `one every ${SETTINGS.blocksPerTx} blocks, private Hardhat node`,
  );
  out.push(
    `  range ${range.fromBlock}–${range.toBlock} (first spam block to head − finality depth ${SETTINGS.finalityDepth}), ` +
      `${splitRange(range.fromBlock, range.toBlock, SETTINGS.maxBlockRange).length} eth_getLogs range(s) of ≤ ${SETTINGS.maxBlockRange} blocks (CHAIN_MAX_BLOCK_RANGE), both sides`,
  );
  out.push(`  raw: ${SETTINGS.reps} runs in the bench process, plain viem http client (no response-size cap)`);
  out.push(
    `  ingest-chain: ${SETTINGS.serviceReps} run(s) per variant, each its own process, topics, schema; time from service creation to the last ` +
      `unique message id on <prefix>chain.logs.raw.v1 (KafkaProbe; 6 partitions)`,
  );
  out.push('');
  const rows: string[][] = [['', 'events/s', 'seconds', 'vs raw viem best']];
  for (const r of raw) {
    rows.push([`raw ${r.label}, best`, int(rate(Math.min(...r.ms))), secs(Math.min(...r.ms)), ratio(rate(Math.min(...r.ms)))]);
    rows.push([`raw ${r.label}, median`, int(rate(median(r.ms))), secs(median(r.ms)), ratio(rate(median(r.ms)))]);
  }
  const byVariant = SETTINGS.variants.map((variant) => ({ variant, runs: services.filter((s) => s.variant === variant) }));
  for (const { variant, runs } of byVariant) {
    const label = `ingest-chain → chain.logs.raw.v1, decoder ${variant === 'on' ? 'on (as shipped)' : 'off (poller only)'}`;
    const rates = runs.map(serviceRate);
    const incomplete = runs.filter((s) => !s.complete);
    const note = incomplete.length > 0 ? ` — ${incomplete.length} run(s) INCOMPLETE (${incomplete.map((s) => `${int(s.received)}/${int(range.logs)}`).join(', ')} in time)` : '';
    const best = Math.max(...rates);
    rows.push([`${label}, best${note}`, int(best), best > 0 ? secs((range.logs / best) * 1000) : '–', ratio(best)]);
    if (runs.length > 1) rows.push([`${label}, median`, int(median(rates)), median(rates) > 0 ? secs((range.logs / median(rates)) * 1000) : '–', ratio(median(rates))]);
  }
  out.push(table(rows));
  out.push('');

  let pass = true;
  for (const { variant, runs } of byVariant) {
    const best = Math.max(...runs.map(serviceRate));
    const ok = best >= reference / 2;
    pass &&= ok;
    out.push(
      `${ok ? 'PASS' : 'FAIL'}  decoder ${variant}: best ${int(best)} events/s ${ok ? '≥' : '<'} half the best raw viem getLogs rate (${int(reference / 2)}/s); ` +
        `median ${ratio(median(runs.map(serviceRate)))}   [for information: best is ${(best / rpcBest).toFixed(2)}× the undecoded eth_getLogs rate]`,
    );
  }
  out.push('');
  const rss = byVariant.map(({ variant, runs }) => `; ingest-chain decoder ${variant} ${int(Math.max(...runs.map((s) => s.maxRssKb ?? 0)) / 1024)} MB`).join('');
  out.push(`memory (peak RSS): bench process ${int(process.resourceUsage().maxRSS / 1024)} MB (raw side + probe)${rss}`);

  for (const { variant, runs } of byVariant) {
    // The median run (by rate) is the one described.
    const s = [...runs].sort((a, b) => serviceRate(a) - serviceRate(b))[Math.floor((runs.length - 1) / 2)];
    if (!s) continue;
    out.push('');
    out.push(`where ingest-chain (decoder ${variant}, median run: ${int(serviceRate(s))} events/s) spent its time, ms since service creation:`);
    out.push(
      `  start-up (Nest, Postgres migrations, Kafka connect) ${int(s.startupMs)}; first raw message ${s.firstMs === undefined ? '–' : int(s.firstMs)}; ` +
        `last ${int(s.lastMs ?? 0)}; CPU time of the process ${s.cpuMs === undefined ? '?' : int(s.cpuMs)} (from creation); protocol events decoded meanwhile ${int(s.decodedEvents)}`,
    );
    if (s.ranges.length > 0) {
      const gaps = s.ranges.slice(1).map((r, i) => r.atMs - s.ranges[i].atMs);
      out.push(
        `  ${s.ranges.length} ranges with logs ingested ("final range ingested"), the first at ${int(s.ranges[0].atMs)}, the last at ${int(s.ranges[s.ranges.length - 1].atMs)}` +
          (gaps.length > 0 ? `; between two: median ${int(median(gaps))}, max ${int(Math.max(...gaps))} ms` : ''),
      );
    }
    if (s.warnings.length > 0) out.push(`  ${s.warnings.length} warning(s), first: ${s.warnings[0].slice(0, 200)}`);
    const stats = Object.entries(s.profile ?? {}).sort(([, a], [, b]) => b.ms - a.ms);
    if (stats.length > 0) {
      out.push(
        table(
          [
            ['  operation (wall time; indented = part of the line above)', 'calls', 'items', 'MB', 'total ms', 'max ms'],
            ...stats.map(([name, st]) => [`  ${name}`, int(st.calls), int(st.items), st.bytes ? (st.bytes / 1e6).toFixed(1) : '', int(st.ms), int(st.maxMs)]),
          ],
          1,
        ),
      );
    }
  }
  return { text: out.join('\n'), pass };
}

// ---------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  if (SETTINGS.logs < 1 || SETTINGS.reps < 1) throw new Error('BENCH_LOGS and BENCH_REPS must be positive');
  log('compiling / loading devnet artifacts…');
  await loadArtifacts();
  log('starting a private Hardhat node…');
  const node = await startDevnetNode();
  cleanups.push({ what: 'stop the Hardhat node', run: () => node.stop() });
  log(`node on ${node.rpcUrl}`);

  const chain = devnetClients(node.rpcUrl, { accountIndex: 0 });
  const spam = await emitLogs(chain, SETTINGS.logs);
  log(`mining ${SETTINGS.finalityDepth + 1} empty blocks (finality depth + 1) so the spam blocks are backfilled by range…`);
  for (let i = 0; i <= SETTINGS.finalityDepth; i++) await jsonRpc(node.rpcUrl, 'evm_mine');
  const head = await chain.publicClient.getBlockNumber();
  const range: SpamRange = { ...spam, toBlock: head - BigInt(SETTINGS.finalityDepth) };
  log(`head ${head}; backfill range ${range.fromBlock}–${range.toBlock}`);

  const raw = await measureRaw(rawClient(node.rpcUrl), range);
  // Keep the node for the service runs; everything else each run creates it also removes.
  const nodeCleanup = cleanups.splice(0);
  const services: ServiceResult[] = [];
  try {
    for (let rep = 0; rep < SETTINGS.serviceReps; rep++) {
      for (const variant of SETTINGS.variants) services.push(await runService(variant, node.rpcUrl, range, rep));
    }
  } finally {
    cleanups.unshift(...nodeCleanup);
  }

  const { text, pass } = report(range, raw, services);
  mkdirSync(SETTINGS.out, { recursive: true });
  writeFileSync(join(SETTINGS.out, 'ingest-chain-report.txt'), `${text}\n`);
  process.stdout.write(`${text}\n`);
  return pass ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanUp();
    process.exit(2);
  });

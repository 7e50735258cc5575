/**
 * Idle footprint of every service in services/: resident memory once it has settled, and the time from spawn to
 * the first 200 on /health/ready — compiled (from the runtime image's layout, by its entrypoint: what the image and
 * `npm start` run) beside ts-node (`node -r ts-node/register … main.ts`: what the image ran before #16), in the same
 * run, one service at a time. Each run has its own topics, consumer group, Postgres schema and Redis prefix, against
 * the local broker, Postgres, Redis and a private Hardhat node (so ingest-chain starts on an empty chain).
 * Target: the compiled services under 600 MB of RSS in total.
 *
 * Env: FOOTPRINT_SETTLE_MS (10000) — idle time after ready before RSS is read; FOOTPRINT_SERVICES (all) — a comma
 * list; FOOTPRINT_NODE_OPTIONS — NODE_OPTIONS for the compiled services instead of the image's (e.g. ` ` for V8's
 * defaults, `--max-semi-space-size=1`);
 * FOOTPRINT_ENV — more env for the compiled services, `K=V,K2=V2` (e.g. `MALLOC_ARENA_MAX=2`);
 * FOOTPRINT_NODE_ARGS — node flags NODE_OPTIONS refuses (e.g. `--optimize-for-size`): the compiled services then run
 * as `node <flags> dist/services/<name>/src/main.js` in the layout instead of through the entrypoint;
 * FOOTPRINT_MODES (compiled,ts-node).
 */
import {
  assembleRuntimeLayout,
  clearRedisPrefix,
  dropSchema,
  isolatedServiceEnv,
  KafkaProbe,
  spawnService,
  startDevnetNode,
  uniqueToken,
  waitFor,
  type RuntimeLayout,
} from '@pum/testing';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TARGET_MB = 600;
const SETTLE_MS = Number(process.env.FOOTPRINT_SETTLE_MS ?? 10_000);
const NODE_OPTIONS = process.env.FOOTPRINT_NODE_OPTIONS ?? '';
const NODE_ARGS = (process.env.FOOTPRINT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const EXTRA_ENV: Record<string, string> = Object.fromEntries(
  (process.env.FOOTPRINT_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => [pair.split('=')[0]!, pair.split('=').slice(1).join('=')]),
);
/**
 * compiled: the image (its ENV, incl. NODE_OPTIONS); compiled-v8: the same code with V8's default heap settings
 * (NODE_OPTIONS empty), to tell what compiling saves from what the flag saves; ts-node: the image before #16.
 */
const ALL_MODES = ['compiled', 'compiled-v8', 'ts-node'] as const;
type Mode = (typeof ALL_MODES)[number];
const MODES = (process.env.FOOTPRINT_MODES ?? ALL_MODES.join(',')).split(',') as Mode[];
const LABELS: Record<Mode, string> = { compiled: 'compiled (image)', 'compiled-v8': 'compiled, V8 defaults', 'ts-node': 'ts-node' };

interface Sample {
  service: string;
  mode: Mode;
  readyMs: number;
  rssMb: number;
  /** From the service's own /metrics (prom-client): V8 heap used and memory outside the heap (buffers, …). */
  heapUsedMb: number | null;
  externalMb: number | null;
}

const log = (msg: string): void => {
  process.stderr.write(`footprint: ${msg}\n`);
};
const mb = (bytes: number): number => bytes / 1024 / 1024;

/** Resident set of a process, from /proc (kB → MB). */
function rssMbOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

function gauge(metrics: string, name: string): number | null {
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(metrics)?.[1];
  return value === undefined ? null : mb(Number(value));
}

async function measure(service: string, mode: Mode, layout: RuntimeLayout, rpcUrl: string): Promise<Sample> {
  const token = uniqueToken(`fp_${mode === 'ts-node' ? 't' : 'c'}`);
  const probe = new KafkaProbe(`${token}.`);
  const env: Record<string, string> = {
    ...isolatedServiceEnv(token, { SERVICE: service }),
    CHAIN_RPC_URL: rpcUrl,
    LOG_LEVEL: 'warn',
    HOME: '/tmp',
    // Compiled: the image's ENV (NODE_ENV, NODE_OPTIONS), as a container of it starts.
    ...(mode !== 'ts-node' ? { ...layout.env, HTTP_HOST: '127.0.0.1', PUM_HOME: layout.dir, ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}), ...EXTRA_ENV } : {}),
    ...(mode === 'compiled-v8' ? { NODE_OPTIONS: '' } : {}),
  };
  await probe.createTopics(1);
  const spawned = Date.now();
  const compiled: [string, ...string[]] = NODE_ARGS.length > 0 ? ['node', ...NODE_ARGS, `dist/services/${service}/src/main.js`] : ['sh', layout.launcher, service];
  const sut = await spawnService(service, env, 120_000, mode !== 'ts-node' ? { command: compiled, cwd: layout.dir } : {});
  try {
    await waitFor(async () => (await fetch(`${sut.url}/health/ready`)).status === 200, { timeoutMs: 60_000, intervalMs: 20, what: `${service} (${mode}) ready` });
    const readyMs = Date.now() - spawned;
    // A benchmark, not a test: the service is left alone for a fixed while, so start-up garbage is collected.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const rssMb = rssMbOf(sut.process.pid!);
    const metrics = await (await fetch(`${sut.url}/metrics`)).text();
    return { service, mode, readyMs, rssMb, heapUsedMb: gauge(metrics, 'nodejs_heap_size_used_bytes'), externalMb: gauge(metrics, 'nodejs_external_memory_bytes') };
  } finally {
    await sut.stop();
    await probe.dispose().catch(() => undefined);
    await dropSchema(env.DATABASE_SCHEMA!).catch(() => undefined);
    await clearRedisPrefix(env.REDIS_KEY_PREFIX!).catch(() => undefined);
  }
}

const pad = (value: string | number, width: number): string => String(value).padStart(width);
const fixed = (value: number | null, digits = 0): string => (value === null ? '—' : value.toFixed(digits));

function report(samples: Sample[], services: string[], imageNodeOptions: string): string {
  const of = (service: string, mode: Mode): Sample | undefined => samples.find((s) => s.service === service && s.mode === mode);
  const cell = (mode: Mode, sample: Sample | undefined): string =>
    mode === 'compiled'
      ? `${pad(fixed(sample?.rssMb ?? null), 8)} ${pad(fixed(sample?.readyMs ?? null), 8)} ${pad(fixed(sample?.heapUsedMb ?? null), 7)} ${pad(fixed(sample?.externalMb ?? null), 6)}`
      : `${pad(fixed(sample?.rssMb ?? null), 8)} ${pad(fixed(sample?.readyMs ?? null), 8)}`;
  const head = (mode: Mode): string => (mode === 'compiled' ? `${pad('RSS MB', 8)} ${pad('ready ms', 8)} ${pad('heap MB', 7)} ${pad('ext MB', 6)}` : `${pad('RSS MB', 8)} ${pad('ready ms', 8)}`);
  const width = (mode: Mode): number => Math.max(head(mode).length, LABELS[mode].length);
  const total = (mode: Mode): number | null => {
    const list = services.map((service) => of(service, mode));
    return list.every((s) => s !== undefined) ? list.reduce((sum, s) => sum + s!.rssMb, 0) : null;
  };
  const flags = [
    `image NODE_OPTIONS=${process.env.FOOTPRINT_NODE_OPTIONS ?? imageNodeOptions}`,
    process.env.FOOTPRINT_ENV ? `compiled with ${process.env.FOOTPRINT_ENV}` : '',
    NODE_ARGS.length ? `compiled as node ${NODE_ARGS.join(' ')}` : '',
  ].filter(Boolean);
  const lines = [
    `Idle footprint, one service at a time (RSS ${SETTLE_MS} ms after ready; node ${process.version}; ${flags.join('; ')})`,
    '',
    `${''.padEnd(18)} ${MODES.map((mode) => LABELS[mode].padEnd(width(mode))).join(' │ ')}`,
    `${'service'.padEnd(18)} ${MODES.map((mode) => pad(head(mode), width(mode))).join(' │ ')}`,
    ...services.map((service) => `${service.padEnd(18)} ${MODES.map((mode) => pad(cell(mode, of(service, mode)), width(mode))).join(' │ ')}`),
    // The total under the RSS column of each mode.
    `${'total'.padEnd(18)} ${MODES.map((mode) => pad(fixed(total(mode)), width(mode) - head(mode).length + 8).padEnd(width(mode))).join(' │ ')}`,
    '',
  ];
  const compiled = total('compiled');
  if (compiled !== null) {
    const beside = MODES.filter((mode) => mode !== 'compiled' && total(mode) !== null).map((mode) => `${LABELS[mode]} ${total(mode)!.toFixed(0)} MB`);
    lines.push(`compiled (image) total ${compiled.toFixed(0)} MB against the ${TARGET_MB} MB target: ${compiled < TARGET_MB ? 'PASS' : 'FAIL'}${beside.length ? ` (${beside.join(', ')})` : ''}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const all = readdirSync(join(ROOT, 'services')).filter((name) => statSync(join(ROOT, 'services', name)).isDirectory()).sort();
  const services = process.env.FOOTPRINT_SERVICES ? process.env.FOOTPRINT_SERVICES.split(',') : all;
  log('assembling the runtime layout (npm run build, the production install)…');
  const layout = assembleRuntimeLayout();
  const devnet = await startDevnetNode();
  const samples: Sample[] = [];
  try {
    for (const [index, service] of services.entries()) {
      // Alternate which mode goes first, so neither always finds the page cache warm.
      const order = index % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of order) {
        log(`${service} (${mode})…`);
        const sample = await measure(service, mode, layout, devnet.rpcUrl);
        log(`${service} (${mode}): ready in ${sample.readyMs} ms, ${sample.rssMb.toFixed(0)} MB RSS`);
        samples.push(sample);
      }
    }
  } finally {
    await devnet.stop();
    layout.dispose();
  }
  const text = report(samples, services, layout.env.NODE_OPTIONS ?? '');
  process.stdout.write(`${text}\n`);
  const compiled = samples.filter((s) => s.mode === 'compiled').reduce((sum, s) => sum + s.rssMb, 0);
  if (services.length === all.length && MODES.includes('compiled') && compiled >= TARGET_MB) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`footprint: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});

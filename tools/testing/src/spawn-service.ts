import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface SpawnedService {
  name: string;
  url: string;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM, then wait for the exit (SIGKILL after `graceMs`); resolves with how it ended. */
  stop: (graceMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** How to run it instead of its TypeScript sources, e.g. compiled from a runtime layout (`assembleRuntimeLayout`). */
export interface SpawnServiceOptions {
  /** Program and arguments, e.g. `['sh', layout.launcher, 'gateway']`; default `node -r ts-node/register … main.ts`. */
  command?: [string, ...string[]];
  /** Working directory (default the repository root). */
  cwd?: string;
  /** Run as this user and group (a test running as root emulates the image's non-root user on a read-only tree). */
  uid?: number;
  gid?: number;
}

/**
 * Runs a service exactly as the tests and dev tools do (its own process, its `main.ts` through ts-node) — or as
 * `options.command` says — with the given env, and resolves once it logged "service started" — with the URL it
 * bound (HTTP_PORT=0 picks a free port).
 */
export async function spawnService(name: string, env: Record<string, string>, timeoutMs = 60_000, options: SpawnServiceOptions = {}): Promise<SpawnedService> {
  const [program, ...args] = options.command ?? [
    process.execPath,
    // PUM_SERVICE_NODE_ARGS: extra node flags for the spawned service, e.g. `--cpu-prof --cpu-prof-dir=.local/prof` in a benchmark.
    ...(process.env.PUM_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    '-r',
    'ts-node/register',
    '-r',
    'tsconfig-paths/register',
    join('services', name, 'src', 'main.ts'),
  ];
  const child = spawn(program, args, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"msg":"service started","url":"([^"]+)"/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace('[::1]', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before starting:\n${output.slice(-3000)}`));
    });
  });
  return {
    name,
    url,
    process: child,
    output: () => output,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

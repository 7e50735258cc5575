import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..', '..');

const DEVNET_CONFIG = join(ROOT, 'tools', 'devnet', 'hardhat.config.js');

export interface DevnetNode {
  rpcUrl: string;
  stop: () => Promise<void>;
}

export interface DevnetNodeOptions {
  /** Chain id the node reports (default the devnet's 31337), e.g. to run two chains at once. */
  chainId?: number;
  /**
   * Hardhat hardfork (default the devnet's `cancun`), e.g. `shanghai` for behaviour Cancun removed: EIP-6780 keeps a
   * contract's code after SELFDESTRUCT unless it was created in the same transaction.
   */
  hardfork?: string;
}

/**
 * A private Hardhat node on a free 127.0.0.1 port, for tests that rewrite history
 * (evm_snapshot/evm_revert reorgs) or need a chain of their own and must not disturb the shared
 * devnet other suites use.
 *
 * The port is free when picked but Hardhat binds it seconds later, so another process may take it
 * first. The node counts as started only once it says it listens (its own stdout, not just any
 * answer on the port, which could come from another suite's node); one that exits before is started
 * again on another port, and fails with its output rather than after the readiness timeout.
 *
 * @example const polygon = await startDevnetNode({ chainId: 137 });
 */
export async function startDevnetNode(options: DevnetNodeOptions = {}): Promise<DevnetNode> {
  const config = options.chainId === undefined && options.hardfork === undefined ? DEVNET_CONFIG : configWith(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePort(config);
    } catch (error) {
      if (!(error instanceof NodeExitedError) || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

const START_ATTEMPTS = 3;

/** The node process ended before it answered (e.g. its port was taken meanwhile). */
class NodeExitedError extends Error {}

async function startOnFreePort(config: string): Promise<DevnetNode> {
  const port = await freePort();
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'hardhat'),
    ['--config', config, 'node', '--hostname', '127.0.0.1', '--port', String(port)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' } },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  // Both pipes are read to the end (a full pipe would stall the node); only a tail is kept.
  let output = '';
  let listening = false;
  const onOutput = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    listening ||= output.includes(`JSON-RPC server at ${rpcUrl}/`);
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const outcome = await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) return 'exited';
      if (!listening) return false;
      const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
      return response.ok && 'ready';
    },
    { what: `hardhat node on ${rpcUrl}`, timeoutMs: 60_000, intervalMs: 200 },
  ).catch(async (error: unknown) => {
    child.kill('SIGTERM'); // no orphan node left behind a start that timed out
    await exited;
    throw error;
  });
  if (outcome === 'exited') {
    throw new NodeExitedError(`hardhat node on ${rpcUrl} exited (${child.exitCode ?? child.signalCode}) before it listened: ${output.trim()}`);
  }
  return {
    rpcUrl,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The devnet's Hardhat config with another chain id or hardfork, written under the git-ignored `.local/`. */
function configWith({ chainId, hardfork }: DevnetNodeOptions): string {
  const dir = join(ROOT, '.local', 'devnet');
  mkdirSync(dir, { recursive: true });
  const overrides = { ...(chainId !== undefined && { chainId }), ...(hardfork !== undefined && { hardfork }) };
  const name = [chainId !== undefined && `chain-${chainId}`, hardfork].filter(Boolean).join('-');
  const file = join(dir, `hardhat-${name}.config.js`);
  writeFileSync(
    file,
    [
      `const base = require(${JSON.stringify(DEVNET_CONFIG)});`,
      `module.exports = { ...base, networks: { ...base.networks, hardhat: { ...base.networks.hardhat, ...${JSON.stringify(overrides)} } } };`,
      '',
    ].join('\n'),
  );
  return file;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

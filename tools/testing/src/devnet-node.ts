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
}

/**
 * A private Hardhat node on a free 127.0.0.1 port, for tests that rewrite history
 * (evm_snapshot/evm_revert reorgs) or need a chain of their own and must not disturb the shared
 * devnet other suites use.
 *
 * @example const polygon = await startDevnetNode({ chainId: 137 });
 */
export async function startDevnetNode(options: DevnetNodeOptions = {}): Promise<DevnetNode> {
  const port = await freePort();
  const config = options.chainId === undefined ? DEVNET_CONFIG : configWithChainId(options.chainId);
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'hardhat'),
    ['--config', config, 'node', '--hostname', '127.0.0.1', '--port', String(port)],
    { cwd: ROOT, stdio: 'ignore', env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' } },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
      return response.ok;
    },
    { what: `hardhat node on ${rpcUrl}`, timeoutMs: 60_000, intervalMs: 200 },
  );
  return {
    rpcUrl,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The devnet's Hardhat config with another chain id, written under the git-ignored `.local/`. */
function configWithChainId(chainId: number): string {
  const dir = join(ROOT, '.local', 'devnet');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `hardhat-chain-${chainId}.config.js`);
  writeFileSync(
    file,
    [
      `const base = require(${JSON.stringify(DEVNET_CONFIG)});`,
      `module.exports = { ...base, networks: { ...base.networks, hardhat: { ...base.networks.hardhat, chainId: ${chainId} } } };`,
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

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..', '..');

export interface DevnetNode {
  rpcUrl: string;
  stop: () => Promise<void>;
}

/**
 * A private Hardhat node on a free 127.0.0.1 port, for tests that rewrite history
 * (evm_snapshot/evm_revert reorgs) and must not disturb the shared devnet other suites use.
 */
export async function startDevnetNode(): Promise<DevnetNode> {
  const port = await freePort();
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'hardhat'),
    ['--config', join('tools', 'devnet', 'hardhat.config.js'), 'node', '--hostname', '127.0.0.1', '--port', String(port)],
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

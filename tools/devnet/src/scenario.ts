/**
 * Demo scenario: deploys a UUPS proxy and a transparent proxy on the devnet, then upgrades each one per round
 * (V1 → V2, then V2 → V1, V1 → V2, ...; every upgrade deploys a fresh implementation). Logs one JSON object
 * per line to stdout and exits 0.
 *
 *   npx ts-node --transpile-only tools/devnet/src/scenario.ts [--rpc URL] [--interval-ms 2000] [--rounds 1]
 *     [--account 0] [--wait-ms 30000]
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { hardhat } from 'viem/chains';
import { DEFAULT_RPC_URL, devnetClients, type DevnetClients } from './clients';
import { loadArtifacts } from './compile';
import {
  deployTransparentProxy,
  deployUupsProxy,
  upgradeTransparentProxy,
  upgradeUupsProxy,
  type ProxyDeployment,
  type ProxyUpgrade,
} from './proxies';

export interface ScenarioOptions {
  rpc: string;
  intervalMs: number;
  rounds: number;
  accountIndex: number;
  waitMs: number;
}

type LogValue = string | number | boolean | null | undefined;

function log(msg: string, fields: Record<string, LogValue> = {}): void {
  process.stdout.write(`${JSON.stringify({ msg, ...fields, ts: new Date().toISOString() })}\n`);
}

function intOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

export function parseScenarioArgs(argv: readonly string[]): ScenarioOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rpc: { type: 'string' },
      'interval-ms': { type: 'string' },
      rounds: { type: 'string' },
      account: { type: 'string' },
      'wait-ms': { type: 'string' },
    },
    strict: true,
  });
  return {
    rpc: values.rpc ?? process.env.DEVNET_RPC_URL ?? DEFAULT_RPC_URL,
    intervalMs: intOption('interval-ms', values['interval-ms'], 2000, 0),
    rounds: intOption('rounds', values.rounds, 1, 0),
    accountIndex: intOption('account', values.account, Number(process.env.DEVNET_ACCOUNT_INDEX ?? 0), 0),
    waitMs: intOption('wait-ms', values['wait-ms'], 30_000, 0),
  };
}

/** Waits until the RPC answers (the devnet may still be starting) and checks it is chain 31337. */
async function waitForDevnet(c: DevnetClients, waitMs: number): Promise<number> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const chainId = await c.publicClient.getChainId();
      if (chainId !== hardhat.id) throw new Error(`expected chainId ${hardhat.id} at ${c.rpcUrl}, got ${chainId}`);
      return chainId;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('expected chainId')) throw err;
      if (Date.now() >= deadline) throw new Error(`devnet not reachable at ${c.rpcUrl} after ${waitMs} ms`);
      await sleep(500);
    }
  }
}

function deployedFields(d: ProxyDeployment): Record<string, LogValue> {
  return {
    kind: d.kind,
    proxy: d.proxy,
    implementation: d.implementation,
    contract: d.implementationContract,
    proxyAdmin: d.proxyAdmin,
    tx: d.tx,
    block: Number(d.block),
  };
}

function upgradedFields(u: ProxyUpgrade, round: number): Record<string, LogValue> {
  return {
    kind: u.kind,
    proxy: u.proxy,
    implementation: u.implementation,
    previousImplementation: u.previousImplementation,
    contract: u.implementationContract,
    round,
    tx: u.tx,
    block: Number(u.block),
  };
}

export async function runScenario(opts: ScenarioOptions): Promise<void> {
  const c = devnetClients(opts.rpc, { accountIndex: opts.accountIndex });
  const chainId = await waitForDevnet(c, opts.waitMs);
  const artifacts = await loadArtifacts();
  log('start', { rpc: opts.rpc, chainId, account: c.account.address, rounds: opts.rounds, solc: artifacts.solcVersion });

  const uups = await deployUupsProxy(c);
  log('deployed', deployedFields(uups));
  await sleep(opts.intervalMs);
  const transparent = await deployTransparentProxy(c);
  log('deployed', deployedFields(transparent));

  for (let round = 1; round <= opts.rounds; round++) {
    const toV2 = round % 2 === 1;
    await sleep(opts.intervalMs);
    const u = await upgradeUupsProxy(c, { proxy: uups.proxy, to: toV2 ? 'VaultV2' : 'VaultV1' });
    log('upgraded', upgradedFields(u, round));
    await sleep(opts.intervalMs);
    const t = await upgradeTransparentProxy(c, {
      proxy: transparent.proxy,
      proxyAdmin: transparent.proxyAdmin,
      to: toV2 ? 'TokenLogicV2' : 'TokenLogicV1',
    });
    log('upgraded', { ...upgradedFields(t, round), proxyAdmin: transparent.proxyAdmin });
  }
  log('done', { uupsProxy: uups.proxy, transparentProxy: transparent.proxy });
}

if (require.main === module) {
  let opts: ScenarioOptions;
  try {
    opts = parseScenarioArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  runScenario(opts).then(
    () => process.exit(0),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${JSON.stringify({ msg: 'error', error: message })}\n`);
      process.exit(1);
    },
  );
}

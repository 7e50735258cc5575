/**
 * Demo scenario: first the demo market (demo-market.ts: a Uniswap V2 pair, a V3 pool and a Chainlink-style feed with
 * history, deployed once by its own account, found on later runs), then deploys a UUPS proxy and a transparent proxy
 * on the devnet and upgrades each one per round (V1 → V2, then V2 → V1, V1 → V2, ...; every upgrade deploys a fresh
 * implementation), and each round moves the market (a noise trade, a new feed answer, arbitrage in both pools to
 * it). Then a governance
 * round: a DAO (OZ Governor + TimelockController) upgrades its timelock-owned UUPS vault through a proposal —
 * votes with reasons, queue, the timelock delay passed with `increaseTime`, execute. Logs one JSON object
 * per line to stdout and exits 0.
 *
 *   npx ts-node --transpile-only tools/devnet/src/scenario.ts [--rpc URL] [--interval-ms 2000] [--rounds 1]
 *     [--account 0] [--wait-ms 30000] [--skip-governance] [--market-only]
 *
 * `--market-only` deploys (or finds) the market and exits: scripts/start.sh runs it before the services start, so
 * ingest-market finds the pools and the feed with code on first sight.
 *
 * The governance round signs with its own accounts (DAO_ACCOUNT deploys and proposes, VOTER_ACCOUNTS vote),
 * so on a fresh devnet its governor, timelock and vault get the same addresses whatever `--rounds` is:
 * config/protocols.yaml lists them as `demo-dao`, with the market's pair, pool and feed (DEMO_MARKET_ACCOUNT signs the
 * market the same way). It mines blocks and moves the devnet clock forward.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseEther } from 'viem';
import { hardhat } from 'viem/chains';
import { DEFAULT_RPC_URL, devnetClients, type DevnetClients } from './clients';
import { loadArtifacts } from './compile';
import { readImplementation } from './eip1967';
import { demoMarketClients, ensureDemoMarket, moveDemoMarket, type DemoMarket, type DemoMarketMove } from './demo-market';
import { castVote, executeProposal, proposalState, propose, queueProposal } from './governor';
import { deployOzGovernance } from './oz-governance';
import {
  deployTransparentProxy,
  deployUupsProxy,
  upgradeTransparentProxy,
  upgradeUupsProxy,
  uupsUpgradeCall,
  type ProxyDeployment,
  type ProxyUpgrade,
} from './proxies';
import { increaseTime, mineUntil } from './time';
import { deployContract } from './tx';

/** Hardhat account that deploys the demo DAO and proposes (see clients.ts for who uses which account). */
const DAO_ACCOUNT = 14;
/** Voters of the demo DAO and their tokens: enough For to pass, one Against with its reason. */
const VOTER_ACCOUNTS = [
  { accountIndex: 15, tokens: '600', support: 'for', reason: 'V2 adds pausing; the audit report is linked in the forum' },
  { accountIndex: 16, tokens: '300', support: 'against', reason: 'V2 is not audited yet' },
  { accountIndex: 17, tokens: '100', support: 'for', reason: 'ship it after the timelock delay' },
] as const;
/** The DAO's timelock delay: the ETA of the queued upgrade is one hour after queueing. */
const TIMELOCK_DELAY_SECONDS = 3600;

export interface ScenarioOptions {
  rpc: string;
  intervalMs: number;
  rounds: number;
  accountIndex: number;
  waitMs: number;
  governance: boolean;
  /** Only deploy (or find) the demo market, then stop. */
  marketOnly: boolean;
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
      'skip-governance': { type: 'boolean' },
      'market-only': { type: 'boolean' },
    },
    strict: true,
  });
  return {
    rpc: values.rpc ?? process.env.DEVNET_RPC_URL ?? DEFAULT_RPC_URL,
    intervalMs: intOption('interval-ms', values['interval-ms'], 2000, 0),
    rounds: intOption('rounds', values.rounds, 1, 0),
    accountIndex: intOption('account', values.account, Number(process.env.DEVNET_ACCOUNT_INDEX ?? 0), 0),
    waitMs: intOption('wait-ms', values['wait-ms'], 30_000, 0),
    governance: values['skip-governance'] !== true,
    marketOnly: values['market-only'] === true,
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

function marketFields(m: DemoMarket): Record<string, LogValue> {
  return { usdToken: m.usdToken, token: m.token, feed: m.feed, v2Pair: m.v2Pair, v3Pool: m.v3Pool };
}

/** Prices rounded to a hundredth of a cent: what a reader of the log compares. */
function movedFields(move: DemoMarketMove, round: number): Record<string, LogValue> {
  const usd = (price: number) => Math.round(price * 10_000) / 10_000;
  return { round, feedRound: Number(move.feedRound), feedPrice: usd(move.feedPrice), v2Price: usd(move.v2Price), v3Price: usd(move.v3Price), v2Swaps: move.v2Swaps, v3Swaps: move.v3Swaps, block: Number(move.block) };
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

  const m = demoMarketClients(opts.rpc);
  const { market, deployed } = await ensureDemoMarket(m);
  log(deployed ? 'market deployed' : 'market found', { ...marketFields(market), account: m.account.address });
  if (opts.marketOnly) {
    log('done', marketFields(market));
    return;
  }

  await sleep(opts.intervalMs);
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
    await sleep(opts.intervalMs);
    log('market moved', movedFields(await moveDemoMarket(m, market), round));
  }
  const dao = opts.governance ? await runGovernanceRound(opts, log) : null;
  log('done', { uupsProxy: uups.proxy, transparentProxy: transparent.proxy, daoGovernor: dao?.governor, daoTimelock: dao?.timelock, daoVault: dao?.vault, ...marketFields(market) });
}

/**
 * The governance round: deploys a UUPS vault and a DAO owning it through its timelock, then upgrades the
 * vault to a fresh VaultV2 by proposal — each step a log line, `intervalMs` apart so watchers see every stage.
 */
export async function runGovernanceRound(
  opts: Pick<ScenarioOptions, 'rpc' | 'intervalMs'>,
  logStep: typeof log,
): Promise<{ governor: string; timelock: string; vault: string }> {
  const c = devnetClients(opts.rpc, { accountIndex: DAO_ACCOUNT });
  const voters = VOTER_ACCOUNTS.map((v) => ({ ...v, account: devnetClients(opts.rpc, { accountIndex: v.accountIndex }), weight: parseEther(v.tokens) }));
  const vault = await deployUupsProxy(c);
  const gov = await deployOzGovernance(c, {
    name: 'Demo DAO Governor',
    votingDelay: 1,
    votingPeriod: 10,
    quorumPercent: 10,
    timelockDelay: TIMELOCK_DELAY_SECONDS,
    voters,
    transferToTimelock: [vault.proxy],
  });
  logStep('dao deployed', { governor: gov.governor, timelock: gov.timelock, token: gov.token, vault: vault.proxy, implementation: vault.implementation });

  await sleep(opts.intervalMs);
  const v2 = await deployContract(c, 'VaultV2');
  const proposal = await propose(c, { governor: gov.governor, actions: [uupsUpgradeCall(vault.proxy, v2.address)], description: '# Upgrade the demo vault to V2\n\nAdds pausing.' });
  logStep('proposed', { proposalId: proposal.proposalId.toString(), implementation: v2.address, voteStart: Number(proposal.voteStart), voteEnd: Number(proposal.voteEnd), tx: proposal.tx });

  await sleep(opts.intervalMs);
  await mineUntil(c, proposal.voteStart + 1n);
  for (const voter of voters) {
    const vote = await castVote(voter.account, { governor: gov.governor, proposalId: proposal.proposalId, support: voter.support, reason: voter.reason });
    logStep('voted', { voter: voter.account.account.address, support: voter.support, weight: vote.weight.toString(), reason: voter.reason });
  }

  await sleep(opts.intervalMs);
  await mineUntil(c, proposal.voteEnd + 1n);
  const state = await proposalState(c, proposal);
  if (state !== 'Succeeded') throw new Error(`the demo proposal did not pass: ${state}`);
  const queued = await queueProposal(c, proposal);
  logStep('queued', { eta: new Date(Number(queued.eta) * 1000).toISOString(), tx: queued.tx });

  await sleep(opts.intervalMs);
  await increaseTime(c, TIMELOCK_DELAY_SECONDS);
  const executed = await executeProposal(c, proposal);
  const now = await readImplementation(c.publicClient, vault.proxy);
  if (now.toLowerCase() !== v2.address.toLowerCase()) throw new Error(`the vault runs ${now} after the proposal, not ${v2.address}`);
  logStep('executed', { proxy: vault.proxy, implementation: v2.address, tx: executed.tx, block: Number(executed.receipt.blockNumber) });
  return { governor: gov.governor, timelock: gov.timelock, vault: vault.proxy };
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

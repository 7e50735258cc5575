/**
 * The demo scenario on a private Hardhat node (it mines blocks and moves time): it completes, and the
 * addresses config/protocols.yaml lists for the demo (proxies, the DAO, the market's pools and feed) and
 * the dollar scripts/start.sh names in ONCHAIN_USD_TOKENS are the ones it deploys.
 */
import { startDevnetNode, type DevnetNode } from '@pum/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAbi, type Address } from 'viem';
import { parse } from 'yaml';
import { devnetClients } from './clients';
import { runScenario, type ScenarioOptions } from './scenario';

interface Registry {
  protocols: { id: string; contracts: { chainId: number; address: string; role: string }[] }[];
}

const ROOT = join(__dirname, '..', '..', '..');
const registry = parse(readFileSync(join(ROOT, 'config', 'protocols.yaml'), 'utf8')) as Registry;
const registeredAll = (id: string, role: string) =>
  registry.protocols.find((p) => p.id === id)?.contracts.filter((c) => c.role === role).map((c) => c.address.toLowerCase()) ?? [];
const registered = (id: string, role: string) => registeredAll(id, role)[0];
/** The `ONCHAIN_USD_TOKENS` default scripts/start.sh sets for the demo. */
const startUsdTokens = /ONCHAIN_USD_TOKENS:-([^}"]+)/.exec(readFileSync(join(ROOT, 'scripts', 'start.sh'), 'utf8'))?.[1];

/** What ingest-market reads from pools and feeds (services/ingest-market/src/sources/onchain/abis.ts). */
const marketEvents = parseAbi([
  'event Sync(uint112 reserve0, uint112 reserve1)',
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
]);

type LogLine = Record<string, unknown>;

/** Runs the scenario on `node` and returns its log lines by `msg`. */
async function scenarioLog(node: DevnetNode, opts: Partial<ScenarioOptions>): Promise<Record<string, LogLine[]>> {
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await runScenario({ rpc: node.rpcUrl, intervalMs: 0, rounds: 1, accountIndex: 0, waitMs: 30_000, governance: true, marketOnly: false, ...opts });
    const byMsg: Record<string, LogLine[]> = {};
    for (const [chunk] of write.mock.calls) {
      const line = JSON.parse(String(chunk)) as LogLine;
      (byMsg[String(line.msg)] ??= []).push(line);
    }
    return byMsg;
  } finally {
    write.mockRestore();
  }
}

const lower = (value: unknown) => String(value).toLowerCase();

describe('demo scenario', () => {
  let node: DevnetNode | undefined;
  afterEach(async () => {
    await node?.stop();
    node = undefined;
  });

  it.each([1, 3])('deploys the registry demo addresses and upgrades the DAO vault by proposal with %i round(s)', async (rounds) => {
    node = await startDevnetNode();
    const log = await scenarioLog(node, { rounds });

    const [uups, transparent] = log.deployed ?? [];
    expect(lower(uups?.proxy)).toBe(registered('demo-vault', 'proxy'));
    expect(lower(transparent?.proxy)).toBe(registered('demo-token', 'proxy'));
    const dao = log['dao deployed']?.[0];
    expect(lower(dao?.governor)).toBe(registered('demo-dao', 'governor'));
    expect(lower(dao?.timelock)).toBe(registered('demo-dao', 'timelock'));
    expect(lower(dao?.vault)).toBe(registered('demo-dao', 'proxy'));
    expect(log.upgraded).toHaveLength(2 * rounds);
    expect(log.voted?.map((vote) => vote.support)).toEqual(['for', 'against', 'for']);
    expect(log.executed?.[0]).toMatchObject({ proxy: dao?.vault, implementation: log.proposed?.[0]?.implementation });
    const market = log['market deployed']?.[0];
    expect([lower(market?.v2Pair), lower(market?.v3Pool)]).toEqual(registeredAll('demo-dao', 'pool'));
    expect(lower(market?.feed)).toBe(registered('demo-dao', 'oracle'));
    expect(log['market moved']?.map((move) => move.round)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
  }, 90_000);

  it('moves the demo market every round: swaps in both pools, a feed answer after its history, prices at the feed', async () => {
    node = await startDevnetNode();
    const rounds = 2;
    const log = await scenarioLog(node, { rounds, governance: false });
    const market = log['market deployed']?.[0] ?? {};
    const c = devnetClients(node.rpcUrl);
    const events = async (address: unknown, eventName: (typeof marketEvents)[number]['name']) =>
      (await c.publicClient.getLogs({ address: address as Address, events: marketEvents, fromBlock: 0n, strict: true })).filter((l) => l.eventName === eventName);

    expect(`31337:${lower(market.usdToken)}`).toBe(startUsdTokens?.toLowerCase());
    const v2Swaps = await events(market.v2Pair, 'Swap');
    const moves = log['market moved'] ?? [];
    expect(moves.map((move) => move.round)).toEqual([1, 2]);
    const sum = (field: string) => moves.reduce((n, move) => n + Number(move[field]), 0);
    // A noise trade and the arbitrage back to the feed each round on the pair (whose seeding mint synced once more),
    // the arbitrage on the pool.
    expect(v2Swaps).toHaveLength(sum('v2Swaps'));
    expect(v2Swaps.length).toBeGreaterThanOrEqual(rounds);
    expect(await events(market.v2Pair, 'Sync')).toHaveLength(v2Swaps.length + 1);
    expect(await events(market.v3Pool, 'Swap')).toHaveLength(sum('v3Swaps'));
    expect(sum('v3Swaps')).toBeGreaterThanOrEqual(1);

    const answers = await events(market.feed, 'AnswerUpdated');
    const history = answers.slice(0, -rounds).map((l) => Number((l.args as { updatedAt: bigint }).updatedAt));
    expect(history.length).toBeGreaterThanOrEqual(101); // the forecast service's 100 returns for GARCH
    expect(history.slice(1).map((t, i) => t - history[i]!)).toEqual(history.slice(1).map(() => 86_400));
    const deployedAt = Number((await c.publicClient.getBlock({ blockNumber: answers[0]!.blockNumber })).timestamp);
    expect(history.at(-1)).toBeLessThanOrEqual(deployedAt);
    for (const [i, live] of answers.slice(-rounds).entries()) {
      const args = live.args as { current: bigint; updatedAt: bigint };
      expect(Number(args.updatedAt)).toBe(Number((await c.publicClient.getBlock({ blockNumber: live.blockNumber })).timestamp));
      expect(Number(args.current) / 1e8).toBeCloseTo(Number(moves[i]?.feedPrice), 4);
    }
    for (const move of moves) {
      expect(Math.abs(Number(move.v2Price) / Number(move.feedPrice) - 1)).toBeLessThan(0.002);
      expect(Math.abs(Number(move.v3Price) / Number(move.feedPrice) - 1)).toBeLessThan(0.002);
    }
  }, 90_000);

  it('finds the market it deployed on a later run instead of deploying another, and trades in it', async () => {
    node = await startDevnetNode();
    const first = await scenarioLog(node, { marketOnly: true });
    const second = await scenarioLog(node, { rounds: 1, governance: false });

    expect(first['market deployed']).toHaveLength(1);
    expect(first.deployed).toBeUndefined();
    expect(second['market deployed']).toBeUndefined();
    const { msg: _first, ts: _t1, ...deployed } = first['market deployed']?.[0] ?? {};
    const { msg: _second, ts: _t2, ...found } = second['market found']?.[0] ?? {};
    expect(found).toEqual(deployed);
    expect(second['market moved']).toHaveLength(1);
  }, 90_000);
});

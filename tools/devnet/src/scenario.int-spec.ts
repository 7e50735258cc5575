/**
 * The demo scenario on a private Hardhat node (it mines blocks and moves time): it completes, and the
 * addresses config/protocols.yaml lists for the demo are the ones it deploys.
 */
import { startDevnetNode } from '@pum/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runScenario } from './scenario';

interface Registry {
  protocols: { id: string; contracts: { address: string; role: string }[] }[];
}

const registry = parse(readFileSync(join(__dirname, '..', '..', '..', 'config', 'protocols.yaml'), 'utf8')) as Registry;
const registered = (id: string, role: string) =>
  registry.protocols.find((p) => p.id === id)?.contracts.find((c) => c.role === role)?.address.toLowerCase();

/** Runs the scenario on a fresh node and returns its log lines by `msg`. */
async function scenarioLog(rounds: number): Promise<Record<string, Record<string, unknown>[]>> {
  const node = await startDevnetNode();
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await runScenario({ rpc: node.rpcUrl, intervalMs: 0, rounds, accountIndex: 0, waitMs: 30_000, governance: true });
    const byMsg: Record<string, Record<string, unknown>[]> = {};
    for (const [chunk] of write.mock.calls) {
      const line = JSON.parse(String(chunk)) as Record<string, unknown>;
      (byMsg[String(line.msg)] ??= []).push(line);
    }
    return byMsg;
  } finally {
    write.mockRestore();
    await node.stop();
  }
}

const lower = (value: unknown) => String(value).toLowerCase();

describe('demo scenario', () => {
  it.each([1, 3])('deploys the registry demo addresses and upgrades the DAO vault by proposal with %i round(s)', async (rounds) => {
    const log = await scenarioLog(rounds);

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
  }, 60_000);
});

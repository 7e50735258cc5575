/**
 * Compiles contracts/MarketTestContracts.sol with solc-js (offline; imports resolved from
 * node_modules) and caches the result in <repo>/.local/ingest-market/test-artifacts.json keyed by a
 * hash of the sources and the solc version. Uniswap's own contracts need no compiling: their npm
 * packages ship bytecode.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Abi, Hex } from 'viem';

const SOURCE = path.join(__dirname, 'contracts', 'MarketTestContracts.sol');
const CACHE = path.resolve(__dirname, '../../..', '.local', 'ingest-market', 'test-artifacts.json');

export interface TestArtifact {
  abi: Abi;
  bytecode: Hex;
}
export type TestContractName = 'EmittingMockV3Aggregator' | 'V3Caller' | 'LabelledFeed';

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

function resolveImport(unit: string): string {
  const parts = unit.split('/');
  const name = unit.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const root = path.dirname(require.resolve(`${name}/package.json`));
  return readFileSync(path.join(root, unit.slice(name.length + 1)), 'utf8');
}

/** The compiled test contracts (cached; a cold compile takes a few seconds). */
export async function testArtifacts(): Promise<Record<TestContractName, TestArtifact>> {
  const source = readFileSync(SOURCE, 'utf8');
  const solcVersion = (JSON.parse(readFileSync(require.resolve('solc/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(solcVersion).update(source).digest('hex');
  if (existsSync(CACHE)) {
    const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as { key: string; contracts: Record<TestContractName, TestArtifact> };
    if (cached.key === key) return cached.contracts;
  }
  const solc = (await import('solc')).default as { compile(input: string, callbacks: { import: (unit: string) => { contents: string } | { error: string } }): string };
  const input = {
    language: 'Solidity',
    sources: { 'MarketTestContracts.sol': { content: source } },
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (unit) => {
        try {
          return { contents: resolveImport(unit) };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      },
    }),
  ) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const compiled = output.contracts?.['MarketTestContracts.sol'] ?? {};
  const contracts = Object.fromEntries(
    (['EmittingMockV3Aggregator', 'V3Caller', 'LabelledFeed'] as const).map((name) => [name, { abi: compiled[name].abi, bytecode: `0x${compiled[name].evm.bytecode.object}` as Hex }]),
  ) as Record<TestContractName, TestArtifact>;
  mkdirSync(path.dirname(CACHE), { recursive: true });
  writeFileSync(CACHE, JSON.stringify({ key, contracts }));
  return contracts;
}

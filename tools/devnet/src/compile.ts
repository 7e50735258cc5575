/**
 * Compiles every .sol file under tools/devnet/contracts (plus contracts shipped by npm packages: OpenZeppelin proxies and
 * TimelockController, Safe 1.4.1 and 1.3.0) with solc-js, offline, and caches the result in
 * <repo>/.local/devnet/artifacts.json keyed by a hash of every source unit, the solc version and the settings.
 * A cold solc-js compile takes a few seconds; a warm call only hashes files. Uniswap's V2 and V3 contracts are not
 * compiled here: their npm packages ship bytecode (uniswap.ts deploys it).
 *
 * CLI: npx ts-node --transpile-only tools/devnet/src/compile.ts [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Abi, Hex } from 'viem';

export const DEVNET_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(DEVNET_DIR, '../..');
export const ARTIFACTS_FILE = path.join(REPO_ROOT, '.local', 'devnet', 'artifacts.json');

const CONTRACTS_DIR = path.join(DEVNET_DIR, 'contracts');
const FORMAT = 'pum-devnet-artifacts/1';

const OZ = '@openzeppelin/contracts/';
const SAFE_14 = '@safe-global/safe-contracts/contracts/';
/** Safe 1.3.0 through an npm alias (package.json: `safe-contracts-v1.3` -> `@gnosis.pm/safe-contracts@1.3.0`). */
const SAFE_13 = 'safe-contracts-v1.3/contracts/';

/** Contracts compiled straight from npm packages in node_modules (no wrapper .sol needed). */
const NPM_CONTRACTS = {
  ERC1967Proxy: `${OZ}proxy/ERC1967/ERC1967Proxy.sol`,
  TransparentUpgradeableProxy: `${OZ}proxy/transparent/TransparentUpgradeableProxy.sol`,
  ProxyAdmin: `${OZ}proxy/transparent/ProxyAdmin.sol`,
  UpgradeableBeacon: `${OZ}proxy/beacon/UpgradeableBeacon.sol`,
  BeaconProxy: `${OZ}proxy/beacon/BeaconProxy.sol`,
  TimelockController: `${OZ}governance/TimelockController.sol`,
  Safe: `${SAFE_14}Safe.sol`,
  SafeProxyFactory: `${SAFE_14}proxies/SafeProxyFactory.sol`,
  GnosisSafe: `${SAFE_13}GnosisSafe.sol`,
  GnosisSafeProxyFactory: `${SAFE_13}proxies/GnosisSafeProxyFactory.sol`,
} as const;

export const CONTRACT_NAMES = [
  'VaultV1',
  'VaultV2',
  'TokenLogicV1',
  'TokenLogicV2',
  'ERC1967Proxy',
  'TransparentUpgradeableProxy',
  'ProxyAdmin',
  'UpgradeableBeacon',
  'BeaconProxy',
  'LogSpammer',
  'TimelockController',
  'DevnetGovToken',
  'DevnetGovernor',
  'DevnetBravoGovernor',
  'GovernorBravoLike',
  'Timelock',
  'DevnetDiamond',
  'CounterFacetV1',
  'CounterFacetV2',
  'Safe',
  'SafeProxyFactory',
  'GnosisSafe',
  'GnosisSafeProxyFactory',
  'DevnetSafeGuard',
  'DevnetAccessControlled',
  'DevnetToken',
  'DevnetPriceFeed',
  'DevnetV3Caller',
  'DevnetCycleRouter',
  'GuardedVaultV1',
  'GuardedVaultV2Pauseless',
  'GuardedVaultV2Destructible',
  'GuardedVaultV2Delegating',
  'MetamorphicFactory',
  'MetamorphicProposalBenign',
  'MetamorphicProposalMalicious',
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

export interface ContractArtifact {
  contractName: ContractName;
  sourceName: string;
  abi: Abi;
  bytecode: Hex;
  deployedBytecode: Hex;
}

export interface ArtifactsFile {
  format: typeof FORMAT;
  solcVersion: string;
  sourcesHash: string;
  /** Every source unit that went into the build (local + imported), relative source-unit names. */
  sourceUnits: string[];
  compiledAt: string;
  contracts: Record<ContractName, ContractArtifact>;
}

const SETTINGS = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
} as const;

interface SolcOutputContract {
  abi: Abi;
  evm: { bytecode: { object: string }; deployedBytecode: { object: string } };
}
interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[];
  sources?: Record<string, unknown>;
  contracts?: Record<string, Record<string, SolcOutputContract>>;
}
interface SolcCompiler {
  compile(input: string, callbacks: { import: (p: string) => { contents: string } | { error: string } }): string;
  version(): string;
}

/** Local source-unit names, subdirectories included, e.g. `contracts/VaultV1.sol`, `contracts/compound/Timelock.sol`. */
function localSourceUnits(): string[] {
  return readdirSync(CONTRACTS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sol'))
    .map((f) => `contracts/${f.split(path.sep).join('/')}`)
    .sort();
}

const packageDirs = new Map<string, string>();

/** Directory of an installed npm package (`@scope/name` or `name`), as node resolves it from here. */
function packageDir(name: string): string {
  let dir = packageDirs.get(name);
  if (dir === undefined) {
    dir = path.dirname(require.resolve(`${name}/package.json`));
    packageDirs.set(name, dir);
  }
  return dir;
}

/** File of a source unit: `contracts/...` is local, anything else is `<npm package>/<path inside it>`. */
function sourceUnitPath(unit: string): string {
  if (unit.includes('..')) throw new Error(`cannot resolve Solidity import "${unit}"`);
  if (unit.startsWith('contracts/')) return path.join(DEVNET_DIR, unit);
  const parts = unit.split('/');
  const nameLength = unit.startsWith('@') ? 2 : 1;
  if (parts.length <= nameLength) throw new Error(`cannot resolve Solidity import "${unit}"`);
  try {
    return path.join(packageDir(parts.slice(0, nameLength).join('/')), ...parts.slice(nameLength));
  } catch {
    throw new Error(`cannot resolve Solidity import "${unit}": npm package ${parts.slice(0, nameLength).join('/')} is not installed`);
  }
}

function solcPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('solc/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Hash over solc version, settings and the (name, content) of every source unit; undefined if one is missing. */
function hashSources(units: readonly string[]): string | undefined {
  const h = createHash('sha256');
  h.update(JSON.stringify({ solc: solcPackageVersion(), settings: SETTINGS }));
  for (const unit of [...units].sort()) {
    const file = sourceUnitPath(unit);
    if (!existsSync(file)) return undefined;
    h.update(`\0${unit}\0`).update(readFileSync(file));
  }
  return h.digest('hex');
}

function readCache(): ArtifactsFile | undefined {
  if (!existsSync(ARTIFACTS_FILE)) return undefined;
  try {
    const cached = JSON.parse(readFileSync(ARTIFACTS_FILE, 'utf8')) as ArtifactsFile;
    if (cached.format !== FORMAT) return undefined;
    if (!CONTRACT_NAMES.every((n) => cached.contracts[n]?.bytecode.startsWith('0x'))) return undefined;
    // A new local .sol file must trigger a rebuild even though it is not yet in sourceUnits.
    if (!localSourceUnits().every((u) => cached.sourceUnits.includes(u))) return undefined;
    return hashSources(cached.sourceUnits) === cached.sourcesHash ? cached : undefined;
  } catch {
    return undefined;
  }
}

async function runSolc(): Promise<ArtifactsFile> {
  const solc: SolcCompiler = (await import('solc')).default;
  const rootUnits = [...localSourceUnits(), ...new Set(Object.values(NPM_CONTRACTS))];
  const outputSelection: Record<string, Record<string, string[]>> = {};
  const wanted = ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'];
  for (const unit of localSourceUnits()) outputSelection[unit] = { '*': wanted };
  for (const [name, unit] of Object.entries(NPM_CONTRACTS)) {
    outputSelection[unit] = { ...outputSelection[unit], [name]: wanted };
  }
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(rootUnits.map((u) => [u, { content: readFileSync(sourceUnitPath(u), 'utf8') }])),
    settings: { ...SETTINGS, outputSelection },
  };
  const importCallback = (unit: string): { contents: string } | { error: string } => {
    try {
      return { contents: readFileSync(sourceUnitPath(unit), 'utf8') };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: importCallback })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`solc ${solc.version()} failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  }

  const sourceUnits = Object.keys(output.sources ?? {}).sort();
  const contracts = {} as Record<ContractName, ContractArtifact>;
  for (const [sourceName, byName] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, c] of Object.entries(byName)) {
      if (!(CONTRACT_NAMES as readonly string[]).includes(contractName)) continue;
      contracts[contractName as ContractName] = {
        contractName: contractName as ContractName,
        sourceName,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      };
    }
  }
  const missing = CONTRACT_NAMES.filter((n) => contracts[n] === undefined || contracts[n].bytecode === '0x');
  if (missing.length > 0) throw new Error(`solc produced no bytecode for: ${missing.join(', ')}`);

  const sourcesHash = hashSources(sourceUnits);
  if (sourcesHash === undefined) throw new Error('a compiled source unit vanished while hashing');
  return { format: FORMAT, solcVersion: solc.version(), sourcesHash, sourceUnits, compiledAt: new Date().toISOString(), contracts };
}

function writeAtomically(file: string, data: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file); // concurrent compilers (scenario + jest) never see a half-written file
}

/** Like {@link loadArtifacts}, also telling whether solc actually ran. */
export async function ensureArtifacts(opts: { force?: boolean } = {}): Promise<{ artifacts: ArtifactsFile; compiled: boolean }> {
  const cached = opts.force ? undefined : readCache();
  if (cached) return { artifacts: cached, compiled: false };
  const fresh = await runSolc();
  writeAtomically(ARTIFACTS_FILE, `${JSON.stringify(fresh, null, 2)}\n`);
  return { artifacts: fresh, compiled: true };
}

/**
 * Returns the compiled devnet artifacts, compiling with solc-js only when the sources, solc version or
 * settings changed since the cached build (or when `force` is set).
 */
export async function loadArtifacts(opts: { force?: boolean } = {}): Promise<ArtifactsFile> {
  return (await ensureArtifacts(opts)).artifacts;
}

if (require.main === module) {
  const started = Date.now();
  ensureArtifacts({ force: process.argv.includes('--force') })
    .then(({ artifacts: a, compiled }) => {
      process.stdout.write(
        `${JSON.stringify({
          msg: compiled ? 'compiled' : 'up-to-date',
          file: path.relative(REPO_ROOT, ARTIFACTS_FILE),
          solc: a.solcVersion,
          contracts: Object.keys(a.contracts),
          sourceUnits: a.sourceUnits.length,
          sourcesHash: a.sourcesHash,
          ms: Date.now() - started,
        })}\n`,
      );
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}

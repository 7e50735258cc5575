import { randomBytes } from 'node:crypto';
import {
  concat,
  encodeFunctionData,
  getAddress,
  hashTypedData,
  parseAbi,
  isAddressEqual,
  toEventSelector,
  zeroAddress,
  type Address,
  type Hex,
  type TypedDataDomain,
} from 'viem';
import type { DevnetClients } from './clients';
import type { ContractName } from './compile';
import { deployContract, sendTx, type SentTx } from './tx';

/** Safe versions the devnet compiles from npm: 1.4.1 (`Safe`) and 1.3.0 (`GnosisSafe`), both the non-L2 singletons. */
export type SafeVersion = '1.4' | '1.3';

const SAFE_CONTRACTS: Record<SafeVersion, { singleton: ContractName; factory: ContractName }> = {
  '1.4': { singleton: 'Safe', factory: 'SafeProxyFactory' },
  '1.3': { singleton: 'GnosisSafe', factory: 'GnosisSafeProxyFactory' },
};

/** The owner and module linked lists start at this sentinel. */
const SENTINEL = '0x0000000000000000000000000000000000000001';

export const safeAbi = parseAbi([
  'function setup(address[] owners, uint256 threshold, address to, bytes data, address fallbackHandler, address paymentToken, uint256 payment, address paymentReceiver)',
  'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool)',
  'function nonce() view returns (uint256)',
  'function getOwners() view returns (address[])',
  'function getThreshold() view returns (uint256)',
  'function isModuleEnabled(address module) view returns (bool)',
  'function getModulesPaginated(address start, uint256 pageSize) view returns (address[] array, address next)',
  'function VERSION() view returns (string)',
  'function addOwnerWithThreshold(address owner, uint256 threshold)',
  'function removeOwner(address prevOwner, address owner, uint256 threshold)',
  'function changeThreshold(uint256 threshold)',
  'function enableModule(address module)',
  'function disableModule(address prevModule, address module)',
  'function setGuard(address guard)',
]);

const factoryAbi = parseAbi(['function createProxyWithNonce(address singleton, bytes initializer, uint256 saltNonce) returns (address proxy)']);

/**
 * The Safe events whose indexing differs between versions: 1.3.0 logs owners, modules, the guard and execution
 * hashes unindexed (in `data`), 1.4.1 indexes them (in `topics`). Same names and signatures, so the same topic0.
 */
export const safeEventsAbi = {
  '1.4': parseAbi([
    'event SafeSetup(address indexed initiator, address[] owners, uint256 threshold, address initializer, address fallbackHandler)',
    'event AddedOwner(address indexed owner)',
    'event RemovedOwner(address indexed owner)',
    'event ChangedThreshold(uint256 threshold)',
    'event EnabledModule(address indexed module)',
    'event DisabledModule(address indexed module)',
    'event ChangedGuard(address indexed guard)',
    'event ExecutionSuccess(bytes32 indexed txHash, uint256 payment)',
    'event ExecutionFailure(bytes32 indexed txHash, uint256 payment)',
  ]),
  '1.3': parseAbi([
    'event SafeSetup(address indexed initiator, address[] owners, uint256 threshold, address initializer, address fallbackHandler)',
    'event AddedOwner(address owner)',
    'event RemovedOwner(address owner)',
    'event ChangedThreshold(uint256 threshold)',
    'event EnabledModule(address module)',
    'event DisabledModule(address module)',
    'event ChangedGuard(address guard)',
    'event ExecutionSuccess(bytes32 txHash, uint256 payment)',
    'event ExecutionFailure(bytes32 txHash, uint256 payment)',
  ]),
} as const;

const EXECUTION_SUCCESS = toEventSelector('ExecutionSuccess(bytes32,uint256)');
const EXECUTION_FAILURE = toEventSelector('ExecutionFailure(bytes32,uint256)');

export interface SafeDeployment {
  version: SafeVersion;
  safe: Address;
  singleton: Address;
  factory: Address;
  /** The proxy-creation tx (ProxyCreation + SafeSetup logs). */
  tx: Hex;
  block: bigint;
}

/** A deployed Safe singleton and proxy factory, reusable for many Safes of one version. */
export interface SafeInfrastructure {
  singleton: Address;
  factory: Address;
}

/** Deploys a Safe singleton and its proxy factory for `version`. */
export async function deploySafeInfrastructure(c: DevnetClients, version: SafeVersion): Promise<SafeInfrastructure> {
  const names = SAFE_CONTRACTS[version];
  const singleton = await deployContract(c, names.singleton);
  const factory = await deployContract(c, names.factory);
  return { singleton: singleton.address, factory: factory.address };
}

/**
 * Deploys a Safe the way the Safe apps do: a proxy from the factory (`createProxyWithNonce`) whose initializer
 * is `setup(owners, threshold, ...)`. Deploys the singleton and factory first unless `infrastructure` is given.
 *
 * @example const { safe } = await deploySafe(c, { owners: [a, b, d], threshold: 2, version: '1.4' });
 */
export async function deploySafe(
  c: DevnetClients,
  params: { owners: readonly Address[]; threshold: number; version?: SafeVersion; infrastructure?: SafeInfrastructure; saltNonce?: bigint },
): Promise<SafeDeployment> {
  const version = params.version ?? '1.4';
  if (params.threshold < 1 || params.threshold > params.owners.length) {
    throw new Error(`deploySafe: threshold ${params.threshold} must be within 1..${params.owners.length} (the owner count)`);
  }
  const infra = params.infrastructure ?? (await deploySafeInfrastructure(c, version));
  const initializer = encodeFunctionData({
    abi: safeAbi,
    functionName: 'setup',
    args: [[...params.owners], BigInt(params.threshold), zeroAddress, '0x', zeroAddress, zeroAddress, 0n, zeroAddress],
  });
  const saltNonce = params.saltNonce ?? BigInt(`0x${randomBytes(8).toString('hex')}`); // same owners, new address
  // CREATE2: the simulated address is the one the transaction creates.
  const { result: safe } = await c.publicClient.simulateContract({
    account: c.account,
    address: infra.factory,
    abi: factoryAbi,
    functionName: 'createProxyWithNonce',
    args: [infra.singleton, initializer, saltNonce],
  });
  const data = encodeFunctionData({ abi: factoryAbi, functionName: 'createProxyWithNonce', args: [infra.singleton, initializer, saltNonce] });
  const sent = await sendTx(c, infra.factory, data, `create Safe ${version}`);
  return { version, safe: getAddress(safe), ...infra, tx: sent.tx, block: sent.block };
}

/** 0 = CALL, 1 = DELEGATECALL (Safe's `Enum.Operation`). */
export type SafeOperation = 0 | 1;

export interface SafeTransaction {
  safe: Address;
  to: Address;
  value?: bigint;
  data?: Hex;
  operation?: SafeOperation;
  /**
   * Gas reserved for the inner call. 0 (default) makes the whole transaction revert when the inner call fails;
   * non-zero lets it succeed with an `ExecutionFailure` log instead.
   */
  safeTxGas?: bigint;
}

/**
 * Signs and executes a Safe transaction as a real Safe would: each signer signs the EIP-712 SafeTx hash
 * (chainId + Safe address domain, the Safe's current nonce), the signatures are sorted by owner address and
 * concatenated, and the clients' account submits `execTransaction`. Returns whether the inner call succeeded
 * (`ExecutionSuccess` vs `ExecutionFailure`) and the SafeTx hash those logs carry.
 *
 * @example await execSafeTransaction(c, { safe, to: proxy, data: uupsUpgradeCall(proxy, v2).data, signers: [owner1, owner2] });
 */
export async function execSafeTransaction(
  c: DevnetClients,
  params: SafeTransaction & { signers: readonly DevnetClients[] },
): Promise<SentTx & { safeTxHash: Hex; success: boolean }> {
  const nonce = await c.publicClient.readContract({ address: params.safe, abi: safeAbi, functionName: 'nonce' });
  const message = {
    to: params.to,
    value: params.value ?? 0n,
    data: params.data ?? '0x',
    operation: params.operation ?? 0,
    safeTxGas: params.safeTxGas ?? 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: zeroAddress,
    refundReceiver: zeroAddress,
    nonce,
  } as const;
  const domain: TypedDataDomain = { chainId: c.chain.id, verifyingContract: params.safe };
  const typed = { domain, types: SAFE_TX_TYPES, primaryType: 'SafeTx', message } as const;
  const safeTxHash = hashTypedData(typed);
  const signed = await Promise.all(
    params.signers.map(async (s) => ({ owner: s.account.address, signature: await s.walletClient.signTypedData(typed) })),
  );
  signed.sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1)); // Safe requires ascending owners
  const data = encodeFunctionData({
    abi: safeAbi,
    functionName: 'execTransaction',
    args: [message.to, message.value, message.data, message.operation, message.safeTxGas, 0n, 0n, zeroAddress, zeroAddress, concat(signed.map((s) => s.signature))],
  });
  const sent = await sendTx(c, params.safe, data, `Safe ${params.safe} execTransaction to ${params.to}`, message.value);
  // Matched by topic0, which both versions share (they differ only in which arguments are indexed).
  const outcome = sent.receipt.logs.find(
    (l) => isAddressEqual(l.address, params.safe) && (l.topics[0] === EXECUTION_SUCCESS || l.topics[0] === EXECUTION_FAILURE),
  );
  if (!outcome) throw new Error(`execSafeTransaction: no ExecutionSuccess/ExecutionFailure log from ${params.safe} in tx ${sent.tx}`);
  return { ...sent, safeTxHash, success: outcome.topics[0] === EXECUTION_SUCCESS };
}

const SAFE_TX_TYPES = {
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

type SafeSelfCall = { safe: Address; signers: readonly DevnetClients[] };

function selfCall(c: DevnetClients, p: SafeSelfCall, data: Hex) {
  return execSafeTransaction(c, { safe: p.safe, to: p.safe, data, signers: p.signers });
}

/** Adds an owner and sets the threshold, through the Safe's own execTransaction (logs AddedOwner, maybe ChangedThreshold). */
export function addSafeOwner(c: DevnetClients, p: SafeSelfCall & { owner: Address; threshold: number }) {
  return selfCall(c, p, encodeFunctionData({ abi: safeAbi, functionName: 'addOwnerWithThreshold', args: [p.owner, BigInt(p.threshold)] }));
}

/** Removes an owner (its predecessor in the owner list is looked up) and sets the threshold, through execTransaction. */
export async function removeSafeOwner(c: DevnetClients, p: SafeSelfCall & { owner: Address; threshold: number }) {
  const owners = await c.publicClient.readContract({ address: p.safe, abi: safeAbi, functionName: 'getOwners' });
  const prev = previousInList(owners, p.owner, `owner of Safe ${p.safe}`);
  return selfCall(c, p, encodeFunctionData({ abi: safeAbi, functionName: 'removeOwner', args: [prev, p.owner, BigInt(p.threshold)] }));
}

/** Changes the threshold through execTransaction (logs ChangedThreshold). */
export function changeSafeThreshold(c: DevnetClients, p: SafeSelfCall & { threshold: number }) {
  return selfCall(c, p, encodeFunctionData({ abi: safeAbi, functionName: 'changeThreshold', args: [BigInt(p.threshold)] }));
}

/** Enables a module through execTransaction (logs EnabledModule). */
export function enableSafeModule(c: DevnetClients, p: SafeSelfCall & { module: Address }) {
  return selfCall(c, p, encodeFunctionData({ abi: safeAbi, functionName: 'enableModule', args: [p.module] }));
}

/** Disables a module (its predecessor in the module list is looked up) through execTransaction (logs DisabledModule). */
export async function disableSafeModule(c: DevnetClients, p: SafeSelfCall & { module: Address }) {
  const [modules] = await c.publicClient.readContract({ address: p.safe, abi: safeAbi, functionName: 'getModulesPaginated', args: [SENTINEL, 100n] });
  const prev = previousInList(modules, p.module, `module of Safe ${p.safe}`);
  return selfCall(c, p, encodeFunctionData({ abi: safeAbi, functionName: 'disableModule', args: [prev, p.module] }));
}

/** Sets (or with the zero address removes) the transaction guard through execTransaction (logs ChangedGuard). */
export function setSafeGuard(c: DevnetClients, p: SafeSelfCall & { guard: Address }) {
  return selfCall(c, p, encodeFunctionData({ abi: safeAbi, functionName: 'setGuard', args: [p.guard] }));
}

/** The entry before `item` in a Safe linked list as returned by its getter (the sentinel for the first). */
function previousInList(list: readonly Address[], item: Address, what: string): Address {
  const i = list.findIndex((a) => isAddressEqual(a, item));
  if (i < 0) throw new Error(`${item} is not an ${what}`);
  return i === 0 ? SENTINEL : (list[i - 1] as Address);
}

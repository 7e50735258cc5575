import {
  encodeFunctionData,
  getAddress,
  parseAbi,
  parseEther,
  parseEventLogs,
  type Address,
  type Hash,
  type Hex,
} from 'viem';
import { devnetClients, type DevnetClients } from './clients';
import type { ContractName } from './compile';
import { adminChangedEvent, readAdmin, readImplementation } from './eip1967';
import { deployContract as deploy, sendTx } from './tx';

export { devnetClients };
export type { DevnetClients };

export type ProxyKind = 'uups' | 'transparent';
export type VaultVersion = 'VaultV1' | 'VaultV2';
export type TokenLogicVersion = 'TokenLogicV1' | 'TokenLogicV2';

export interface ProxyDeployment {
  kind: ProxyKind;
  proxy: Address;
  implementation: Address;
  implementationContract: ContractName;
  /** The ProxyAdmin deployed by an OZ 5 TransparentUpgradeableProxy (transparent only). */
  proxyAdmin?: Address;
  implementationTx: Hash;
  /** Proxy deployment tx. */
  tx: Hash;
  block: bigint;
}

export interface ProxyUpgrade {
  kind: ProxyKind;
  proxy: Address;
  previousImplementation: Address;
  implementation: Address;
  implementationContract: ContractName;
  /** Tx that deployed the new implementation; undefined when an existing implementation was reused. */
  implementationTx?: Hash;
  /** The upgrade tx (emits `Upgraded(implementation)` from the proxy). */
  tx: Hash;
  block: bigint;
}

const vaultAbi = parseAbi([
  'function initialize(address initialOwner, uint256 limit)',
  'function upgradeToAndCall(address newImplementation, bytes data) payable',
]);
const tokenAbi = parseAbi(['function initialize(string name, address holder, uint256 supply)']);
const proxyAdminAbi = parseAbi(['function upgradeAndCall(address proxy, address implementation, bytes data) payable']);

/** A call for someone else (a governor, timelock or Safe) to make. */
export interface ContractCall {
  target: Address;
  data: Hex;
}

/** The call that upgrades a UUPS vault proxy: `proxy.upgradeToAndCall(implementation, "0x")` (the vault owner must make it). */
export function uupsUpgradeCall(proxy: Address, implementation: Address): ContractCall {
  return { target: proxy, data: encodeFunctionData({ abi: vaultAbi, functionName: 'upgradeToAndCall', args: [implementation, '0x'] }) };
}

/** The call that upgrades a transparent proxy: `proxyAdmin.upgradeAndCall(proxy, implementation, "0x")` (the ProxyAdmin owner must make it). */
export function transparentUpgradeCall(proxyAdmin: Address, proxy: Address, implementation: Address): ContractCall {
  return {
    target: proxyAdmin,
    data: encodeFunctionData({ abi: proxyAdminAbi, functionName: 'upgradeAndCall', args: [proxy, implementation, '0x'] }),
  };
}

async function assertImplementation(c: DevnetClients, proxy: Address, expected: Address, block: bigint): Promise<void> {
  const actual = await readImplementation(c.publicClient, proxy, block);
  if (actual !== expected) throw new Error(`proxy ${proxy}: EIP-1967 implementation is ${actual}, expected ${expected}`);
}

/**
 * Deploys a VaultV1 implementation behind OZ's ERC1967Proxy (UUPS), initialized with the signer as owner.
 */
export async function deployUupsProxy(c: DevnetClients = devnetClients()): Promise<ProxyDeployment> {
  const impl = await deploy(c, 'VaultV1');
  const init = encodeFunctionData({ abi: vaultAbi, functionName: 'initialize', args: [c.account.address, parseEther('1')] });
  const proxy = await deploy(c, 'ERC1967Proxy', [impl.address, init]);
  await assertImplementation(c, proxy.address, impl.address, proxy.receipt.blockNumber);
  return {
    kind: 'uups',
    proxy: proxy.address,
    implementation: impl.address,
    implementationContract: 'VaultV1',
    implementationTx: impl.tx,
    tx: proxy.tx,
    block: proxy.receipt.blockNumber,
  };
}

/**
 * Deploys a TokenLogicV1 implementation behind OZ 5's TransparentUpgradeableProxy. The proxy deploys its own
 * ProxyAdmin (owned by the signer); its address is taken from the `AdminChanged` event.
 */
export async function deployTransparentProxy(c: DevnetClients = devnetClients()): Promise<ProxyDeployment> {
  const impl = await deploy(c, 'TokenLogicV1');
  const init = encodeFunctionData({
    abi: tokenAbi,
    functionName: 'initialize',
    args: ['Devnet Token', c.account.address, parseEther('1000000')],
  });
  const proxy = await deploy(c, 'TransparentUpgradeableProxy', [impl.address, c.account.address, init]);
  const [adminChanged] = parseEventLogs({ abi: [adminChangedEvent], logs: proxy.receipt.logs, eventName: 'AdminChanged' });
  const proxyAdmin = adminChanged
    ? getAddress(adminChanged.args.newAdmin)
    : await readAdmin(c.publicClient, proxy.address, proxy.receipt.blockNumber);
  await assertImplementation(c, proxy.address, impl.address, proxy.receipt.blockNumber);
  return {
    kind: 'transparent',
    proxy: proxy.address,
    implementation: impl.address,
    implementationContract: 'TokenLogicV1',
    proxyAdmin,
    implementationTx: impl.tx,
    tx: proxy.tx,
    block: proxy.receipt.blockNumber,
  };
}

/**
 * Upgrades a UUPS vault proxy via `upgradeToAndCall(impl, "0x")` on the proxy itself. Deploys a fresh `to`
 * implementation (default VaultV2) unless `implementation` is given.
 */
export async function upgradeUupsProxy(
  c: DevnetClients,
  params: { proxy: Address; to?: VaultVersion; implementation?: Address },
): Promise<ProxyUpgrade> {
  const to = params.to ?? 'VaultV2';
  const previousImplementation = await readImplementation(c.publicClient, params.proxy);
  const impl = params.implementation ? { address: params.implementation, tx: undefined } : await deploy(c, to);
  const call = uupsUpgradeCall(params.proxy, impl.address);
  const { receipt } = await sendTx(c, call.target, call.data, `upgrade UUPS proxy ${params.proxy}`);
  await assertImplementation(c, params.proxy, impl.address, receipt.blockNumber);
  return {
    kind: 'uups',
    proxy: params.proxy,
    previousImplementation,
    implementation: impl.address,
    implementationContract: to,
    implementationTx: impl.tx,
    tx: receipt.transactionHash,
    block: receipt.blockNumber,
  };
}

/**
 * Upgrades a transparent proxy via `ProxyAdmin.upgradeAndCall(proxy, impl, "0x")` (the signer must own the
 * ProxyAdmin; it is read from the EIP-1967 admin slot when not given). Deploys a fresh `to` implementation
 * (default TokenLogicV2) unless `implementation` is given.
 */
export async function upgradeTransparentProxy(
  c: DevnetClients,
  params: { proxy: Address; proxyAdmin?: Address; to?: TokenLogicVersion; implementation?: Address },
): Promise<ProxyUpgrade> {
  const to = params.to ?? 'TokenLogicV2';
  const proxyAdmin = params.proxyAdmin ?? (await readAdmin(c.publicClient, params.proxy));
  const previousImplementation = await readImplementation(c.publicClient, params.proxy);
  const impl = params.implementation ? { address: params.implementation, tx: undefined } : await deploy(c, to);
  const call = transparentUpgradeCall(proxyAdmin, params.proxy, impl.address);
  const { receipt } = await sendTx(c, call.target, call.data, `upgrade transparent proxy ${params.proxy}`);
  await assertImplementation(c, params.proxy, impl.address, receipt.blockNumber);
  return {
    kind: 'transparent',
    proxy: params.proxy,
    previousImplementation,
    implementation: impl.address,
    implementationContract: to,
    implementationTx: impl.tx,
    tx: receipt.transactionHash,
    block: receipt.blockNumber,
  };
}

const beaconAbi = parseAbi(['function upgradeTo(address newImplementation)', 'function implementation() view returns (address)']);

export interface BeaconDeployment {
  beacon: Address;
  proxy: Address;
  implementation: Address;
  beaconTx: Hash;
  tx: Hash;
  block: bigint;
}

/**
 * Deploys a VaultV1 implementation behind an OZ `UpgradeableBeacon` (owned by the signer) and a
 * `BeaconProxy` on it, initialized with the signer as owner.
 */
export async function deployBeaconProxy(c: DevnetClients = devnetClients()): Promise<BeaconDeployment> {
  const impl = await deploy(c, 'VaultV1');
  const beacon = await deploy(c, 'UpgradeableBeacon', [impl.address, c.account.address]);
  const init = encodeFunctionData({ abi: vaultAbi, functionName: 'initialize', args: [c.account.address, parseEther('1')] });
  const proxy = await deploy(c, 'BeaconProxy', [beacon.address, init]);
  return { beacon: beacon.address, proxy: proxy.address, implementation: impl.address, beaconTx: beacon.tx, tx: proxy.tx, block: proxy.receipt.blockNumber };
}

/** Points a beacon at a fresh VaultV2 (`UpgradeableBeacon.upgradeTo`): every proxy on it changes code at once. */
export async function upgradeBeacon(c: DevnetClients, params: { beacon: Address }): Promise<{ implementation: Address; tx: Hash; block: bigint }> {
  const impl = await deploy(c, 'VaultV2');
  const { receipt } = await sendTx(c, params.beacon, encodeFunctionData({ abi: beaconAbi, functionName: 'upgradeTo', args: [impl.address] }), `upgrade beacon ${params.beacon}`);
  const now = await c.publicClient.readContract({ address: params.beacon, abi: beaconAbi, functionName: 'implementation', blockNumber: receipt.blockNumber });
  if (getAddress(now) !== impl.address) throw new Error(`beacon ${params.beacon} points at ${now}, expected ${impl.address}`);
  return { implementation: impl.address, tx: receipt.transactionHash, block: receipt.blockNumber };
}

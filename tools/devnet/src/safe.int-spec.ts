/**
 * Safe 1.4.1 and 1.3.0 (compiled from npm) on the shared devnet: owners, threshold, modules and guard changed
 * through execTransaction, and a proxy upgraded by its Safe owner. Sends from account #4; #5 and #6 only sign.
 */
import { isAddressEqual, parseAbi, parseEventLogs, zeroAddress, type Address, type Log } from 'viem';
import { devnetClients } from './clients';
import { loadArtifacts } from './compile';
import { readImplementation } from './eip1967';
import { transferOwnerships } from './governance-token';
import { deployUupsProxy, uupsUpgradeCall } from './proxies';
import {
  addSafeOwner,
  changeSafeThreshold,
  deploySafe,
  deploySafeInfrastructure,
  disableSafeModule,
  enableSafeModule,
  execSafeTransaction,
  removeSafeOwner,
  safeAbi,
  safeEventsAbi,
  setSafeGuard,
  type SafeDeployment,
  type SafeInfrastructure,
  type SafeVersion,
} from './safe';
import { deployContract } from './tx';

const c = devnetClients(undefined, { accountIndex: 4 });
const signers = [c, devnetClients(c.rpcUrl, { accountIndex: 5 }), devnetClients(c.rpcUrl, { accountIndex: 6 })];
const owners = signers.map((s) => s.account.address);
const outsider = devnetClients(c.rpcUrl, { accountIndex: 10 }).account.address; // never sends
const guardAbi = parseAbi(['function checkedTransactions() view returns (uint256)']);

beforeAll(async () => {
  expect(await c.publicClient.getChainId()).toBe(31337);
  await loadArtifacts();
}, 60_000);

describe.each([
  ['1.4', '1.4.1'],
  ['1.3', '1.3.0'],
] as const)('Safe %s', (version: SafeVersion, fullVersion: string) => {
  let infra: SafeInfrastructure;
  let d: SafeDeployment;
  const read = <F extends 'getOwners' | 'getThreshold' | 'VERSION'>(functionName: F) =>
    c.publicClient.readContract({ address: d.safe, abi: safeAbi, functionName });
  /** The Safe's own logs of `tx`, decoded with this version's event ABI. */
  const safeLogs = (logs: Log[]) => parseEventLogs({ abi: safeEventsAbi[version], logs }).filter((l) => isAddressEqual(l.address, d.safe));
  // 1.4.1 indexes the address/hash argument (2 topics), 1.3.0 keeps it in data (1 topic).
  const topicCount = version === '1.4' ? 2 : 1;

  beforeAll(async () => {
    infra = await deploySafeInfrastructure(c, version);
  });

  beforeEach(async () => {
    d = await deploySafe(c, { owners, threshold: 2, version, infrastructure: infra });
  });

  it('deploys a proxy through the factory and runs setup (SafeSetup)', async () => {
    expect(await read('VERSION')).toBe(fullVersion);
    expect(await read('getOwners')).toEqual(owners);
    expect(await read('getThreshold')).toBe(2n);
    const receipt = await c.publicClient.getTransactionReceipt({ hash: d.tx });
    expect(safeLogs(receipt.logs).map((l) => l.eventName)).toEqual(['SafeSetup']);
  });

  it('adds and removes an owner and changes the threshold through execTransaction', async () => {
    const added = await addSafeOwner(c, { safe: d.safe, owner: outsider, threshold: 3, signers: signers.slice(0, 2) });
    const addedLogs = safeLogs(added.receipt.logs);
    expect(addedLogs.map((l) => l.eventName)).toEqual(['AddedOwner', 'ChangedThreshold', 'ExecutionSuccess']);
    expect(addedLogs[0]?.args).toEqual({ owner: outsider });
    expect(addedLogs[0]?.topics).toHaveLength(topicCount);
    expect(addedLogs[2]?.args).toMatchObject({ txHash: added.safeTxHash });
    expect(await read('getOwners')).toEqual([outsider, ...owners]);
    expect(await read('getThreshold')).toBe(3n);

    const lowered = await changeSafeThreshold(c, { safe: d.safe, threshold: 2, signers });
    expect(safeLogs(lowered.receipt.logs)[0]).toMatchObject({ eventName: 'ChangedThreshold', args: { threshold: 2n } });

    const removed = await removeSafeOwner(c, { safe: d.safe, owner: owners[1] as Address, threshold: 2, signers: signers.filter((_, i) => i !== 1) });
    expect(safeLogs(removed.receipt.logs)[0]).toMatchObject({ eventName: 'RemovedOwner', args: { owner: owners[1] } });
    expect(await read('getOwners')).toEqual([outsider, owners[0], owners[2]]);
  });

  it('enables and disables a module and sets a guard that then checks every transaction', async () => {
    const enabled = await enableSafeModule(c, { safe: d.safe, module: outsider, signers });
    expect(safeLogs(enabled.receipt.logs)[0]).toMatchObject({ eventName: 'EnabledModule', args: { module: outsider } });
    expect(await c.publicClient.readContract({ address: d.safe, abi: safeAbi, functionName: 'isModuleEnabled', args: [outsider] })).toBe(true);
    const disabled = await disableSafeModule(c, { safe: d.safe, module: outsider, signers });
    expect(safeLogs(disabled.receipt.logs)[0]).toMatchObject({ eventName: 'DisabledModule', args: { module: outsider } });
    expect(await c.publicClient.readContract({ address: d.safe, abi: safeAbi, functionName: 'isModuleEnabled', args: [outsider] })).toBe(false);

    const guard = (await deployContract(c, 'DevnetSafeGuard')).address;
    const guarded = await setSafeGuard(c, { safe: d.safe, guard, signers });
    const [changed] = safeLogs(guarded.receipt.logs);
    expect(changed).toMatchObject({ eventName: 'ChangedGuard', args: { guard } });
    expect(changed?.topics).toHaveLength(topicCount);
    await changeSafeThreshold(c, { safe: d.safe, threshold: 3, signers });
    expect(await c.publicClient.readContract({ address: guard, abi: guardAbi, functionName: 'checkedTransactions' })).toBe(1n);
    await setSafeGuard(c, { safe: d.safe, guard: zeroAddress, signers });
  });

  it('upgrades a Safe-owned UUPS proxy; a failing inner call with safeTxGas logs ExecutionFailure', async () => {
    const vault = await deployUupsProxy(c);
    await transferOwnerships(c, [vault.proxy], d.safe);
    const v2 = (await deployContract(c, 'VaultV2')).address;
    const call = uupsUpgradeCall(vault.proxy, v2);

    const upgraded = await execSafeTransaction(c, { safe: d.safe, to: call.target, data: call.data, signers: signers.slice(1) });
    expect(upgraded.success).toBe(true);
    expect(await readImplementation(c.publicClient, vault.proxy, upgraded.block - 1n)).toBe(vault.implementation);
    expect(await readImplementation(c.publicClient, vault.proxy, upgraded.block)).toBe(v2);

    // An EOA is no UUPS implementation: the proxy reverts, the Safe records the failure and moves on.
    const bad = uupsUpgradeCall(vault.proxy, outsider);
    const failed = await execSafeTransaction(c, { safe: d.safe, to: bad.target, data: bad.data, safeTxGas: 200_000n, signers });
    expect(failed.success).toBe(false);
    expect(safeLogs(failed.receipt.logs)).toMatchObject([{ eventName: 'ExecutionFailure', args: { txHash: failed.safeTxHash } }]);
    expect(await readImplementation(c.publicClient, vault.proxy)).toBe(v2);
  });

  it('rejects a transaction with fewer signatures than the threshold', async () => {
    await expect(changeSafeThreshold(c, { safe: d.safe, threshold: 1, signers: signers.slice(0, 1) })).rejects.toThrow(/GS020/);
    expect(await read('getThreshold')).toBe(2n);
  });
});

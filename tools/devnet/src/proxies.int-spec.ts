/**
 * Integration test against a running devnet (DEVNET_RPC_URL or http://127.0.0.1:8545), e.g.
 *   npx hardhat --config tools/devnet/hardhat.config.js node --hostname 127.0.0.1 --port 8545 &
 *   npx jest tools/devnet
 */
import { revertOf } from '@pum/testing';
import { isAddressEqual, parseAbi, parseEther, parseEventLogs, type Address, type Hash } from 'viem';
import { devnetClients, type DevnetClients } from './clients';
import { loadArtifacts } from './compile';
import { IMPLEMENTATION_SLOT, readAdmin, readImplementation, upgradedEvent } from './eip1967';
import { deployTransparentProxy, deployUupsProxy, upgradeTransparentProxy, upgradeUupsProxy } from './proxies';

const vaultAbi = parseAbi([
  'function version() view returns (string)',
  'function owner() view returns (address)',
  'function withdrawLimit() view returns (uint256)',
  'function paused() view returns (bool)',
]);
const tokenAbi = parseAbi([
  'function version() view returns (string)',
  'function name() view returns (string)',
  'function balanceOf(address) view returns (uint256)',
]);

// Account #1, so a demo scenario running at the same time on account #0 cannot race our nonces.
const c: DevnetClients = devnetClients(undefined, { accountIndex: 1 });

async function implementationSlot(proxy: Address, blockNumber: bigint): Promise<Address> {
  expect(IMPLEMENTATION_SLOT).toBe('0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc');
  return readImplementation(c.publicClient, proxy, blockNumber);
}

/** `Upgraded(address indexed implementation)` events emitted by `proxy` in tx `hash`. */
async function upgradedLogs(hash: Hash, proxy: Address): Promise<Address[]> {
  const receipt = await c.publicClient.getTransactionReceipt({ hash });
  return parseEventLogs({ abi: [upgradedEvent], logs: receipt.logs, eventName: 'Upgraded' })
    .filter((l) => isAddressEqual(l.address, proxy))
    .map((l) => l.args.implementation);
}

beforeAll(async () => {
  try {
    expect(await c.publicClient.getChainId()).toBe(31337);
  } catch (err) {
    throw new Error(`devnet not reachable at ${c.rpcUrl}; start it first (${String(err)})`);
  }
  await loadArtifacts(); // first run compiles with solc-js (a few seconds), later runs hit the cache
}, 120_000);

describe('UUPS proxy (ERC1967Proxy + VaultV1/V2)', () => {
  it('deploys, then upgrades V1 -> V2 with the slot and the Upgraded log pointing at the new implementation', async () => {
    const d = await deployUupsProxy(c);
    expect(await implementationSlot(d.proxy, d.block)).toBe(d.implementation);
    expect(await upgradedLogs(d.tx, d.proxy)).toEqual([d.implementation]);
    expect(await c.publicClient.readContract({ address: d.proxy, abi: vaultAbi, functionName: 'version' })).toBe('1');

    const u = await upgradeUupsProxy(c, { proxy: d.proxy, to: 'VaultV2' });
    expect(u.previousImplementation).toBe(d.implementation);
    expect(u.implementation).not.toBe(d.implementation);
    expect(u.block).toBeGreaterThan(d.block);
    expect(await implementationSlot(d.proxy, u.block - 1n)).toBe(d.implementation);
    expect(await implementationSlot(d.proxy, u.block)).toBe(u.implementation);
    expect(await upgradedLogs(u.tx, d.proxy)).toEqual([u.implementation]);

    // V2 logic now runs on V1 storage.
    const read = <F extends 'version' | 'owner' | 'withdrawLimit' | 'paused'>(functionName: F) =>
      c.publicClient.readContract({ address: d.proxy, abi: vaultAbi, functionName });
    expect(await read('version')).toBe('2');
    expect(await read('owner')).toBe(c.account.address);
    expect(await read('withdrawLimit')).toBe(parseEther('1'));
    expect(await read('paused')).toBe(false);
  });

  it('rejects an upgrade from an account that is not the vault owner', async () => {
    const d = await deployUupsProxy(c);
    const stranger = devnetClients(c.rpcUrl, { accountIndex: 2 });
    expect(await revertOf(upgradeUupsProxy(stranger, { proxy: d.proxy, implementation: d.implementation }), parseAbi(['error NotOwner(address account)']))).toMatchObject({
      errorName: 'NotOwner',
      args: [stranger.account.address],
    });
    await expect(
      c.publicClient.simulateContract({
        account: stranger.account,
        address: d.proxy,
        abi: parseAbi(['function upgradeToAndCall(address, bytes) payable', 'error NotOwner(address account)']),
        functionName: 'upgradeToAndCall',
        args: [d.implementation, '0x'],
      }),
    ).rejects.toThrow(/NotOwner/);
    expect(await readImplementation(c.publicClient, d.proxy)).toBe(d.implementation);
  });
});

describe('Transparent proxy (TransparentUpgradeableProxy + ProxyAdmin + TokenLogicV1/V2)', () => {
  it('deploys with its own ProxyAdmin, then upgrades via ProxyAdmin.upgradeAndCall', async () => {
    const d = await deployTransparentProxy(c);
    expect(d.proxyAdmin).toBeDefined();
    expect(await readAdmin(c.publicClient, d.proxy)).toBe(d.proxyAdmin);
    expect(await implementationSlot(d.proxy, d.block)).toBe(d.implementation);
    expect(await upgradedLogs(d.tx, d.proxy)).toEqual([d.implementation]);

    const u = await upgradeTransparentProxy(c, { proxy: d.proxy, to: 'TokenLogicV2' });
    expect(u.previousImplementation).toBe(d.implementation);
    expect(u.implementation).not.toBe(d.implementation);
    expect(await implementationSlot(d.proxy, u.block - 1n)).toBe(d.implementation);
    expect(await implementationSlot(d.proxy, u.block)).toBe(u.implementation);
    expect(await upgradedLogs(u.tx, d.proxy)).toEqual([u.implementation]);
    const tx = await c.publicClient.getTransaction({ hash: u.tx });
    expect(tx.to && isAddressEqual(tx.to, d.proxyAdmin ?? '0x')).toBe(true);

    expect(await c.publicClient.readContract({ address: d.proxy, abi: tokenAbi, functionName: 'version' })).toBe('2');
    expect(await c.publicClient.readContract({ address: d.proxy, abi: tokenAbi, functionName: 'name' })).toBe('Devnet Token');
    expect(
      await c.publicClient.readContract({ address: d.proxy, abi: tokenAbi, functionName: 'balanceOf', args: [c.account.address] }),
    ).toBe(parseEther('1000000'));

    // And back again (the demo's V2 -> V1 rounds), reusing the original implementation.
    const back = await upgradeTransparentProxy(c, { proxy: d.proxy, to: 'TokenLogicV1', implementation: d.implementation });
    expect(back.implementationTx).toBeUndefined();
    expect(await implementationSlot(d.proxy, back.block)).toBe(d.implementation);
    expect(await upgradedLogs(back.tx, d.proxy)).toEqual([d.implementation]);
  });
});

/**
 * OZ 5 AccessControl + Pausable + Ownable events from DevnetAccessControlled on the shared devnet, account #8.
 */
import { revertOf } from '@pum/testing';
import { parseAbi, parseEventLogs } from 'viem';
import { DEFAULT_ADMIN_ROLE, PAUSER_ROLE, accessControl, accessControlledAbi, deployAccessControlled } from './access-control';
import { devnetClients } from './clients';
import { loadArtifacts } from './compile';

const c = devnetClients(undefined, { accountIndex: 8 });
const other = devnetClients(c.rpcUrl, { accountIndex: 10 }).account.address; // never sends
const unauthorized = parseAbi(['error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)', 'error OwnableUnauthorizedAccount(address account)']);

beforeAll(async () => {
  expect(await c.publicClient.getChainId()).toBe(31337);
  await loadArtifacts();
}, 60_000);

describe('DevnetAccessControlled', () => {
  it('emits RoleGranted, Paused, Unpaused, RoleAdminChanged, RoleRevoked and OwnershipTransferred', async () => {
    const d = await deployAccessControlled(c);
    const events = (logs: Parameters<typeof parseEventLogs>[0]['logs']) => parseEventLogs({ abi: accessControlledAbi, logs });
    expect(events(d.receipt.logs).map((e) => e.eventName).sort()).toEqual(['OwnershipTransferred', 'RoleGranted']);

    const granted = await accessControl(c, d.address, { fn: 'grantRole', role: PAUSER_ROLE, account: c.account.address });
    expect(events(granted.receipt.logs)).toMatchObject([{ eventName: 'RoleGranted', args: { role: PAUSER_ROLE, account: c.account.address, sender: c.account.address } }]);
    expect(events((await accessControl(c, d.address, { fn: 'pause' })).receipt.logs)).toMatchObject([{ eventName: 'Paused', args: { account: c.account.address } }]);
    expect(await c.publicClient.readContract({ address: d.address, abi: accessControlledAbi, functionName: 'paused' })).toBe(true);
    expect(events((await accessControl(c, d.address, { fn: 'unpause' })).receipt.logs)).toMatchObject([{ eventName: 'Unpaused' }]);

    const adminChanged = await accessControl(c, d.address, { fn: 'setRoleAdmin', role: PAUSER_ROLE, adminRole: PAUSER_ROLE });
    expect(events(adminChanged.receipt.logs)).toMatchObject([
      { eventName: 'RoleAdminChanged', args: { role: PAUSER_ROLE, previousAdminRole: DEFAULT_ADMIN_ROLE, newAdminRole: PAUSER_ROLE } },
    ]);
    const revoked = await accessControl(c, d.address, { fn: 'revokeRole', role: PAUSER_ROLE, account: c.account.address });
    expect(events(revoked.receipt.logs)).toMatchObject([{ eventName: 'RoleRevoked', args: { role: PAUSER_ROLE, account: c.account.address } }]);
    expect(await revertOf(accessControl(c, d.address, { fn: 'pause' }), unauthorized)).toMatchObject({
      errorName: 'AccessControlUnauthorizedAccount',
      args: [c.account.address, PAUSER_ROLE],
    });

    const transferred = await accessControl(c, d.address, { fn: 'transferOwnership', newOwner: other });
    expect(events(transferred.receipt.logs)).toMatchObject([{ eventName: 'OwnershipTransferred', args: { previousOwner: c.account.address, newOwner: other } }]);
    expect(await revertOf(accessControl(c, d.address, { fn: 'setRoleAdmin', role: PAUSER_ROLE, adminRole: DEFAULT_ADMIN_ROLE }), unauthorized)).toMatchObject({
      errorName: 'OwnableUnauthorizedAccount',
      args: [c.account.address],
    });
  });
});

import { encodeFunctionData, keccak256, parseAbi, toHex, type Address, type Hex } from 'viem';
import type { DevnetClients } from './clients';
import { deployContract, sendTx, type SentTx } from './tx';

/** DevnetAccessControlled: OZ 5 AccessControl + Pausable + Ownable, and the events they emit. */
export const accessControlledAbi = parseAbi([
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
  'function renounceRole(bytes32 role, address callerConfirmation)',
  'function setRoleAdmin(bytes32 role, bytes32 adminRole)',
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function getRoleAdmin(bytes32 role) view returns (bytes32)',
  'function pause()',
  'function unpause()',
  'function paused() view returns (bool)',
  'function owner() view returns (address)',
  'function transferOwnership(address newOwner)',
  'event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)',
  'event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)',
  'event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)',
  'event Paused(address account)',
  'event Unpaused(address account)',
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
]);

export const DEFAULT_ADMIN_ROLE: Hex = `0x${'00'.repeat(32)}`;
export const PAUSER_ROLE: Hex = keccak256(toHex('PAUSER_ROLE'));

/**
 * Deploys DevnetAccessControlled with the signer as owner and DEFAULT_ADMIN_ROLE holder (logs RoleGranted and
 * OwnershipTransferred).
 *
 * @example const target = await deployAccessControlled(c);
 */
export async function deployAccessControlled(c: DevnetClients): Promise<SentTx & { address: Address }> {
  const d = await deployContract(c, 'DevnetAccessControlled', [c.account.address]);
  return { address: d.address, tx: d.tx, block: d.receipt.blockNumber, receipt: d.receipt };
}

type AccessCall =
  | { fn: 'grantRole' | 'revokeRole'; role: Hex; account: Address }
  | { fn: 'setRoleAdmin'; role: Hex; adminRole: Hex }
  | { fn: 'pause' | 'unpause' }
  | { fn: 'transferOwnership'; newOwner: Address };

/**
 * Calls one access-control function on a DevnetAccessControlled (or any OZ contract with the same function):
 * grantRole/revokeRole (admin of the role), setRoleAdmin and transferOwnership (owner), pause/unpause (PAUSER_ROLE).
 *
 * @example await accessControl(c, target, { fn: 'grantRole', role: PAUSER_ROLE, account: c.account.address });
 */
export function accessControl(c: DevnetClients, target: Address, call: AccessCall): Promise<SentTx> {
  const data = (() => {
    switch (call.fn) {
      case 'grantRole':
      case 'revokeRole':
        return encodeFunctionData({ abi: accessControlledAbi, functionName: call.fn, args: [call.role, call.account] });
      case 'setRoleAdmin':
        return encodeFunctionData({ abi: accessControlledAbi, functionName: 'setRoleAdmin', args: [call.role, call.adminRole] });
      case 'pause':
      case 'unpause':
        return encodeFunctionData({ abi: accessControlledAbi, functionName: call.fn });
      case 'transferOwnership':
        return encodeFunctionData({ abi: accessControlledAbi, functionName: 'transferOwnership', args: [call.newOwner] });
    }
  })();
  return sendTx(c, target, data, `${call.fn} on ${target}`);
}

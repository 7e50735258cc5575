import { keccak256, stringToHex } from 'viem';

/** AccessControl roles that decide who can upgrade, schedule, pause or administer: grants and revocations are control-plane events. */
const NAMES = ['TIMELOCK_ADMIN_ROLE', 'PROPOSER_ROLE', 'EXECUTOR_ROLE', 'CANCELLER_ROLE', 'UPGRADER_ROLE', 'PAUSER_ROLE', 'ADMIN_ROLE'] as const;

export const DEFAULT_ADMIN_ROLE = `0x${'0'.repeat(64)}`;

/** OZ TimelockController's proposer role: who can schedule operations. */
export const PROPOSER_ROLE = keccak256(stringToHex('PROPOSER_ROLE'));

/** Role hash → name, for the admin roles. */
export const ADMIN_ROLES: ReadonlyMap<string, string> = new Map([[DEFAULT_ADMIN_ROLE, 'DEFAULT_ADMIN_ROLE'], ...NAMES.map((name) => [keccak256(stringToHex(name)), name] as const)]);

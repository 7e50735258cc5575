import { toFunctionSelector, type Hex } from 'viem';

/** Why a function matters to a risk reader: who can stop, upgrade, own, grant or (re)initialise the contract. */
export type FunctionConcern = 'pause' | 'upgrade' | 'ownership' | 'roles' | 'initializer';

/** A well-known function, by the signature its selector hashes. */
export interface KnownFunction {
  selector: Hex;
  signature: string;
  concern: FunctionConcern;
}

// Signatures from OpenZeppelin Contracts v4/v5 (Pausable, UUPSUpgradeable, ERC1967 / transparent proxies, ProxyAdmin,
// Ownable, Ownable2Step, AccessControl, Initializable users) and EIP-2535; hashed here, never hard-coded as hex.
const SIGNATURES: Record<FunctionConcern, readonly string[]> = {
  pause: ['pause()', 'unpause()', 'paused()', 'setPaused(bool)'],
  upgrade: [
    'upgradeTo(address)',
    'upgradeToAndCall(address,bytes)',
    'proxiableUUID()',
    'upgrade(address,address)',
    'upgradeAndCall(address,address,bytes)',
    'changeAdmin(address)',
    'changeProxyAdmin(address,address)',
    'diamondCut((address,uint8,bytes4[])[],address,bytes)',
  ],
  ownership: ['owner()', 'transferOwnership(address)', 'renounceOwnership()', 'acceptOwnership()', 'pendingOwner()'],
  roles: ['grantRole(bytes32,address)', 'revokeRole(bytes32,address)', 'renounceRole(bytes32,address)', 'hasRole(bytes32,address)'],
  initializer: ['initialize()', 'initialize(address)', 'initialize(address,address)', 'initialize(address,uint256)', 'initialize(bytes)'],
};

/** Well-known functions by selector (lower-case `0x…` four bytes). */
export const knownFunctions: ReadonlyMap<Hex, KnownFunction> = new Map(
  Object.entries(SIGNATURES).flatMap(([concern, signatures]) =>
    signatures.map((signature): [Hex, KnownFunction] => {
      const selector = toFunctionSelector(signature);
      return [selector, { selector, signature, concern: concern as FunctionConcern }];
    }),
  ),
);

/**
 * The well-known function a selector belongs to, if it is one.
 *
 * @example knownFunction('0x8456cb59') // { selector: '0x8456cb59', signature: 'pause()', concern: 'pause' }
 */
export function knownFunction(selector: Hex): KnownFunction | undefined {
  return knownFunctions.get(selector.toLowerCase() as Hex);
}

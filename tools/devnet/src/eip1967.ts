import { getAddress, parseAbiItem, type Address, type Hex, type PublicClient } from 'viem';

/** bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1) */
export const IMPLEMENTATION_SLOT: Hex = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';
/** bytes32(uint256(keccak256('eip1967.proxy.admin')) - 1) */
export const ADMIN_SLOT: Hex = '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103';

export const upgradedEvent = parseAbiItem('event Upgraded(address indexed implementation)');
export const adminChangedEvent = parseAbiItem('event AdminChanged(address previousAdmin, address newAdmin)');

/** Reads an address stored right-aligned in a storage slot (EIP-1967 style). */
export async function readAddressSlot(client: PublicClient, address: Address, slot: Hex, blockNumber?: bigint): Promise<Address> {
  const word = await client.getStorageAt(blockNumber === undefined ? { address, slot } : { address, slot, blockNumber });
  return getAddress(`0x${(word ?? '0x').slice(2).padStart(64, '0').slice(24)}`);
}

/** The EIP-1967 implementation address of `proxy`. */
export function readImplementation(client: PublicClient, proxy: Address, blockNumber?: bigint): Promise<Address> {
  return readAddressSlot(client, proxy, IMPLEMENTATION_SLOT, blockNumber);
}

/** The EIP-1967 admin address of `proxy` (the ProxyAdmin contract for an OZ 5 transparent proxy). */
export function readAdmin(client: PublicClient, proxy: Address, blockNumber?: bigint): Promise<Address> {
  return readAddressSlot(client, proxy, ADMIN_SLOT, blockNumber);
}

import { getAddress, keccak256, size, type Address, type Hex, type PublicClient } from 'viem';

/** The runtime code at an address at one block, with its hash. */
export interface CodeAt {
  address: Address;
  blockNumber: bigint;
  /** `0x` when the address has no code (an EOA, nothing deployed yet, or destroyed). */
  code: Hex;
  /** keccak256 of `code` (of `0x` when there is none). */
  hash: Hex;
  /** Bytes. */
  size: number;
}

/**
 * The code at `address` at `blockNumber` (default the head, read first so the answer names its block).
 * A failed read rejects as the endpoint pool classified it (`shouldRetry(error)` for a timeout, 5xx, lagging node …):
 * it never reads as "no code".
 *
 * @example const { hash, size } = await codeAt(clients.of(1), implementation, event.blockNumber);
 */
export async function codeAt(client: PublicClient, address: Address, blockNumber?: bigint): Promise<CodeAt> {
  // cacheTime 0: viem would otherwise answer a head up to one polling interval old.
  const block = blockNumber ?? (await client.getBlockNumber({ cacheTime: 0 }));
  // viem answers undefined for `0x`.
  const code = ((await client.getCode({ address, blockNumber: block })) ?? '0x').toLowerCase() as Hex;
  return { address: getAddress(address), blockNumber: block, code, hash: keccak256(code), size: size(code) };
}

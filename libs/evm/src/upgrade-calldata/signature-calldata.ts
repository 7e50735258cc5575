import { concatHex, keccak256, sliceHex, stringToHex, type Hex } from 'viem';

/**
 * The calldata a Compound Timelock (and GovernorBravo through it) actually sends:
 * `data` alone when `signature` is empty, else `bytes4(keccak256(signature)) ++ data`.
 * The signature string is hashed byte for byte as the contract does — not normalised — so a
 * signature with a stray space yields the same (useless) selector it yields on chain.
 *
 * @example signatureCalldata('upgradeTo(address)', '0x000…01') // '0x3659cfe6000…01'
 */
export function signatureCalldata(signature: string, data: Hex): Hex {
  if (signature.length === 0) return data.toLowerCase() as Hex;
  return concatHex([sliceHex(keccak256(stringToHex(signature)), 0, 4), data]).toLowerCase() as Hex;
}

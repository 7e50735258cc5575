import { encodeAbiParameters, keccak256, stringToHex } from 'viem';
import { signatureCalldata as sut } from './signature-calldata';

const ARGS = encodeAbiParameters([{ type: 'address' }], ['0x5FbDB2315678afecb367f032d93F642f64180aa3']);

describe('signatureCalldata', () => {
  it('prepends the four-byte selector of a non-empty signature to the data', () => {
    expect(sut('upgradeTo(address)', ARGS)).toBe(`0x3659cfe6${ARGS.slice(2)}`);
  });

  it('returns the data alone when the signature is empty', () => {
    expect(sut('', '0xABCDEF')).toBe('0xabcdef');
  });

  it('hashes the signature byte for byte, as the timelock does, without normalising it', () => {
    const spaced = 'upgradeTo(address )';

    expect(sut(spaced, '0x')).toBe(keccak256(stringToHex(spaced)).slice(0, 10));
    expect(sut(spaced, '0x')).not.toBe('0x3659cfe6');
  });
});

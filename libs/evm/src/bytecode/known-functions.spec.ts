import { keccak256, stringToHex } from 'viem';
import { knownFunction as sut, knownFunctions } from './known-functions';

describe('knownFunction', () => {
  it('names a well-known selector by its signature and concern', () => {
    expect(sut(keccak256(stringToHex('pause()')).slice(0, 10) as `0x${string}`)).toEqual({
      selector: '0x8456cb59',
      signature: 'pause()',
      concern: 'pause',
    });
  });

  it('matches a selector whatever its hex case', () => {
    expect(sut('0x3659CFE6')?.signature).toBe('upgradeTo(address)');
  });

  it('knows nothing of a selector outside the table', () => {
    expect(sut('0x12345678')).toBeUndefined();
  });

  it('hashes every signature in the table to its own selector', () => {
    for (const [selector, known] of knownFunctions) {
      expect(selector).toBe(keccak256(stringToHex(known.signature)).slice(0, 10));
    }
  });
});

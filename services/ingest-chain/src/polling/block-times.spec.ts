import { BlockTimes } from './block-times';
import { MissingBlockError } from './missing-block-error';

describe('BlockTimes', () => {
  const hash = `0x${'a'.repeat(64)}`;

  it('gives the time of a block it was told', () => {
    const sut = new BlockTimes(1);
    sut.set(hash, 1_700_000_000);

    expect(sut.has(hash)).toBe(true);
    expect(sut.of(hash)).toBe(1_700_000_000);
  });

  it('refuses, retryably, a block it was not told, rather than stamping 1970', () => {
    const sut = new BlockTimes(1);
    sut.set(hash, 1_700_000_000);
    const other = `0x${'b'.repeat(64)}`;

    expect(sut.has(other)).toBe(false);
    expect(() => sut.of(other)).toThrow(MissingBlockError);
    expect(() => sut.of(other)).toThrow(expect.objectContaining({ retryable: true, chainId: 1, blockHash: other }));
  });
});

import { numberToHex, type Hex } from 'viem';
import { SparseLogWindow } from './sparse-log-window';

const log = (block: number) => ({ blockNumber: numberToHex(block) as Hex });

describe('SparseLogWindow', () => {
  it('fetches factor ranges at once and serves each range from it', async () => {
    const requests: [bigint, bigint][] = [];
    const sut = new SparseLogWindow(async (from, to) => {
      requests.push([from, to]);
      return [log(5), log(15), log(25), log(45)];
    }, 3, () => false);

    expect(await sut.logsIn(1n, 10n, 10n, 1000n)).toEqual([log(5)]);
    expect(await sut.logsIn(11n, 20n, 10n, 1000n)).toEqual([log(15)]);
    expect(await sut.logsIn(21n, 30n, 10n, 1000n)).toEqual([log(25)]);
    expect(requests).toEqual([[1n, 30n]]);
    await sut.logsIn(31n, 40n, 10n, 35n);
    expect(requests).toEqual([[1n, 30n], [31n, 40n]]); // never past the limit, but always the range asked for
  });

  it('narrows its window while the provider refuses the range, down to the range asked for', async () => {
    const requests: bigint[] = [];
    const sut = new SparseLogWindow(
      async (from, to) => {
        requests.push(to - from + 1n);
        if (to - from + 1n > 10n) throw new Error('block range too large');
        return [log(2)];
      },
      8,
      (error) => error instanceof Error && error.message.includes('too large'),
    );

    expect(await sut.logsIn(1n, 5n, 5n, 1000n)).toEqual([log(2)]);
    expect(requests).toEqual([40n, 20n, 10n]);
    await expect(sut.logsIn(11n, 30n, 20n, 1000n)).rejects.toThrow('block range too large'); // the caller's own range is too wide
  });

  it('fetches again after a failure and after a reset', async () => {
    let calls = 0;
    const sut = new SparseLogWindow(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection reset');
        return [log(2)];
      },
      10,
      () => false,
    );

    await expect(sut.logsIn(1n, 10n, 10n, 1000n)).rejects.toThrow('connection reset');
    expect(await sut.logsIn(1n, 5n, 5n, 1000n)).toEqual([log(2)]);
    sut.reset();
    await sut.logsIn(1n, 5n, 5n, 1000n);
    expect(calls).toBe(3);
  });
});

import { regularBars } from './bars';

describe('regularBars', () => {
  it('carries the last value forward over empty bars', () => {
    const sut = regularBars(
      [
        { bucket: 5, value: 10 },
        { bucket: 8, value: 12 },
        { bucket: 9, value: 11 },
      ],
      100,
    );

    expect(sut).toEqual({ firstBucket: 5, values: [10, 10, 10, 12, 11] });
  });

  it('keeps only the newest bars, starting from the value in force at the first kept bar', () => {
    const sut = regularBars(
      [
        { bucket: 1, value: 1 },
        { bucket: 2, value: 2 },
        { bucket: 10, value: 3 },
      ],
      4,
    );

    expect(sut).toEqual({ firstBucket: 7, values: [2, 2, 2, 3] });
  });

  it('gives no bars for no points', () => {
    expect(regularBars([], 10)).toEqual({ firstBucket: 0, values: [] });
  });
});

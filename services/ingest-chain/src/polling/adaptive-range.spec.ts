import { AdaptiveRange, isRangeTooLarge } from './adaptive-range';

describe('AdaptiveRange', () => {
  it('halves on shrink and grows back by a quarter up to the maximum', () => {
    const sut = new AdaptiveRange(1000);

    sut.shrink();
    sut.shrink();
    expect(sut.current).toBe(250);
    sut.grow();
    expect(sut.current).toBe(313);
    for (let i = 0; i < 20; i++) sut.grow();
    expect(sut.current).toBe(1000);
  });

  it('stops shrinking at one block', () => {
    const sut = new AdaptiveRange(3);

    expect(sut.shrink()).toBe(true);
    expect(sut.current).toBe(1);
    expect(sut.shrink()).toBe(false);
  });
});

describe('isRangeTooLarge', () => {
  it.each([
    'query returned more than 10000 results',
    'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range',
    'block range is too large',
    'exceed maximum block range: 5000',
  ])('recognises "%s"', (message) => {
    expect(isRangeTooLarge(new Error('RPC Request failed.', { cause: new Error(message) }))).toBe(true);
  });

  it('does not take other errors for a range problem', () => {
    expect(isRangeTooLarge(new Error('execution reverted'))).toBe(false);
    expect(isRangeTooLarge('query returned more than 10000 results')).toBe(false);
  });
});

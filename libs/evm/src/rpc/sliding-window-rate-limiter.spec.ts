import { SlidingWindowRateLimiter } from './sliding-window-rate-limiter';

describe('SlidingWindowRateLimiter', () => {
  it('admits at most `limit` acquisitions in any window and says when the next is free', () => {
    let now = 10_000;
    const sut = new SlidingWindowRateLimiter(3, 1_000, () => now);

    expect([sut.tryAcquire(), sut.tryAcquire()]).toEqual([true, true]);
    now += 400;
    expect(sut.tryAcquire()).toBe(true);
    expect(sut.tryAcquire()).toBe(false);
    expect(sut.msUntilAvailable()).toBe(600);

    now += 600;
    expect([sut.tryAcquire(), sut.tryAcquire(), sut.tryAcquire()]).toEqual([true, true, false]);
    expect(sut.msUntilAvailable()).toBe(400);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new SlidingWindowRateLimiter(0)).toThrow(/positive integer/);
  });
});

import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const bounds = { baseMs: 100, capMs: 1_000 };

  it('draws uniformly below a ceiling that doubles per retry', () => {
    expect(backoffDelayMs(1, bounds, undefined, () => 0.999)).toBe(99);
    expect(backoffDelayMs(2, bounds, undefined, () => 0.999)).toBe(199);
    expect(backoffDelayMs(3, bounds, undefined, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, bounds, undefined, () => 0)).toBe(0);
  });

  it('never exceeds the cap however many retries', () => {
    expect(backoffDelayMs(60, bounds, undefined, () => 0.999)).toBe(999);
  });

  it('waits at least as long as the server asked', () => {
    expect(backoffDelayMs(1, bounds, 2_500, () => 0.5)).toBe(2_500);
  });
});

import { retryAfterMs } from './retry-after';

describe('retryAfterMs', () => {
  it('reads delta-seconds, decimal seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');

    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 0.3 ', now)).toBe(300);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('')).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs('-1')).toBeUndefined();
  });
});

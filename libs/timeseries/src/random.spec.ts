import { createRandom } from './random';

describe('createRandom', () => {
  const sut = createRandom;

  it('is deterministic for a given seed and differs across seeds', () => {
    const a = sut(7);
    const b = sut(7);
    const c = sut(8);
    const xa = Array.from({ length: 5 }, () => a.normal());
    expect(Array.from({ length: 5 }, () => b.normal())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.normal())).not.toEqual(xa);
  });

  it('produces uniforms in [0, 1) and standard normals with the right moments', () => {
    const rng = sut(123);
    const n = 50_000;
    let min = 1;
    let max = 0;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = rng.normal();
      s1 += z;
      s2 += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(s1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });
});

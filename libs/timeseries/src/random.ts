/** A seeded pseudo-random source (deterministic across platforms). */
export interface RandomSource {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/**
 * Deterministic PRNG for simulations and tests: sfc32 (32-bit small fast
 * counter, period ≈ 2^128) seeded through splitmix32, with Marsaglia's polar
 * method for normals.
 * @example const rng = createRandom(42); rng.normal(); // same value every run
 */
export function createRandom(seed: number): RandomSource {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | null = null;
  const uniform = (): number => (next() + (next() >>> 11) / 2 ** 21) / 2 ** 32;
  return {
    uniform,
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      for (;;) {
        const u = 2 * uniform() - 1;
        const v = 2 * uniform() - 1;
        const q = u * u + v * v;
        if (q > 0 && q < 1) {
          const f = Math.sqrt((-2 * Math.log(q)) / q);
          spare = v * f;
          return u * f;
        }
      }
    },
  };
}

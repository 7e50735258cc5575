/**
 * Writes the benchmark's simulated GARCH(1,1) series (fixed seed, so every run and
 * both sides of the benchmark fit the same numbers):
 *   y_t = μ + ε_t,  ε_t = √h_t z_t,  h_t = ω + α ε²_{t−1} + β h_{t−1},  z_t ~ N(0, 1)
 * with μ = 0.02, ω = 0.02, α = 0.08, β = 0.90 (unconditional variance 1, like percent
 * returns), after a 1,000-step burn-in started at h = 1.
 * Usage: ts-node bench/garch/simulate.ts OUT.csv [N=10000] [SEED=20240601]
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname } from 'path';
import { createRandom } from '@pum/timeseries';

export const SIMULATION = { mu: 0.02, omega: 0.02, alpha: 0.08, beta: 0.9, burnIn: 1000 } as const;

/** Simulated GARCH(1,1) returns (deterministic for a given n and seed). */
export function simulateGarch(n: number, seed: number): number[] {
  const { mu, omega, alpha, beta, burnIn } = SIMULATION;
  const rng = createRandom(seed);
  const out: number[] = [];
  let h = omega / (1 - alpha - beta);
  let e = 0;
  for (let t = 0; t < burnIn + n; t++) {
    h = omega + alpha * e * e + beta * h;
    e = Math.sqrt(h) * rng.normal();
    if (t >= burnIn) out.push(mu + e);
  }
  return out;
}

if (require.main === module) {
  const [out, nRaw = '10000', seedRaw = '20240601'] = process.argv.slice(2);
  if (out === undefined) {
    process.stderr.write('usage: simulate.ts OUT.csv [N] [SEED]\n');
    process.exit(2);
  }
  const y = simulateGarch(Number(nRaw), Number(seedRaw));
  mkdirSync(dirname(out), { recursive: true });
  // String(v) is the shortest round-trip form: R's read.csv and JS Number() get the same doubles.
  writeFileSync(out, `return\n${y.map(String).join('\n')}\n`);
  process.stderr.write(`simulate: wrote ${y.length} GARCH(1,1) returns (seed ${seedRaw}) to ${out}\n`);
}

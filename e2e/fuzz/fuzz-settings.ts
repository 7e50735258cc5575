import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Seed and size of a fuzz spec: the short fixed-seed run of the jest suite by default; `npm run fuzz` (scripts/fuzz.sh)
 * sets FUZZ_SEED (random unless given, to replay a failure) and FUZZ_RUNS (the full run). The seed is printed first.
 */
export function fuzzSettings(suite: string, shortRuns: number): { seed: number; numRuns: number } {
  const seed = Number(process.env.FUZZ_SEED ?? 17);
  const numRuns = Math.max(1, Math.round(shortRuns * Number(process.env.FUZZ_SCALE ?? 1)));
  process.stdout.write(`fuzz ${suite}: seed ${seed}, ${numRuns} runs (replay: FUZZ_SEED=${seed} FUZZ_SCALE=${process.env.FUZZ_SCALE ?? 1} npm run fuzz)\n`);
  return { seed, numRuns };
}

/** Heap in use after a full collection, in bytes: `global.gc`, exposed at run time since jest does not start node with --expose-gc. */
export function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

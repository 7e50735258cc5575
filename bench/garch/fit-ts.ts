/**
 * Times our GARCH(1,1) fit (`fitGarch` from `@pum/timeseries`, the code behind the forecast
 * service and `npm run forecast -- garch`) on one CSV column: `warmup` untimed fits, then `reps`
 * timed ones. Prints one JSON object on stdout: timings (ms) and the estimates.
 * Usage: ts-node bench/garch/fit-ts.ts FILE [REPS=15] [WARMUP=3]
 */
import { readFileSync } from 'fs';
import { readNumericColumn } from '@pum/forecast-cli';
import { fitGarch, type GarchResult } from '@pum/timeseries';

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function main(): void {
  const [file, repsRaw = '15', warmupRaw = '3'] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: fit-ts.ts FILE [REPS] [WARMUP]\n');
    process.exit(2);
  }
  const reps = Number(repsRaw);
  const warmup = Number(warmupRaw);
  const y = readNumericColumn(readFileSync(file, 'utf8'), null).values;
  const options = { distribution: 'normal', horizon: 10 } as const;

  let fit: GarchResult | null = null;
  const t0 = process.hrtime.bigint();
  fit = fitGarch(y, options);
  const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
  for (let i = 1; i < warmup; i++) fit = fitGarch(y, options);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = process.hrtime.bigint();
    fit = fitGarch(y, options);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  process.stdout.write(
    `${JSON.stringify({
      side: 'ours',
      engine: `node ${process.version}`,
      n: y.length,
      reps,
      warmup,
      coldMs,
      medianMs: median(times),
      minMs: Math.min(...times),
      status: fit.converged ? `converged (${fit.iterations} BFGS iterations)` : 'NOT converged',
      estimates: fit.params,
      standardErrors: fit.stdErrors,
      logLikelihood: fit.logLikelihood,
    })}\n`,
  );
}

main();

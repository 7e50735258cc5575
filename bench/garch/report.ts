/**
 * Prints the GARCH benchmark table from the JSON written by fit-ts.ts and fit-r.R:
 * timings side by side with the speed-up, the estimates of both sides (so a reader
 * sees they fit the same model), and a PASS/FAIL line per dataset against the target
 * "faster than fGarch" (our median fit time below fGarch's). Exit status 1 if any FAIL.
 * Usage: ts-node bench/garch/report.ts DIR LABEL… (reads DIR/LABEL.ours.json, DIR/LABEL.fgarch.json)
 */
import { readFileSync } from 'fs';
import { join } from 'path';

interface Params {
  mu: number;
  omega: number;
  alpha: number;
  beta: number;
}
interface SideResult {
  side: string;
  engine: string;
  n: number;
  reps: number;
  warmup: number;
  coldMs: number;
  medianMs: number;
  minMs: number;
  status: string;
  estimates: Params;
  standardErrors: { [K in keyof Params]: number | null };
  logLikelihood: number;
}

const KEYS = ['mu', 'omega', 'alpha', 'beta'] as const;
const ms = (v: number): string => v.toFixed(1);
const sig = (v: number | null, digits = 9): string => (v === null ? 'n/a' : v.toPrecision(digits));
const rel = (a: number, b: number): string => (Math.abs(a - b) / Math.max(Math.abs(b), 1e-300)).toExponential(1);

/** Plain-text table; the first `textColumns` columns are left-aligned, the rest right-aligned. */
function table(rows: string[][], textColumns = 1): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const cellText = (cell: string, c: number): string => (c < textColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]));
  return rows.map((r) => r.map(cellText).join('  ').trimEnd()).join('\n');
}

function main(): number {
  const [dir, ...labels] = process.argv.slice(2);
  if (dir === undefined || labels.length === 0) {
    process.stderr.write('usage: report.ts DIR LABEL...\n');
    return 2;
  }
  const load = (label: string, side: string): SideResult => JSON.parse(readFileSync(join(dir, `${label}.${side}.json`), 'utf8')) as SideResult;
  const results = labels.map((label) => ({ label, ours: load(label, 'ours'), r: load(label, 'fgarch') }));
  const first = results[0];

  const out: string[] = [];
  out.push('GARCH(1,1), normal innovations, constant mean: fit time');
  out.push(`  ours:   fitGarch (libs/timeseries), ${first.ours.engine}`);
  out.push(`  fGarch: garchFit(~garch(1,1), include.mean = TRUE, cond.dist = "norm", trace = FALSE), ${first.r.engine}`);
  out.push(
    `  ms per fit: median (min) of ${first.ours.reps} timed fits after ${first.ours.warmup} untimed warm-up fits, each side in its own process; same data file for both`,
  );
  out.push('');
  out.push(
    table([
      ['dataset', 'n', 'ours ms', 'fGarch ms', 'speed-up', 'ours 1st fit ms', 'fGarch 1st fit ms'],
      ...results.map(({ label, ours, r }) => [
        label,
        String(ours.n),
        `${ms(ours.medianMs)} (${ms(ours.minMs)})`,
        `${ms(r.medianMs)} (${ms(r.minMs)})`,
        `${(r.medianMs / ours.medianMs).toFixed(1)}x`,
        ms(ours.coldMs),
        ms(r.coldMs),
      ]),
    ]),
  );
  out.push('');
  out.push('Estimates (standard errors: inverse Hessian of −log L on both sides)');
  const rows: string[][] = [['dataset', 'param', 'ours', 'fGarch', 'rel. diff', 'ours s.e.', 'fGarch s.e.']];
  for (const { label, ours, r } of results) {
    if (ours.n !== r.n) throw new Error(`${label}: the two sides read different data (n = ${ours.n} vs ${r.n})`);
    KEYS.forEach((k, i) => {
      rows.push([
        i === 0 ? label : '',
        k,
        sig(ours.estimates[k]),
        sig(r.estimates[k]),
        rel(ours.estimates[k], r.estimates[k]),
        sig(ours.standardErrors[k], 6),
        sig(r.standardErrors[k], 6),
      ]);
    });
    rows.push(['', 'log L', ours.logLikelihood.toFixed(6), r.logLikelihood.toFixed(6), rel(ours.logLikelihood, r.logLikelihood), '', '']);
  }
  out.push(table(rows, 2));
  for (const { label, ours, r } of results) out.push(`  ${label}: ours ${ours.status}; fGarch ${r.status}`);
  out.push('');
  let failed = false;
  for (const { label, ours, r } of results) {
    const pass = ours.medianMs < r.medianMs;
    failed ||= !pass;
    out.push(
      `${pass ? 'PASS' : 'FAIL'} ${label} (n = ${ours.n}): ours ${ms(ours.medianMs)} ms vs fGarch ${ms(r.medianMs)} ms — ` +
        `${(r.medianMs / ours.medianMs).toFixed(1)}x (target: faster than fGarch)`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return failed ? 1 : 0;
}

process.exitCode = main();

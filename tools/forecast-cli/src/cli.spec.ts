import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { processIo, runCli, type CliIo } from './cli';
import { autoArima, createRandom, fitArima, fitGarch, logReturns } from '@pum/timeseries';

const REPO_ROOT = join(__dirname, '../../..');
const FIXTURES = join(REPO_ROOT, 'libs/timeseries/test/fixtures');
const DEM2GBP = 'libs/timeseries/test/fixtures/dem2gbp.csv';

/** FCP (1996) DEM/GBP GARCH(1,1) benchmark (see libs/timeseries/src/garch.spec.ts). */
const BENCHMARK = { mu: -0.00619041, omega: 0.0107613, alpha: 0.153134, beta: 0.805974, logLikelihood: -1106.608 };

/** In-memory I/O: `files` maps a path to its content; real fixtures are readable under their repo path. */
function fakeIo(files: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readFile(path: string): string {
      if (path in files) return files[path];
      return readFileSync(join(REPO_ROOT, path), 'utf8');
    },
  };
  return io;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON is checked field by field
type Json = any;

function run(argv: string[], files: Record<string, string> = {}): { code: number; json: Json; out: string; err: string } {
  const io = fakeIo(files);
  const code = runCli(argv, io);
  let json: Json = null;
  if (code === 0 && io.out.trimStart().startsWith('{')) json = JSON.parse(io.out);
  return { code, json, out: io.out, err: io.err };
}

const relErr = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

/** A 600-point GARCH(1,1) price path (positive, so the default rule reads it as prices). */
function simulatedPrices(): number[] {
  const rng = createRandom(7);
  const prices = [100];
  let h = 1e-4;
  let e = 0;
  for (let t = 0; t < 600; t++) {
    h = 2e-6 + 0.08 * e * e + 0.9 * h;
    e = Math.sqrt(h) * rng.normal();
    prices.push(prices[prices.length - 1] * Math.exp(0.0003 + e));
  }
  return prices;
}
const toCsv = (header: string, rows: (string | number)[][]): string => `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;

describe('forecast CLI: garch', () => {
  it('reproduces the FCP DEM/GBP benchmark and prints only JSON', () => {
    const sut = run(['garch', '--file', DEM2GBP]);

    expect(sut.code).toBe(0);
    expect(sut.err).toBe('');
    for (const key of ['mu', 'omega', 'alpha', 'beta'] as const) {
      expect(relErr(sut.json.estimates[key], BENCHMARK[key])).toBeLessThan(1e-5);
    }
    expect(sut.json.logLikelihood).toBeCloseTo(BENCHMARK.logLikelihood, 3);
    expect(sut.json.converged).toBe(true);
  });

  it('names estimates and standard errors mu, omega, alpha, beta and reports the input it used', () => {
    const sut = run(['garch', '--file', DEM2GBP, '--horizon', '3', '--level', '0.9']);

    expect(Object.keys(sut.json.estimates)).toEqual(['mu', 'omega', 'alpha', 'beta']);
    expect(Object.keys(sut.json.standardErrors)).toEqual(['mu', 'omega', 'alpha', 'beta']);
    expect(sut.json.standardErrors.alpha).toBeCloseTo(0.0265228, 5);
    expect(sut.json.input).toMatchObject({ column: 'return', rows: 1974, nObservations: 1974, treatedAs: 'returns' });
    expect(sut.json.level).toBe(0.9);
    expect(sut.json.forecast).toHaveLength(3);
    const first = sut.json.forecast[0];
    expect(first.lower).toBeLessThan(sut.json.estimates.mu);
    expect(first.upper).toBeGreaterThan(sut.json.estimates.mu);
    expect(first.upper - sut.json.estimates.mu).toBeCloseTo(1.6448536 * first.volatility, 6);
  });

  it('estimates Student-t degrees of freedom as nu with --dist t', () => {
    const sut = run(['garch', '--file', DEM2GBP, '--dist', 't', '--horizon', '1']);

    expect(sut.code).toBe(0);
    expect(sut.json.distribution).toBe('student-t');
    expect(sut.json.estimates.nu).toBeGreaterThan(2);
    expect(Object.keys(sut.json.standardErrors)).toContain('nu');
  });

  it('models the log returns of a positive column as prices, by the same code as the service', () => {
    const prices = simulatedPrices();
    const sut = run(['garch', '--file', 'p.csv', '--horizon', '2'], { 'p.csv': toCsv('close', prices.map((p) => [p])) });

    expect(sut.code).toBe(0);
    expect(sut.json.input).toMatchObject({ treatedAs: 'prices', rows: 601, nObservations: 600 });
    const direct = fitGarch(logReturns(prices), { horizon: 2 });
    expect(sut.json.estimates.alpha).toBe(direct.params.alpha);
    expect(sut.json.logLikelihood).toBe(direct.logLikelihood);
  });

  it('takes a positive column as returns when --returns is given', () => {
    const values = simulatedPrices().map((p) => p / 100);
    const sut = run(['garch', '--file', 'r.csv', '--returns', '--horizon', '1'], { 'r.csv': toCsv('r', values.map((v) => [v])) });

    expect(sut.json.input).toMatchObject({ treatedAs: 'returns', rule: '--returns', nObservations: 601 });
  });

  it('fails with exit 1 and a --returns hint when a price-like column holds a zero', () => {
    const rows = simulatedPrices().map((p) => [p]);
    rows[10] = [0];
    const sut = run(['garch', '--file', 'p.csv'], { 'p.csv': toCsv('close', rows) });

    expect(sut.code).toBe(1);
    expect(sut.out).toBe('');
    expect(sut.err).toMatch(/line 12: price 0 is not positive.*--returns/);
  });

  it('warns on stderr, still printing JSON, when there are fewer than 100 returns', () => {
    const values = logReturns(simulatedPrices()).slice(0, 60);
    const sut = run(['garch', '--file', 'r.csv'], { 'r.csv': toCsv('r', values.map((v) => [v])) });

    expect(sut.code).toBe(0);
    expect(sut.json.model).toBe('garch');
    expect(sut.err).toMatch(/warning: only 60 returns/);
  });

  it('fails with exit 1 when the model cannot be fitted', () => {
    const sut = run(['garch', '--file', 'r.csv'], { 'r.csv': 'r\n0.1\n-0.2\n0.3\n' });

    expect(sut.code).toBe(1);
    expect(sut.out).toBe('');
    expect(sut.err).toMatch(/GARCH fit failed: .*at least 10 observations/);
  });
});

describe('forecast CLI: egarch', () => {
  it('names estimates mu, omega, alpha, gamma, beta', () => {
    const sut = run(['egarch', '--file', DEM2GBP, '--horizon', '2']);

    expect(sut.code).toBe(0);
    expect(sut.json.model).toBe('egarch');
    expect(Object.keys(sut.json.estimates)).toEqual(['mu', 'omega', 'alpha', 'gamma', 'beta']);
    expect(Object.keys(sut.json.standardErrors)).toEqual(['mu', 'omega', 'alpha', 'gamma', 'beta']);
    expect(Math.abs(sut.json.estimates.beta)).toBeLessThan(1);
    expect(sut.json.forecast).toHaveLength(2);
  });

  it('estimates Student-t degrees of freedom as nu with --dist t', () => {
    const sut = run(['egarch', '--file', DEM2GBP, '--dist', 't', '--horizon', '1']);

    expect(sut.code).toBe(0);
    expect(sut.json.distribution).toBe('student-t');
    expect(Object.keys(sut.json.estimates)).toEqual(['mu', 'omega', 'alpha', 'gamma', 'beta', 'nu']);
    expect(sut.json.estimates.nu).toBeGreaterThan(2);
    expect(sut.json.standardErrors.nu).toBeGreaterThan(0);
  });
});

describe('forecast CLI: arima', () => {
  const lakeHuron = 'libs/timeseries/test/fixtures/lakehuron.csv';
  const series = readFileSync(join(FIXTURES, 'lakehuron.csv'), 'utf8').trim().split('\n').slice(1).map(Number);

  it('fits the order given with --order and names the mean mu', () => {
    const sut = run(['arima', '--file', lakeHuron, '--order', '2,0,0', '--horizon', '4']);

    const direct = fitArima(series, { p: 2, d: 0, q: 0 }, { horizon: 4 });
    expect(sut.code).toBe(0);
    expect(sut.json.order).toEqual({ p: 2, d: 0, q: 0 });
    expect(sut.json.orderSelection).toBe('fixed');
    expect(sut.json.estimates).toEqual({ ar: direct.ar, ma: [], mu: direct.intercept });
    expect(sut.json.standardErrors.mu).toBe(direct.stdErrors.intercept);
    expect(sut.json.logLikelihood).toBe(direct.logLikelihood);
    expect(sut.json.forecast).toEqual(direct.forecast);
  });

  it('chooses the order by AIC without --order', () => {
    const sut = run(['arima', '--file', lakeHuron, '--horizon', '1']);

    expect(sut.code).toBe(0);
    expect(sut.json.orderSelection).toBe('aic');
    expect(sut.json.order).toEqual(autoArima(series, { horizon: 1 }).order);
    const eligible = sut.json.candidates.filter((c: Json) => c.rejected === undefined);
    expect(Math.min(...eligible.map((c: Json) => c.aic))).toBeCloseTo(sut.json.aic, 8);
  });

  it('rejects --returns because ARIMA models the column as it is', () => {
    const sut = run(['arima', '--file', lakeHuron, '--returns']);

    expect(sut.code).toBe(2);
  });
});

describe('forecast CLI: CSV columns', () => {
  const prices = simulatedPrices();
  const rows = prices.map((p, i) => [`2024-01-${i}`, p, 1000 + i]);

  it('uses the only numeric column, ignoring text columns', () => {
    const sut = run(['garch', '--file', 'f.csv', '--horizon', '1'], { 'f.csv': toCsv('date,close', rows.map((r) => [r[0], r[1]])) });

    expect(sut.code).toBe(0);
    expect(sut.json.input.column).toBe('close');
    expect(sut.err).toBe('');
  });

  it('uses the first of several numeric columns and says so on stderr', () => {
    const sut = run(['garch', '--file', 'f.csv', '--horizon', '1'], { 'f.csv': toCsv('date,close,volume', rows) });

    expect(sut.json.input.column).toBe('close');
    expect(sut.err).toMatch(/note: 2 numeric columns \('close', 'volume'\); using the first, 'close'/);
  });

  it('picks a column by name with --column', () => {
    const sut = run(['garch', '--file', 'f.csv', '--column', 'volume', '--horizon', '1'], { 'f.csv': toCsv('date,close,volume', rows) });

    expect(sut.json.input.column).toBe('volume');
    expect(sut.err).not.toMatch(/note/);
  });

  it('reads quoted headers, semicolon separators and CRLF line ends', () => {
    const text = `"Date";"Close"\r\n${rows.map((r) => `"${r[0]}";${r[1]}`).join('\r\n')}\r\n`;
    const sut = run(['garch', '--file', 'f.csv', '--horizon', '1'], { 'f.csv': text });

    expect(sut.code).toBe(0);
    expect(sut.json.input).toMatchObject({ column: 'Close', rows: prices.length });
  });

  it.each([
    ['a blank cell', '', /1 missing or non-finite value\(s\).*line 5 \(a blank cell\)/],
    ['NA', 'NA', /line 5 \('NA'\)/],
    ['NaN', 'NaN', /line 5 \('NaN'\)/],
  ])('fails with exit 1 naming the line of %s in the chosen column', (_label, cell, message) => {
    const bad = rows.map((r) => [r[0], r[1]]);
    bad[3] = [bad[3][0], cell];
    const sut = run(['garch', '--file', 'f.csv'], { 'f.csv': toCsv('date,close', bad) });

    expect(sut.code).toBe(1);
    expect(sut.out).toBe('');
    expect(sut.err).toMatch(message);
    expect(sut.err).toMatch(/does not drop or fill/);
  });

  it('fails with exit 1 naming text cells in a chosen column', () => {
    const sut = run(['garch', '--file', 'f.csv', '--column', 'date'], { 'f.csv': toCsv('date,close', rows.map((r) => [r[0], r[1]])) });

    expect(sut.code).toBe(1);
    expect(sut.err).toMatch(/column 'date' has 601 non-numeric value\(s\): line 2 \('2024-01-0'\)/);
  });

  it.each([
    ['an unknown --column', ['--column', 'price'], 'f.csv', /no column named 'price'; the columns are 'date', 'close'/],
    ['a file without a numeric column', [], 't.csv', /no numeric column/],
    ['a file without a header row', [], 'n.csv', /needs a header row/],
    ['an empty file', [], 'e.csv', /the file is empty/],
    ['a missing file', [], 'missing.csv', /cannot read 'missing.csv': no such file/],
  ])('fails with exit 1 on %s', (_label, extra, file, message) => {
    const files = {
      'f.csv': toCsv('date,close', rows.slice(0, 20).map((r) => [r[0], r[1]])),
      't.csv': 'name,city\nann,paris\n',
      'n.csv': '1.5\n2.5\n3.5\n',
      'e.csv': '\n\n',
    };
    const sut = run(['garch', '--file', file, ...extra], files);

    expect(sut.code).toBe(1);
    expect(sut.out).toBe('');
    expect(sut.err).toMatch(message);
  });
});

describe('forecast CLI: usage', () => {
  it('prints usage with the returns-or-prices rule to stdout and exits 0 on --help', () => {
    const sut = run(['--help']);

    expect(sut.code).toBe(0);
    expect(sut.err).toBe('');
    expect(sut.out).toMatch(/^Usage: npm run -s forecast -- <model> --file/);
    expect(sut.out).toMatch(/taken as returns if it has at least one negative value/);
  });

  it.each([
    ['no arguments', []],
    ['an unknown model', ['ols', '--file', DEM2GBP]],
    ['a missing --file', ['garch']],
    ['an unknown option', ['garch', '--file', DEM2GBP, '--bogus']],
    ['an option without its value', ['garch', '--file']],
    ['a non-integer horizon', ['garch', '--file', DEM2GBP, '--horizon', '2.5']],
    ['a level given in percent', ['garch', '--file', DEM2GBP, '--level', '95']],
    ['a malformed order', ['arima', '--file', DEM2GBP, '--order', '1,1']],
    ['--order for garch', ['garch', '--file', DEM2GBP, '--order', '1,0,1']],
    ['--dist for arima', ['arima', '--file', DEM2GBP, '--dist', 't']],
    ['an unknown distribution', ['garch', '--file', DEM2GBP, '--dist', 'cauchy']],
    ['both --returns and --prices', ['garch', '--file', DEM2GBP, '--returns', '--prices']],
    ['a stray argument', ['garch', '--file', DEM2GBP, 'extra.csv']],
  ])('exits 2 with a message on stderr for %s', (_label, argv) => {
    const sut = run(argv);

    expect(sut.code).toBe(2);
    expect(sut.out).toBe('');
    expect(sut.err).toMatch(/^forecast: error: .+\(run with --help for usage\)\n$/);
  });
});

describe('processIo', () => {
  it('resolves relative paths against the directory npm run forecast was started from', () => {
    const sut = processIo({ npm_lifecycle_event: 'forecast', INIT_CWD: FIXTURES });

    expect(sut.readFile('lh.csv')).toBe(readFileSync(join(FIXTURES, 'lh.csv'), 'utf8'));
  });
});

describe('forecast CLI as a process', () => {
  it('prints only JSON with the DEM/GBP benchmark estimates on stdout', () => {
    const sut = spawnSync(
      'npx',
      ['ts-node', '--transpile-only', '-r', 'tsconfig-paths/register', 'tools/forecast-cli/src/cli.ts', 'garch', '--file', DEM2GBP],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
    );

    expect(sut.status).toBe(0);
    const json = JSON.parse(sut.stdout);
    for (const key of ['mu', 'omega', 'alpha', 'beta'] as const) {
      expect(relErr(json.estimates[key], BENCHMARK[key])).toBeLessThan(1e-4);
    }
    expect(relErr(json.logLikelihood, BENCHMARK.logLikelihood)).toBeLessThan(1e-6);
  });
});

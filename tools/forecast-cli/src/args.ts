import type { ArimaOrder, GarchDistribution } from '@pum/timeseries';
import { UsageError } from './errors';

export type CliModel = 'garch' | 'egarch' | 'arima';

/** How the chosen column is read by garch/egarch: as returns, as prices, or decided from the data. */
export type InputKind = 'returns' | 'prices' | 'auto';

export interface CliOptions {
  model: CliModel;
  file: string;
  column: string | null;
  horizon: number;
  level: number;
  /** ARIMA order; null means "choose by AIC" (autoArima). */
  order: ArimaOrder | null;
  distribution: GarchDistribution;
  input: InputKind;
}

export type ParsedArgs = { help: true } | ({ help: false } & CliOptions);

export const HELP = `Usage: npm run -s forecast -- <model> --file <series.csv> [options]
       (-s keeps npm's own "> forecast" banner off standard output)

Fits a model to one column of a CSV file with the numerical code the forecast
service runs (libs/timeseries) and prints the result as JSON on standard output.
Notes, warnings and errors go to standard error.

Models:
  garch    constant-mean GARCH(1,1):  y_t = mu + e_t,  h_t = omega + alpha e_{t-1}^2 + beta h_{t-1}
  egarch   constant-mean EGARCH(1,1) (Nelson):
           log h_t = omega + alpha (|z_{t-1}| - E|z|) + gamma z_{t-1} + beta log h_{t-1}
  arima    ARIMA(p,d,q) by exact Gaussian maximum likelihood (as R's arima(method = "ML")).
           Without --order the order is chosen by AIC: d by repeated KPSS tests, then every
           p, q <= 3 with and without a constant (forecast::auto.arima, stepwise = FALSE).

Options:
  --file PATH        CSV file with a header row (required; relative to the directory npm
                     was run from). Separator , ; or tab, taken from the header line;
                     fields may be double-quoted.
  --column NAME      column to model, by header name (case-insensitive if unambiguous).
                     Default: the only numeric column; if there are several, the first
                     one (a note on stderr says which).
  --horizon N        forecast steps, integer 0..10000 (default 10)
  --level L          central prediction-interval coverage in (0, 1) (default 0.95)
  --order p,d,q      ARIMA order, e.g. 1,1,1 (arima only; p, q <= 10, d <= 2). With d = 0
                     a mean is estimated, with d >= 1 no constant.
  --dist normal|t    innovation distribution (garch, egarch; default normal). With t the
                     degrees of freedom are estimated and reported as "nu".
  --returns          the column already holds returns (garch, egarch)
  --prices           the column holds prices; their log returns are modelled (garch, egarch)
  -h, --help         print this help and exit

Returns or prices (garch, egarch): without --returns or --prices the column is
taken as returns if it has at least one negative value, and otherwise as prices,
in which case the log returns r_t = ln(p_t / p_{t-1}) are fitted (one observation
fewer, no percent scaling). The decision is reported in "input.treatedAs" and
"input.rule". arima always models the column as it is.

Missing data: every row must hold a finite number in the chosen column. Blank
cells, NA, NaN, Inf and text are reported with their line numbers; nothing is
dropped or filled in silently.

Output (JSON): "model", "input", "estimates" and "standardErrors" (Hessian-based),
named mu, omega, alpha, beta (garch), mu, omega, alpha, gamma, beta (egarch),
plus nu with --dist t, ar[], ma[] and mu (the mean, R's "intercept") or drift
(arima); "robustStandardErrors" (QML sandwich, garch/egarch); "logLikelihood"
(all constants included), "aic", "bic", "converged"; "forecast": per step the
variance, volatility and return interval [lower, upper] (garch/egarch) or the
mean, se and interval [lower, upper] (arima). Standard errors that cannot be
computed are null.

Exit status: 0 success, 1 data or fit error, 2 usage error. Warnings on stderr
(optimiser not converged, fewer than 100 returns, persistence >= 0.9999) keep
status 0 and the JSON ("converged", "persistence") shows the condition.

Examples:
  npm run -s forecast -- garch --file libs/timeseries/test/fixtures/dem2gbp.csv
  npm run -s forecast -- egarch --file prices.csv --column close --horizon 5
  npm run -s forecast -- arima --file series.csv --order 1,1,1 --level 0.9
`;

const STRING_OPTIONS = ['file', 'column', 'horizon', 'level', 'order', 'dist'] as const;
const FLAG_OPTIONS = ['returns', 'prices', 'help'] as const;
type StringOption = (typeof STRING_OPTIONS)[number];
type FlagOption = (typeof FLAG_OPTIONS)[number];

const isStringOption = (name: string): name is StringOption => (STRING_OPTIONS as readonly string[]).includes(name);
const isFlagOption = (name: string): name is FlagOption => (FLAG_OPTIONS as readonly string[]).includes(name);

function parseHorizon(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) > 10_000) {
    throw new UsageError(`--horizon must be an integer from 0 to 10000, got '${raw}'`);
  }
  return Number(raw);
}

function parseLevel(raw: string): number {
  const level = Number(raw.trim());
  if (raw.trim() === '' || !(level > 0 && level < 1)) {
    throw new UsageError(`--level must be a number strictly between 0 and 1 (e.g. 0.95), got '${raw}'`);
  }
  return level;
}

function parseOrder(raw: string): ArimaOrder {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*$/.exec(raw);
  if (m === null) throw new UsageError(`--order must be three non-negative integers p,d,q (e.g. 1,1,1), got '${raw}'`);
  const [p, d, q] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (p > 10 || q > 10) throw new UsageError(`--order: p and q must be at most 10, got '${raw}'`);
  if (d > 2) throw new UsageError(`--order: d must be 0, 1 or 2, got '${raw}'`);
  return { p, d, q };
}

function parseDistribution(raw: string): GarchDistribution {
  const v = raw.trim().toLowerCase();
  if (v === 'normal' || v === 'norm' || v === 'gaussian') return 'normal';
  if (v === 't' || v === 'student-t' || v === 'std') return 'student-t';
  throw new UsageError(`--dist must be 'normal' or 't', got '${raw}'`);
}

/**
 * Parses the CLI arguments (without `node script`) into validated options.
 * Throws {@link UsageError} for anything wrong with the command line itself.
 * @example parseCliArgs(['garch', '--file', 'x.csv']).model // 'garch'
 */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  if (argv.some((a) => a === '--help' || a === '-h')) return { help: true };
  const values: Partial<Record<StringOption, string>> = {};
  const flags = new Set<FlagOption>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq >= 0 ? eq : undefined) : '';
    if (isFlagOption(name)) {
      if (eq >= 0) throw new UsageError(`--${name} is a flag and takes no value`);
      flags.add(name);
    } else if (isStringOption(name)) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (values[name] !== undefined) throw new UsageError(`--${name} given more than once`);
      values[name] = value;
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }

  if (positionals.length === 0) throw new UsageError('missing model: expected garch, egarch or arima');
  const [modelRaw, ...extra] = positionals;
  if (modelRaw !== 'garch' && modelRaw !== 'egarch' && modelRaw !== 'arima') {
    throw new UsageError(`unknown model '${modelRaw}': expected garch, egarch or arima`);
  }
  const model: CliModel = modelRaw;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (the series is given with --file)`);
  if (values.file === undefined || values.file.trim() === '') throw new UsageError('--file is required');
  if (values.column !== undefined && values.column.trim() === '') throw new UsageError('--column needs a column name');

  if (values.order !== undefined && model !== 'arima') throw new UsageError(`--order applies to arima only, not ${model}`);
  if (values.dist !== undefined && model === 'arima') {
    throw new UsageError('--dist applies to garch and egarch only (arima has Gaussian innovations)');
  }
  if (model === 'arima' && (flags.has('returns') || flags.has('prices'))) {
    throw new UsageError('--returns/--prices apply to garch and egarch only; arima models the column as it is');
  }
  if (flags.has('returns') && flags.has('prices')) throw new UsageError('--returns and --prices exclude each other');

  return {
    help: false,
    model,
    file: values.file,
    column: values.column ?? null,
    horizon: values.horizon === undefined ? 10 : parseHorizon(values.horizon),
    level: values.level === undefined ? 0.95 : parseLevel(values.level),
    order: values.order === undefined ? null : parseOrder(values.order),
    distribution: values.dist === undefined ? 'normal' : parseDistribution(values.dist),
    input: flags.has('returns') ? 'returns' : flags.has('prices') ? 'prices' : 'auto',
  };
}

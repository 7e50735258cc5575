/**
 * Quant CLI over the forecast service's numerical core (`@pum/timeseries`):
 *   npm run -s forecast -- garch|egarch|arima --file series.csv [--column NAME] [--horizon N] [--order p,d,q] …
 * Prints one JSON document on stdout and nothing else; notes, warnings and errors go
 * to stderr. Exit status 0 success, 1 data/fit error, 2 usage error. `--help` for details.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { HELP, parseCliArgs, type CliOptions } from './args';
import { readNumericColumn, type NumericColumn } from './csv';
import { DataError, EXIT_DATA_ERROR, EXIT_OK, EXIT_USAGE_ERROR, UsageError } from './errors';
import { arimaReport, egarchReport, garchReport, type InputReport } from './report';
import { autoArima, fitArima, fitEgarch, fitGarch, logReturns } from '@pum/timeseries';

/** The CLI's only contact with the outside world (injected so `runCli` is testable without spawning). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a text file; throws (e.g. ENOENT) if it cannot. */
  readFile(path: string): string;
}

const PROGRAM = 'forecast';
/** Below this many returns the service itself falls back to EWMA instead of GARCH/EGARCH. */
const FEW_OBSERVATIONS = 100;
/** Persistence at or above which the service treats a fit as integrated (fitVolatility's default). */
const MAX_PERSISTENCE = 0.9999;

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function readSeries(options: CliOptions, io: CliIo): NumericColumn {
  let text: string;
  try {
    text = io.readFile(options.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : errorMessage(err);
    throw new DataError(`cannot read '${options.file}': ${why}`);
  }
  try {
    return readNumericColumn(text, options.column);
  } catch (err) {
    if (err instanceof DataError) throw new DataError(`${options.file}: ${err.message}`);
    throw err;
  }
}

/** garch/egarch input: returns as they are, or log returns of prices (explicit flag or the negative-values rule). */
function toReturns(column: NumericColumn, options: CliOptions): { returns: number[]; treatedAs: 'returns' | 'prices'; rule: string } {
  let treatedAs: 'returns' | 'prices';
  let rule: string;
  if (options.input === 'auto') {
    const negative = column.values.some((v) => v < 0);
    treatedAs = negative ? 'returns' : 'prices';
    rule = negative
      ? 'column has negative values, so it is taken as returns'
      : 'column has no negative values, so it is taken as prices and log returns are modelled';
  } else {
    treatedAs = options.input;
    rule = `--${options.input}`;
  }
  if (treatedAs === 'returns') return { returns: column.values, treatedAs, rule };
  const bad = column.values.findIndex((v) => !(v > 0));
  if (bad >= 0) {
    const hint = options.input === 'auto' ? ' (it has no negative values, so it was taken as prices); pass --returns if it holds returns' : '';
    throw new DataError(
      `column '${column.name}' line ${column.lines[bad]}: price ${column.values[bad]} is not positive, so no log return exists${hint}`,
    );
  }
  return { returns: logReturns(column.values), treatedAs, rule };
}

function fitAndReport(options: CliOptions, column: NumericColumn, warn: (message: string) => void): unknown {
  const base: InputReport = { file: options.file, column: column.name, rows: column.values.length };
  const { horizon, level } = options;
  if (options.model === 'arima') {
    const fit = options.order === null ? autoArima(column.values, { horizon, level }) : fitArima(column.values, options.order, { horizon, level });
    if (!fit.converged) warn(`ARIMA(${fit.order.p},${fit.order.d},${fit.order.q}) estimation did not converge; the estimates may not be the MLE`);
    return arimaReport(fit, base, horizon);
  }
  const { returns, treatedAs, rule } = toReturns(column, options);
  const input: InputReport = { ...base, treatedAs, rule };
  const name = options.model.toUpperCase();
  if (returns.length < FEW_OBSERVATIONS) {
    warn(`only ${returns.length} returns; ${name} estimates are unreliable below ${FEW_OBSERVATIONS} (the service falls back to EWMA)`);
  }
  const fit =
    options.model === 'garch'
      ? fitGarch(returns, { horizon, level, distribution: options.distribution })
      : fitEgarch(returns, { horizon, level, distribution: options.distribution });
  if (!fit.converged) warn(`${name} estimation did not converge; the estimates may not be the MLE`);
  const persistence = fit.model === 'garch' ? fit.persistence : Math.abs(fit.params.beta);
  if (persistence >= MAX_PERSISTENCE) {
    warn(`${name} persistence ${persistence.toFixed(6)} ≥ ${MAX_PERSISTENCE}: integrated variance, forecasts do not mean-revert`);
  }
  return fit.model === 'garch' ? garchReport(fit, input, horizon) : egarchReport(fit, input, horizon);
}

/**
 * Runs the forecast CLI on `argv` (arguments after the script name) and returns
 * the exit status. All I/O goes through `io`; stdout receives exactly one JSON
 * document on success (or the help text), everything else goes to stderr.
 * @example runCli(['garch', '--file', 'dem2gbp.csv'], io) // 0, JSON written to io.stdout
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  const say = (kind: string, message: string): void => io.stderr(`${PROGRAM}: ${kind}: ${message}\n`);
  let options: CliOptions;
  try {
    const parsed = parseCliArgs(argv);
    if (parsed.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    options = parsed;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    say('error', `${err.message} (run with --help for usage)`);
    return EXIT_USAGE_ERROR;
  }
  try {
    const column = readSeries(options, io);
    if (column.note !== null) say('note', column.note);
    const report = fitAndReport(options, column, (message) => say('warning', message));
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof DataError) say('error', err.message);
    else say('error', `${options.model.toUpperCase()} fit failed: ${errorMessage(err)}`);
    return EXIT_DATA_ERROR;
  }
}

/**
 * Real-process I/O. Relative paths are resolved against the directory `npm run
 * forecast` was started from (npm itself runs scripts from the repository root).
 */
export function processIo(env: NodeJS.ProcessEnv = process.env): CliIo {
  const base = env.npm_lifecycle_event === 'forecast' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(resolve(base, path), 'utf8'),
  };
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), processIo());
}

/**
 * The upgrade risk model's command line (`npm run -s risk -- <command>`):
 *   train    [--data FILE] [--out FILE]   trains the Random Forest and writes the versioned model file
 *   evaluate [--data FILE] [--json]       cross-validation figures (docs/risk-model.md)
 *   score    --file FILE [--model FILE]   one JSON object per row on stdout
 * Errors go to stderr. Exit status 0 success, 1 data error (naming the line), 2 usage error.
 */
import { readFileSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import { assess, CsvError, ModelFormatError, parseModel, readUpgradeRows, type UpgradeRiskModel } from '@pum/risk-model';
import { evaluate, formatReport } from './evaluate';
import { serializeModel, trainModel } from './train';

export const DEFAULT_DATA = 'data/risk/upgrade-incidents.csv';
export const DEFAULT_MODEL = 'libs/risk-model/model/upgrade-risk-model.v1.json';
/** How many factors `score` prints per row. */
const TOP_FACTORS = 5;

export const EXIT_OK = 0;
export const EXIT_DATA_ERROR = 1;
export const EXIT_USAGE_ERROR = 2;

const HELP = `usage: npm run -s risk -- train    [--data ${DEFAULT_DATA}] [--out ${DEFAULT_MODEL}]
       npm run -s risk -- evaluate [--data ${DEFAULT_DATA}] [--json]
       npm run -s risk -- score    --file rows.csv [--model ${DEFAULT_MODEL}]
`;

/** The command line is wrong: exit status 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}
/** A file cannot be read or used: exit status 1. */
class DataError extends Error {
  override readonly name = 'DataError';
}

/** The CLI's only contact with the outside world (injected so `runCli` is testable without spawning). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
}

function options(args: string[], allowed: Record<string, 'value' | 'flag'>): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const name = args[i].replace(/^--/, '');
    const kind = args[i].startsWith('--') ? allowed[name] : undefined;
    if (kind === undefined) throw new UsageError(`unknown argument '${args[i]}'`);
    if (kind === 'flag') out.set(name, 'true');
    else {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      out.set(name, value);
    }
  }
  return out;
}

function read(io: CliIo, path: string): string {
  try {
    return io.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
}

function rowsOf(io: CliIo, path: string, requireLabel: boolean) {
  const text = read(io, path);
  try {
    return { text, rows: readUpgradeRows(text, { requireLabel }) };
  } catch (err) {
    if (err instanceof CsvError) throw new DataError(`${path}: ${err.message}`);
    throw err;
  }
}

function loadModel(io: CliIo, path: string): UpgradeRiskModel {
  const text = read(io, path);
  try {
    return parseModel(JSON.parse(text));
  } catch (err) {
    if (err instanceof ModelFormatError || err instanceof SyntaxError) throw new DataError(`${path}: ${err.message}`);
    throw err;
  }
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

function run(argv: string[], io: CliIo): void {
  const [command, ...rest] = argv;
  switch (command) {
    case 'train': {
      const o = options(rest, { data: 'value', out: 'value' });
      const data = o.get('data') ?? DEFAULT_DATA;
      const out = o.get('out') ?? DEFAULT_MODEL;
      const { text, rows } = rowsOf(io, data, true);
      const model = trainModel(rows, text, data);
      io.writeFile(out, serializeModel(model));
      io.stdout(`${model.modelVersion}: ${model.trees.length} trees from ${rows.length} rows (sha256 ${model.trainingData.sha256}) -> ${out}\n`);
      return;
    }
    case 'evaluate': {
      const o = options(rest, { data: 'value', json: 'flag' });
      const { rows } = rowsOf(io, o.get('data') ?? DEFAULT_DATA, true);
      const report = evaluate(rows);
      io.stdout(o.has('json') ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      return;
    }
    case 'score': {
      const o = options(rest, { file: 'value', model: 'value' });
      const file = o.get('file');
      if (file === undefined) throw new UsageError('score needs --file rows.csv');
      const model = loadModel(io, o.get('model') ?? DEFAULT_MODEL);
      const { rows } = rowsOf(io, file, false);
      for (const row of rows) {
        const a = assess(model, row.facts);
        const line = {
          id: row.id,
          score: a.score,
          level: a.level,
          probability: round(a.probability),
          ruleScore: round(a.ruleScore),
          baseRate: round(a.baseRate),
          topFactors: a.topFactors.slice(0, TOP_FACTORS).map((f) => ({ feature: f.feature, value: f.value, contribution: round(f.contribution) })),
          ruleReasons: a.ruleReasons.map((r) => r.code),
          modelVersion: a.modelVersion,
        };
        io.stdout(`${JSON.stringify(line)}\n`);
      }
      return;
    }
    case undefined:
    case '--help':
    case 'help':
      io.stdout(HELP);
      return;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

/** Runs one command; returns the exit status. */
export function runCli(argv: string[], io: CliIo): number {
  try {
    run(argv, io);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`risk: ${err.message}\n${HELP}`);
      return EXIT_USAGE_ERROR;
    }
    if (err instanceof DataError) {
      io.stderr(`risk: ${err.message}\n`);
      return EXIT_DATA_ERROR;
    }
    throw err;
  }
}

/** Real files, relative to the working directory (the repo root under `npm run`). */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(resolve(path), 'utf8'),
  writeFile: (path, text) => writeFileSync(resolve(path), text),
};

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), processIo);
}

/**
 * The analytics command line (`npm run -s analytics -- mev --file blocks.json`): runs the MEV detectors
 * (docs/analytics.md) on a file of blocks and prints `{ "detections": [ … ] }`; `smart-money-eval` prints the
 * held-out comparison of the smart-money classifier with the documented score. Errors go to stderr. Exit status 0
 * success, 1 data error (naming the place), 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { detectMev, evaluateSmartMoney } from '@pum/dex-analytics';
import { BlocksFileError, readBlocks } from './blocks-file';

export const EXIT_OK = 0;
export const EXIT_DATA_ERROR = 1;
export const EXIT_USAGE_ERROR = 2;

const HELP = 'usage: npm run -s analytics -- mev --file blocks.json\n       npm run -s analytics -- smart-money-eval\n';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
}

/** Runs one command line; returns the exit status. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, flag, file, ...rest] = argv;
  if (command === 'smart-money-eval' && argv.length === 1) {
    io.stdout(`${JSON.stringify(evaluateSmartMoney(), null, 2)}\n`);
    return EXIT_OK;
  }
  if (command !== 'mev' || flag !== '--file' || !file || rest.length > 0) {
    io.stderr(HELP);
    return EXIT_USAGE_ERROR;
  }
  let document: unknown;
  try {
    document = JSON.parse(io.readFile(file));
  } catch (error) {
    io.stderr(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_DATA_ERROR;
  }
  try {
    const detections = readBlocks(document).flatMap((block) => detectMev(block.swaps));
    const printed = detections.map(({ type, blockNumber, attacker, transactions, victims, profitToken, profitAmount }) => ({
      type,
      blockNumber: blockNumber.toString(),
      attacker,
      transactions,
      victims,
      profitToken,
      profitAmount: profitAmount.toString(),
    }));
    io.stdout(`${JSON.stringify({ detections: printed }, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof BlocksFileError)) throw error;
    io.stderr(`${file}: ${error.problems.join(`\n${file}: `)}\n`);
    return EXIT_DATA_ERROR;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path, 'utf8'),
  });
}

/**
 * The quant CLI over `@pum/timeseries` (`npm run -s forecast -- …`, entry point `cli.ts`), and its
 * CSV reader for other command-line tools (the GARCH benchmark reads its data with it).
 */
export { processIo, runCli, type CliIo } from './cli';
export { readNumericColumn, type NumericColumn } from './csv';

import { parseArgs } from 'node:util';
import { clean, formatReport, runChaos } from './chaos';
import { singleFaults } from './faults';
import { SHORT } from './short';

/**
 * `npm run chaos` — every fault alone, then `--rounds` combinations picked by the seed; prints the table.
 * `npm run chaos -- --short`: the fixed-seed CI version (what e2e/chaos.e2e-spec.ts runs). Exit 1 when a row is not 0/0/0.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      seed: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      'outage-s': { type: 'string', default: '30' },
      'logs-per-tx': { type: 'string', default: '10' },
      'interval-ms': { type: 'string', default: '1000' },
      /** Comma-separated substrings: only the single faults whose name contains one (e.g. `reorg,RPC`). */
      only: { type: 'string' },
    },
  });
  const seed = values.seed === undefined ? (values.short ? SHORT.seed : Math.floor(Math.random() * 2 ** 31)) : Number(values.seed);
  const log = (msg: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  let teardown: (() => Promise<void>) | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: tearing down`);
      void (teardown?.() ?? Promise.resolve()).finally(() => process.exit(130));
    });
  }
  const onStarted = (down: () => Promise<void>) => {
    teardown = down;
  };
  const report = await runChaos(
    values.short
      ? { ...SHORT, seed, log, onStarted }
      : {
          seed,
          ...(values.only !== undefined && { faults: (o: { outageMs: number }) => singleFaults(o).filter((fault) => values.only!.split(',').some((part) => fault.name.includes(part))) }),
          combinedRounds: Number(values.rounds),
          outageMs: Number(values['outage-s']) * 1000,
          logsPerTx: Number(values['logs-per-tx']),
          intervalMs: Number(values['interval-ms']),
          baselineMs: 10_000,
          recoveryTimeoutMs: 180_000,
          log,
          onStarted,
        },
  );
  process.stdout.write(`${formatReport(report)}\n`);
  process.exitCode = report.rows.every(clean) ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});

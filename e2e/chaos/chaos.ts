import { waitFor } from '@pum/testing';
import { createPublicClient, http, numberToHex } from 'viem';
import { CONTROL, combined, control, singleFaults, type ChaosFault, type FaultContext } from './faults';
import { countViolations, expectedEvents, missing, type Violations } from './ledger';
import { LoadGenerator, sleep } from './load';
import { CONFIRMATIONS, Pipeline } from './pipeline';
import { Random } from './random';
import { StreamClient } from './socket-client';

export interface ChaosOptions {
  seed: number;
  /** The faults to run alone, in order (default: every single fault). */
  faults?: (options: { outageMs: number }) => ChaosFault[];
  /** Rounds of two or three faults at once, picked by the seed, after the single ones. */
  combinedRounds: number;
  outageMs: number;
  /** Load: `logsPerTx` Upgraded logs per transaction, one transaction per `intervalMs`. */
  logsPerTx: number;
  intervalMs: number;
  /** Fault-free load before the first fault, ms. */
  baselineMs: number;
  /** Longest wait for readiness and catch-up after a fault, ms. */
  recoveryTimeoutMs: number;
  log?: (msg: string) => void;
  /** Handed the teardown once the pipeline runs, so a CLI can still clean up on SIGINT. */
  onStarted?: (teardown: () => Promise<void>) => void;
}

export interface ChaosRow extends Violations {
  fault: string;
  /** Seconds from the heal (restore, or the kill before the restart) until every service's /health/ready is 200; null: not within the timeout. */
  readySeconds: number | null;
  /** Seconds until the gateway held, confirmed and assessed, every event of the blocks up to the head at the heal. */
  caughtUpSeconds: number | null;
  /** Services that died by themselves during the phase (started again after the recovery wait, so later rows still mean something). */
  crashed: string[];
}

export interface ChaosReport {
  seed: number;
  rows: ChaosRow[];
  events: number;
  /** MiB per service at the end. */
  rss: Record<string, number>;
  socket: { messages: number; reconnects: number };
  seconds: number;
}

/** Runs the pipeline under load, injects each fault, and counts what was lost, duplicated and left stale. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const random = new Random(options.seed);
  const pipeline = new Pipeline();
  let stream: StreamClient | undefined;
  let load: LoadGenerator | undefined;
  const teardown = async () => {
    stream?.close();
    await load?.stop();
    await pipeline.dispose();
  };
  options.onStarted?.(teardown);
  try {
    log(`seed ${options.seed}; starting a private devnet node, proxies and services (${pipeline.token})`);
    await pipeline.start();
    load = new LoadGenerator(pipeline.node.rpcUrl, options.logsPerTx, options.intervalMs);
    const contract = await load.deploy();
    const node = createPublicClient({ transport: http(pipeline.node.rpcUrl) });
    stream = new StreamClient(`http://127.0.0.1:${pipeline.gatewayPort}`);

    const faults = (options.faults ?? singleFaults)({ outageMs: options.outageMs });
    const pool = [...faults];
    for (let round = 0; round < options.combinedRounds; round++) faults.push(combined(random, pool));
    faults.push(control);
    const names = ['none (baseline)', ...faults.map((fault) => fault.name)];
    const phaseOfBlock = new Map<string, number>();
    let phase = 0;
    load.onBlock = (hash) => phaseOfBlock.set(hash, phase);
    load.start();

    const recover = async (healedAt: number): Promise<Pick<ChaosRow, 'readySeconds' | 'caughtUpSeconds' | 'crashed'>> => {
      const head = await node.getBlockNumber({ cacheTime: 0 });
      const deadline = { timeoutMs: options.recoveryTimeoutMs, intervalMs: 250 };
      const readySeconds = await waitFor(() => pipeline.ready(), { ...deadline, what: 'every service ready' }).then(
        () => (Date.now() - healedAt) / 1000,
        () => null,
      );
      const expected = (await expectedEvents(pipeline.node.rpcUrl, contract, head)).filter((event) => event.blockNumber <= head);
      const caughtUpSeconds = await waitFor(async () => (await missing(pipeline, expected, head + BigInt(CONFIRMATIONS))).length === 0, {
        ...deadline,
        what: `the gateway up to block ${head}`,
      }).then(
        () => (Date.now() - healedAt) / 1000,
        () => null,
      );
      const crashed = [...pipeline.running.entries()].filter(([, service]) => service.process.exitCode !== null || service.process.signalCode !== null).map(([name]) => name);
      for (const name of crashed) {
        log(`  ${name} crashed (output in ${pipeline.logDir}); starting it again`);
        await pipeline.spawn(name);
      }
      return { readySeconds, caughtUpSeconds, crashed };
    };

    const recoveries: Pick<ChaosRow, 'readySeconds' | 'caughtUpSeconds' | 'crashed'>[] = [];
    await sleep(options.baselineMs);
    recoveries.push(await recover(Date.now()));
    log(`baseline: caught up ${recoveries[0]?.caughtUpSeconds === null ? 'never' : 'yes'}`);
    const ctx: FaultContext = { pipeline, load, random, outageMs: options.outageMs, log };
    for (const [index, fault] of faults.entries()) {
      phase = index + 1;
      log(`fault ${phase}/${faults.length}: ${fault.name}`);
      const healedAt = await fault.inject(ctx);
      const recovery = await recover(healedAt);
      log(`  ready after ${recovery.readySeconds ?? 'never'} s, caught up after ${recovery.caughtUpSeconds ?? 'never'} s`);
      recoveries.push(recovery);
    }

    await load.stop();
    // The last blocks to confirmation depth, then everything drained.
    await node.request({ method: 'hardhat_mine' as never, params: [numberToHex(CONFIRMATIONS + 1)] as never });
    const head = await node.getBlockNumber({ cacheTime: 0 });
    const expected = await expectedEvents(pipeline.node.rpcUrl, contract);
    await waitFor(async () => (await missing(pipeline, expected, head)).length === 0, { what: 'the drain', timeoutMs: options.recoveryTimeoutMs, intervalMs: 250 }).catch(
      () => undefined,
    );
    await sleep(2_000); // the probe and the socket client receive what the last writes pushed
    const violations = await countViolations(pipeline, expected, head, (hash) => phaseOfBlock.get(hash) ?? -1, names.length, stream.received);
    const rows = names.map((fault, i) => ({ fault, ...violations[i]!, ...recoveries[i]! }));
    return {
      seed: options.seed,
      rows,
      events: expected.length,
      rss: pipeline.rss(),
      socket: { messages: stream.received.length, reconnects: stream.reconnects },
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await teardown();
  }
}

/** The table: fault × {lost, duplicated, stale, recovery s}, plus redeliveries (allowed) and the catch-up. */
export function formatReport(report: ChaosReport): string {
  const header = ['fault', 'lost', 'duplicated', 'stale', 'recovery s (ready)', 'caught up s', 'socket dup', 'redelivered', 'crashed'];
  const cell = (seconds: number | null) => (seconds === null ? 'never' : seconds.toFixed(1));
  const lines = report.rows.map((row) => [row.fault, String(row.lost), String(row.duplicated), String(row.stale), cell(row.readySeconds), cell(row.caughtUpSeconds), String(row.socketDuplicated), String(row.redelivered), row.crashed.join(', ') || '-']);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (line: string[]) => `| ${line.map((text, i) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!))).join(' | ')} |`;
  return [
    `seed ${report.seed}; ${report.events} events on chain; ${report.seconds} s`,
    format(header),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...lines.map(format),
    `RSS afterwards (MiB): ${Object.entries(report.rss).map(([name, mib]) => `${name} ${mib}`).join(', ')}`,
    `socket client: ${report.socket.messages} messages, ${report.socket.reconnects} reconnects`,
  ].join('\n');
}

/**
 * True when a row is 0 lost / 0 duplicated / 0 stale and recovered within the timeout — and the control row
 * exactly 1 lost / 1 stale and at least 1 duplicated (the ledger saw the sabotage: it can fail). The re-sent
 * message is consumed downstream too, so the risk engine's re-assessment may count again (re-pushed to the socket).
 */
export function clean(row: ChaosRow): boolean {
  // The deleted row never comes back, so the control row never counts as caught up.
  if (row.fault === CONTROL) return row.lost === 1 && row.stale === 1 && row.duplicated >= 1 && row.readySeconds !== null && row.crashed.length === 0;
  return row.lost === 0 && row.duplicated === 0 && row.stale === 0 && row.socketDuplicated === 0 && row.readySeconds !== null && row.caughtUpSeconds !== null && row.crashed.length === 0;
}

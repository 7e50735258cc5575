import type { JsonLogger } from '@pum/platform';
import type { SourceMetrics } from './source-metrics';

/**
 * Runs `round` every `intervalMs` until stopped; a failed round is logged and counted, and the next
 * one runs on schedule (a source's outage never stops the service's other work or later polls).
 */
export class PollLoop {
  private running = false;
  private wake?: () => void;
  private done?: Promise<void>;

  constructor(
    private readonly source: string,
    private readonly intervalMs: number,
    private readonly round: () => Promise<void>,
    private readonly metrics: SourceMetrics,
    private readonly logger: JsonLogger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Stops after the round in flight (if any) finishes. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      try {
        await this.round();
        this.metrics.polls.inc({ source: this.source, outcome: 'ok' });
        this.metrics.lastSuccess.set({ source: this.source }, Date.now() / 1000);
      } catch (error) {
        if (!this.running) {
          this.logger.log({ msg: 'governance poll round ended by shutdown; the next start resumes from the saved cursor', source: this.source });
          break;
        }
        this.metrics.polls.inc({ source: this.source, outcome: 'failed' });
        this.logger.error({ msg: 'governance poll failed; the next poll retries from the saved cursor', source: this.source, error: error instanceof Error ? error.message : String(error), error_name: error instanceof Error ? error.name : 'unknown' });
      }
      const wait = Math.max(0, this.intervalMs - (Date.now() - started));
      if (this.running) await new Promise<void>((resolve) => { const timer = setTimeout(resolve, wait); this.wake = () => { clearTimeout(timer); resolve(); }; });
    }
  }
}

/**
 * Runs `work` for every item, one after another; an item that fails does not stop the others, and
 * the failures are thrown together at the end (so the round counts as failed and is logged once).
 *
 * @example await eachIsolated(spaces, (space) => space, (space) => this.pollSpace(space));
 */
export async function eachIsolated<T>(items: T[], label: (item: T) => string, work: (item: T) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  for (const item of items) {
    try {
      await work(item);
    } catch (error) {
      failures.push(`${label(item)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(failures.join(' | '));
}

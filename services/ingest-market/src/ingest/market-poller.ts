import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MarketMetrics } from '../market-metrics';
import { MARKET_SOURCES, type MarketSource } from '../sources/market-source';
import { MarketStateRepository } from '../store/market-state.repository';
import { TickPublisher } from './tick-publisher';

const PROGRESS_EVERY_MS = 5_000;
/**
 * Longest a shutdown waits for a round in flight (one may be waiting out a long Retry-After).
 * Stopping mid-round loses nothing: cursors move only after the broker acknowledged.
 */
const SHUTDOWN_WAIT_MS = 10_000;

/**
 * Runs every enabled source on its own interval: first the history of whatever it watches for the
 * first time (the backfill ledger in Postgres says what it has seen), then a poll of everything.
 * A round that fails is logged and counted; the next round runs as scheduled.
 */
@Injectable()
export class MarketPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MarketPoller.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly rounds = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @Inject(MARKET_SOURCES) private readonly sources: MarketSource[],
    private readonly publisher: TickPublisher,
    private readonly state: MarketStateRepository,
    private readonly metrics: MarketMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.log({ msg: 'market sources enabled', sources: this.sources.map((source) => source.name) });
    this.sources.forEach((source) => this.schedule(source, 0));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
    await Promise.race([Promise.allSettled([...this.rounds]), patience]);
    clearTimeout(timer);
  }

  private schedule(source: MarketSource, delayMs: number): void {
    if (this.stopping) return;
    this.timers.set(
      source.name,
      setTimeout(() => {
        const round = this.runRound(source)
          .catch((error: unknown) => {
            this.metrics.pollErrors.inc({ source: source.name });
            this.logger.warn({ msg: 'market poll round failed; next round as scheduled', source: source.name, error: error instanceof Error ? error.message : String(error) });
          })
          .finally(() => {
            this.rounds.delete(round);
            this.schedule(source, source.pollIntervalMs);
          });
        this.rounds.add(round);
      }, delayMs),
    );
  }

  /** One round: backfill what is new, then poll. */
  async runRound(source: MarketSource): Promise<void> {
    const ready = await this.backfillNew(source);
    let ticks = 0;
    for await (const batch of source.poll(ready)) {
      if (this.stopping) return;
      ticks += (await this.publisher.publish(source.name, batch)).ticks;
    }
    this.metrics.lastPoll.set({ source: source.name }, Date.now() / 1000);
    this.logger.debug({ msg: 'market poll round done', source: source.name, ticks });
  }

  /** Backfills the watched subjects never backfilled; resolves with those ready to poll. */
  private async backfillNew(source: MarketSource): Promise<Set<string>> {
    const seen = await this.state.backfilled(source.name);
    const watched = await source.watched();
    const ready = new Set(watched.filter((key) => seen.has(key)));
    const pending = watched.filter((key) => !seen.has(key));
    this.metrics.backfillPending.set({ source: source.name }, pending.length);
    for (const [index, key] of pending.entries()) {
      if (this.stopping) break;
      const started = Date.now();
      let lastReport = started;
      let ticks = 0;
      let batches = 0;
      this.logger.log({ msg: 'backfill started', source: source.name, subject: key, subject_index: index + 1, subjects: pending.length });
      try {
        for await (const batch of source.backfill(key)) {
          if (this.stopping) return ready;
          ticks += (await this.publisher.publish(source.name, batch)).ticks;
          batches++;
          if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
            lastReport = Date.now();
            this.logger.log({ msg: 'backfill progress', source: source.name, subject: key, batches, ticks, seconds: Math.round((lastReport - started) / 1000) });
          }
        }
      } catch (error) {
        this.metrics.backfills.inc({ source: source.name, outcome: 'failed' });
        this.logger.warn({ msg: 'backfill failed; retried next round', source: source.name, subject: key, error: error instanceof Error ? error.message : String(error) });
        continue;
      }
      await this.state.markBackfilled(source.name, key, ticks);
      ready.add(key);
      this.metrics.backfills.inc({ source: source.name, outcome: 'done' });
      this.metrics.backfillPending.set({ source: source.name }, pending.length - index - 1);
      this.logger.log({ msg: 'backfill done', source: source.name, subject: key, ticks, batches, seconds: Math.round((Date.now() - started) / 1000), subjects_left: pending.length - index - 1 });
    }
    return ready;
  }
}

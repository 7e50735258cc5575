import { JsonLogger } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ForecastMetrics } from './forecast-metrics';
import { FORECAST_SETTINGS, type ForecastSettings } from './forecast-settings';
import { ForecastService } from './forecast.service';
import { SeriesRepository } from './series/series.repository';

/**
 * Bounds how often a series is refitted: a request waits `debounceMs` (ticks of a burst join it)
 * and at least `minIntervalMs` after the series' previous fit; requests for a series already
 * waiting are absorbed (the fit reads everything stored by then). Fits run in `fitThreads` lanes —
 * a series always in the same lane (by a hash of its key), so its fits never overlap and publish in
 * order; each lane's fit runs in a worker thread (FitPool), so there are no more fits at once than threads. A failed fit is retried
 * after `minIntervalMs`; the data stays marked unfitted in Postgres, so a restart picks it up too.
 * Hand-written: rate limiters such as bottleneck queue every request (a 300-tick burst would still
 * be 300 fits), and a plain debounce never fires under a steady stream; this needs both, per key.
 */
@Injectable()
export class RefitScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastRun = new Map<string, number>();
  private readonly lanes: Promise<void>[];
  private stopped = false;

  constructor(
    private readonly forecasts: ForecastService,
    private readonly series: SeriesRepository,
    private readonly metrics: ForecastMetrics,
    private readonly logger: JsonLogger,
    @Inject(FORECAST_SETTINGS) private readonly settings: ForecastSettings,
  ) {
    this.lanes = Array.from({ length: settings.fitThreads }, () => Promise.resolve());
  }

  /** Series whose data arrived but was never fitted (the service stopped first) are fitted now. */
  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.series.unfitted();
    if (pending.length > 0) this.logger.log({ msg: 'refitting series left unfitted', series: pending.length });
    pending.forEach((series) => this.request(series.key));
  }

  /** Stops before the platform closes the publisher, letting a fit in progress publish first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    await Promise.all(this.lanes);
  }

  /** Asks for a refit of a series; returns at once. */
  request(key: string, delayMs = this.settings.debounceMs): void {
    if (this.stopped || this.timers.has(key)) return;
    const now = Date.now();
    const due = Math.max(now + delayMs, (this.lastRun.get(key) ?? 0) + this.settings.minIntervalMs);
    // The request stays waiting (absorbing others) until its fit starts, not only until the timer
    // fires: behind a slow fit in the lane, a fired timer must not let each new request queue
    // another fit, which would then run back to back, closer than minIntervalMs.
    const timer = setTimeout(() => {
      const lane = laneOf(key, this.lanes.length);
      this.lanes[lane] = this.lanes[lane].then(() => {
        this.timers.delete(key);
        return this.run(key);
      });
    }, due - now);
    this.timers.set(key, timer);
  }

  private async run(key: string): Promise<void> {
    if (this.stopped) return;
    this.lastRun.set(key, Date.now());
    try {
      await this.forecasts.refit(key);
    } catch (error) {
      this.metrics.refitFailures.inc();
      this.logger.error({ msg: 'refit failed; retrying later', series_key: key, error: error instanceof Error ? error.message : String(error) });
      this.request(key, this.settings.minIntervalMs);
    }
  }
}

/** A stable lane for a series key (FNV-1a over its UTF-16 code units). */
function laneOf(key: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash % lanes;
}

import { JsonLogger } from '@pum/platform';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ForecastMetrics } from '../forecast-metrics';
import { FORECAST_SETTINGS, type ForecastSettings } from '../forecast-settings';
import { UpgradeWindowsRepository } from '../upgrades/upgrade-windows.repository';
import { kindOf } from './series-identity';
import { SeriesRepository } from './series.repository';

/** Past windows are kept this long after they end (a late lifecycle or execution message still finds them). */
const WINDOW_GRACE_MS = 30 * 86_400_000;

/** What one housekeeping round deleted. */
export interface PruneReport {
  series: number;
  points: number;
  windows: number;
}

/**
 * Keeps the stored series bounded: a price series fed every minute would otherwise grow by half a
 * million rows a year while fits only ever read the last observation of each of the newest
 * FORECAST_MAX_OBSERVATIONS bars. Every `pruneIntervalMs` (and once at start-up) each series keeps
 * the last point of each bar and of the newest `retainBars` bars only (SeriesRepository.prune), and
 * upgrade windows that ended more than 30 days ago are dropped. Forecasts are unchanged by a round.
 */
@Injectable()
export class SeriesRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly series: SeriesRepository,
    private readonly windows: UpgradeWindowsRepository,
    private readonly metrics: ForecastMetrics,
    private readonly logger: JsonLogger,
    @Inject(FORECAST_SETTINGS) private readonly settings: ForecastSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.pruneIntervalMs === 0) return;
    const round = () => {
      this.running = this.prune().catch((error: unknown) =>
        this.logger.error({ msg: 'series housekeeping failed; next round retries', error: error instanceof Error ? error.message : String(error) }),
      );
    };
    round();
    this.timer = setInterval(round, this.settings.pruneIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One housekeeping round over every series. */
  async prune(now = new Date()): Promise<PruneReport> {
    const started = Date.now();
    const all = await this.series.all();
    let points = 0;
    for (const series of all) {
      const barSeconds = kindOf(series) === 'price' ? this.settings.priceBarSeconds : this.settings.tvlBarSeconds;
      points += await this.series.prune(series.key, barSeconds, this.settings.retainBars);
    }
    const windows = await this.windows.pruneBefore(new Date(now.getTime() - this.settings.windowAfterMs - WINDOW_GRACE_MS));
    this.metrics.pruned.inc({ what: 'points' }, points);
    this.metrics.pruned.inc({ what: 'windows' }, windows);
    if (points > 0 || windows > 0) this.logger.log({ msg: 'series housekeeping', series: all.length, points_deleted: points, windows_deleted: windows, ms: Date.now() - started });
    return { series: all.length, points, windows };
  }
}

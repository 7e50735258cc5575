import { JsonLogger } from '@pum/platform';
import type { ForecastMetrics } from './forecast-metrics';
import type { ForecastSettings } from './forecast-settings';
import type { ForecastService } from './forecast.service';
import { RefitScheduler } from './refit-scheduler';
import type { SeriesRepository } from './series/series.repository';

const DEBOUNCE_MS = 300;
const MIN_INTERVAL_MS = 1_000;
const T0 = Date.parse('2025-01-01T00:00:00.000Z');

describe('RefitScheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  /** A scheduler over a fake fit that takes `fitMs` of (fake) time; records when each fit started (ms after T0). */
  function scheduler(fitMs: number) {
    const starts: number[] = [];
    const forecasts = {
      refit: async () => {
        starts.push(Date.now() - T0);
        await new Promise((resolve) => setTimeout(resolve, fitMs));
      },
    };
    const settings = { debounceMs: DEBOUNCE_MS, minIntervalMs: MIN_INTERVAL_MS, fitThreads: 1 } as ForecastSettings;
    const metrics = { refitFailures: { inc: () => undefined } } as unknown as ForecastMetrics;
    const sut = new RefitScheduler(forecasts as unknown as ForecastService, {} as SeriesRepository, metrics, new JsonLogger('forecast', 'silent'), settings);
    return { sut, starts };
  }

  /** Requests a refit of `key` every `everyMs` for `forMs`. */
  async function stream(sut: RefitScheduler, key: string, everyMs: number, forMs: number): Promise<void> {
    for (let t = 0; t < forMs; t += everyMs) {
      sut.request(key);
      await jest.advanceTimersByTimeAsync(everyMs);
    }
  }

  it('joins the ticks of a burst into one fit after the debounce', async () => {
    const { sut, starts } = scheduler(50);

    await stream(sut, 'k', 10, 200);
    await jest.advanceTimersByTimeAsync(10_000);

    expect(starts).toEqual([DEBOUNCE_MS]);
  });

  it('starts the fits of a series at least minIntervalMs apart under a steady stream', async () => {
    const { sut, starts } = scheduler(50);

    await stream(sut, 'k', 100, 5_000);
    await jest.advanceTimersByTimeAsync(10_000);

    expect(starts.length).toBeGreaterThan(3);
    starts.slice(1).forEach((start, i) => expect(start - starts[i]).toBeGreaterThanOrEqual(MIN_INTERVAL_MS));
  });

  it('runs one more fit, not one per request, for what arrived during a fit slower than minIntervalMs', async () => {
    const { sut, starts } = scheduler(3_000);

    await stream(sut, 'k', 100, 3_000);
    await jest.advanceTimersByTimeAsync(20_000);

    expect(starts).toEqual([DEBOUNCE_MS, DEBOUNCE_MS + 3_000]);
  });
});

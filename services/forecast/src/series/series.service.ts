import type { MessageOf } from '@pum/contracts';
import { Injectable } from '@nestjs/common';
import { ForecastMetrics } from '../forecast-metrics';
import { RefitScheduler } from '../refit-scheduler';
import { seriesOf } from './series-identity';
import { SeriesRepository } from './series.repository';

/** Keeps the price and TVL series the forecasts need, and asks for a refit when one changes. */
@Injectable()
export class SeriesService {
  constructor(
    private readonly repository: SeriesRepository,
    private readonly scheduler: RefitScheduler,
    private readonly metrics: ForecastMetrics,
  ) {}

  async record(message: MessageOf<'market.ticks.v1'>): Promise<void> {
    const tick = message.payload;
    const series = seriesOf(tick);
    if (series === null) {
      this.metrics.ticks.inc({ outcome: 'ignored' });
      return;
    }
    const changed = await this.repository.record(series, { tickId: tick.tickId, observedAt: tick.timestamp, value: tick.value, messageId: message.id });
    this.metrics.ticks.inc({ outcome: changed ? 'stored' : 'duplicate' });
    if (changed) this.scheduler.request(series.key);
  }
}

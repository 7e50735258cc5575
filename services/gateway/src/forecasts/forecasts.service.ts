import { TOPICS, type MessageOf } from '@pum/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import type { ForecastEntity, ForecastKind } from './forecast.entity';
import { forecastView, type ForecastView } from './forecast.views';
import { ForecastsRepository, type ForecastFilter } from './forecasts.repository';

type ForecastTopic = typeof TOPICS.forecastVolatility | typeof TOPICS.forecastLiquidity;

const KIND_OF: Record<ForecastTopic, ForecastKind> = {
  [TOPICS.forecastVolatility]: 'volatility',
  [TOPICS.forecastLiquidity]: 'liquidity',
};

/** Keeps the forecasts read model and pushes each new forecast to the `forecasts` channel. */
@Injectable()
export class ForecastsService {
  constructor(
    private readonly repository: ForecastsRepository,
    private readonly realtime: RealtimeGateway,
  ) {}

  async apply<T extends ForecastTopic>(topic: T, message: MessageOf<T>): Promise<void> {
    const forecast = message.payload;
    const row: ForecastEntity = {
      forecastId: forecast.forecastId,
      kind: KIND_OF[topic],
      scope: forecast.kind,
      seriesKey: forecast.series.key,
      subjectType: forecast.series.subject.type,
      subjectId: forecast.series.subject.id,
      protocolId: forecast.series.protocolId,
      upgradeId: forecast.upgrade?.upgradeId ?? null,
      upgradeStage: forecast.upgrade?.stage ?? null,
      inputTo: new Date(forecast.input.to),
      payload: forecast,
      producedAt: new Date(message.producedAt),
      messageId: message.id,
    };
    if (await this.repository.apply(row)) this.realtime.push(topic, message);
  }

  async list(filter: Omit<ForecastFilter, 'before' | 'limit'>, limit: number, cursor?: string): Promise<Page<ForecastView>> {
    const rows = await this.repository.findLatest({ ...filter, limit: limit + 1, before: cursor ? decodeCursor(cursor) : undefined });
    return toPage(rows, limit, (row) => ({ at: row.inputTo, key: row.forecastId }), forecastView);
  }

  async get(forecastId: string): Promise<ForecastView> {
    const row = await this.repository.find(forecastId);
    if (!row) throw new NotFoundException(`no forecast with id ${forecastId}`);
    return forecastView(row);
  }

  /** Latest event-window forecasts around an upgrade, known by any of its ids (lifecycle id, execution event id). */
  async ofUpgrade(upgradeIds: string[]): Promise<ForecastView[]> {
    return (await this.repository.findLatestOfUpgrades(upgradeIds)).map(forecastView);
  }
}

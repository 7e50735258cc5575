import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { PagePosition } from '../http/page-cursor';
import { ForecastEntity, LatestForecastEntity, type ForecastKind } from './forecast.entity';

export interface ForecastFilter {
  kind?: ForecastKind;
  protocolId?: string;
  subjectType?: string;
  subject?: string;
  /** Exclusive upper bound of the (inputTo, forecastId) ordering: the page cursor. */
  before?: PagePosition;
  limit: number;
}

/** SQL of the forecasts read model. */
@Injectable()
export class ForecastsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ForecastEntity) private readonly forecasts: Repository<ForecastEntity>,
  ) {}

  /**
   * Stores a forecast and makes it its series' latest unless one that saw later data (or the same
   * data, produced later) is there. Returns false for a forecast already stored (a replay).
   */
  async apply(row: ForecastEntity): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const stored = await manager
        .createQueryBuilder()
        .insert()
        .into(ForecastEntity)
        .values(row as QueryDeepPartialEntity<ForecastEntity>)
        .orIgnore()
        .returning(['forecastId'])
        .execute();
      if (stored.raw.length === 0) return false;
      await manager
        .createQueryBuilder()
        .insert()
        .into(LatestForecastEntity)
        .values({ series: latestKey(row), forecastId: row.forecastId, inputTo: row.inputTo, producedAt: row.producedAt })
        .orUpdate(['forecast_id', 'input_to', 'produced_at'], ['series'], {
          overwriteCondition: { where: '(latest_forecasts.input_to, latest_forecasts.produced_at) <= (EXCLUDED.input_to, EXCLUDED.produced_at)' },
        })
        .execute();
      return true;
    });
  }

  async find(forecastId: string): Promise<ForecastEntity | null> {
    return this.forecasts.findOneBy({ forecastId });
  }

  /** The latest forecast of each series (not of upgrade windows), newest data first. */
  async findLatest(filter: ForecastFilter): Promise<ForecastEntity[]> {
    const query = this.latest()
      .where('f.scope = :scope', { scope: 'series' })
      .orderBy('f.inputTo', 'DESC')
      .addOrderBy('f.forecastId', 'DESC')
      .limit(filter.limit);
    if (filter.kind !== undefined) query.andWhere('f.kind = :kind', { kind: filter.kind });
    if (filter.protocolId !== undefined) query.andWhere('f.protocol_id = :protocolId', { protocolId: filter.protocolId });
    if (filter.subjectType !== undefined) query.andWhere('f.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter.subject !== undefined) query.andWhere('f.subject_id = :subject', { subject: filter.subject });
    if (filter.before) query.andWhere('(f.input_to, f.forecast_id) < (:beforeAt, :beforeKey)', { beforeAt: filter.before.at, beforeKey: filter.before.key });
    return query.getMany();
  }

  /** The latest event-window forecast of each series and stage around any of the given upgrade ids. */
  async findLatestOfUpgrades(upgradeIds: string[]): Promise<ForecastEntity[]> {
    return this.latest()
      .where('f.upgrade_id IN (:...upgradeIds)', { upgradeIds })
      .orderBy('f.kind')
      .addOrderBy('f.seriesKey')
      .addOrderBy('f.inputTo', 'DESC')
      .getMany();
  }

  private latest() {
    return this.forecasts.createQueryBuilder('f').innerJoin(LatestForecastEntity, 'l', 'l.forecast_id = f.forecast_id');
  }
}

/** Which forecasts replace one another: same kind, scope, series and (for event windows) upgrade stage. */
function latestKey(row: ForecastEntity): string {
  const window = row.upgradeId === null ? '' : `:${row.upgradeId}:${row.upgradeStage ?? ''}`;
  return `${row.kind}:${row.scope}:${row.seriesKey}${window}`;
}

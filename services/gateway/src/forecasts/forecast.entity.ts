import type { ForecastLiquidity, ForecastVolatility, MarketSubject, UpgradeReference } from '@pum/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ForecastKind = 'volatility' | 'liquidity';

/** One published forecast (immutable: its id is a digest of its data and settings); payload as published. */
@Entity({ name: 'forecasts' })
export class ForecastEntity {
  @PrimaryColumn({ name: 'forecast_id', type: 'text' })
  forecastId!: string;

  @Column({ type: 'text' })
  kind!: ForecastKind;

  /** The payload's own `kind`: `series`, or `event_window` around an upgrade. */
  @Column({ type: 'text' })
  scope!: string;

  @Column({ name: 'series_key', type: 'text' })
  seriesKey!: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: MarketSubject['type'];

  @Column({ name: 'subject_id', type: 'text' })
  subjectId!: string;

  @Column({ name: 'protocol_id', type: 'text', nullable: true })
  protocolId!: string | null;

  @Column({ name: 'upgrade_id', type: 'text', nullable: true })
  upgradeId!: string | null;

  @Column({ name: 'upgrade_stage', type: 'text', nullable: true })
  upgradeStage!: UpgradeReference['stage'] | null;

  /** End of the data the forecast saw: what makes one forecast of a series newer than another. */
  @Column({ name: 'input_to', type: 'timestamptz' })
  inputTo!: Date;

  @Column({ type: 'jsonb' })
  payload!: ForecastVolatility | ForecastLiquidity;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;

  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;
}

/** The newest forecast of each series (and of each upgrade window of a series). */
@Entity({ name: 'latest_forecasts' })
export class LatestForecastEntity {
  /** `kind:scope:seriesKey[:upgradeId:stage]`. */
  @PrimaryColumn({ type: 'text' })
  series!: string;

  @Column({ name: 'forecast_id', type: 'text' })
  forecastId!: string;

  @Column({ name: 'input_to', type: 'timestamptz' })
  inputTo!: Date;

  @Column({ name: 'produced_at', type: 'timestamptz' })
  producedAt!: Date;
}

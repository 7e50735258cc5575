import type { ForecastEntity } from './forecast.entity';

/** REST shape of a forecast: what it is about, and the payload as published (see openapi.yaml `Forecast`). */
export function forecastView(row: ForecastEntity) {
  return {
    forecastId: row.forecastId,
    kind: row.kind,
    scope: row.scope,
    seriesKey: row.seriesKey,
    protocolId: row.protocolId,
    upgradeId: row.upgradeId,
    inputTo: row.inputTo.toISOString(),
    producedAt: row.producedAt.toISOString(),
    forecast: row.payload,
  };
}

export type ForecastView = ReturnType<typeof forecastView>;

import type { GatewaySchema } from '@pum/client';
import type { ForecastLiquidity, ForecastVolatility } from '@pum/contracts';
import { unixSeconds } from './format';

/**
 * What the views draw, computed from the API's answers: pure functions, specified in view-data.spec.ts.
 */

/** A line of a time-series chart: unix seconds, ascending. `band`: a dashed bound (confidence interval); `area`: filled. */
export interface ChartSeries {
  name: string;
  color: string;
  style?: 'line' | 'band' | 'area';
  points: { time: number; value: number }[];
}

type Lifecycle = GatewaySchema<'Lifecycle'>;
type Upgrade = GatewaySchema<'Upgrade'>;
type Metrics = GatewaySchema<'ProtocolMetrics'>;
const COLORS = ['#60a5fa', '#f472b6', '#34d399', '#fbbf24', '#a78bfa', '#f87171'];

/** Points sorted by time with duplicates dropped (lightweight-charts wants strictly ascending times). */
export function ascending(points: { time: number; value: number }[]): { time: number; value: number }[] {
  const sorted = [...points].filter((p) => Number.isFinite(p.time) && Number.isFinite(p.value)).sort((a, b) => a.time - b.time);
  return sorted.filter((point, index) => index === 0 || point.time !== sorted[index - 1]!.time);
}

/** One row of the feed: a lifecycle (governed upgrade, with its stages) or an upgrade event no lifecycle explains. */
export type FeedRow = { type: 'lifecycle'; at: string; lifecycle: Lifecycle } | { type: 'event'; at: string; upgrade: Upgrade };

/** Lifecycles and upgrade events, newest first; an executed lifecycle stands for its execution event. */
export function feedRows(lifecycles: Lifecycle[], upgrades: Upgrade[]): FeedRow[] {
  const executions = new Set(lifecycles.map((l) => l.executionEventId).filter((id): id is string => id !== null));
  const rows: FeedRow[] = [
    ...lifecycles.map((lifecycle) => ({ type: 'lifecycle' as const, at: lifecycle.stageAt, lifecycle })),
    ...upgrades.filter((u) => !executions.has(u.id)).map((upgrade) => ({ type: 'event' as const, at: upgrade.occurredAt, upgrade })),
  ];
  return rows.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** `eventId@blockHash` evidence → the event's REST path; a Governor state read has none. */
export function evidenceLink(evidence: string): string | null {
  const eventId = evidence.split('@')[0] ?? '';
  return /^\d+:0x[0-9a-fA-F]+:\d+$/.test(eventId) ? `/api/v1/events/${encodeURIComponent(eventId)}` : null;
}

/** The versions of an assessment as a score line (oldest first). */
export function versionLine(versions: { version: number; score: number; assessedAt?: string | null }[]): ChartSeries {
  const points = versions
    .filter((v) => v.assessedAt)
    .map((v) => ({ time: unixSeconds(v.assessedAt!), value: v.score, version: v.version }))
    .sort((a, b) => a.time - b.time || a.version - b.version)
    // Two versions in the same second still get a point each.
    .reduce<{ time: number; value: number }[]>((line, p) => [...line, { time: line.length > 0 && p.time <= line.at(-1)!.time ? line.at(-1)!.time + 1 : p.time, value: p.value }], []);
  return { name: 'score', color: '#60a5fa', points };
}

/** Volatility forecast steps as a line with its confidence band (the interval of the log return). */
export function volatilitySeries(forecast: ForecastVolatility): ChartSeries[] {
  const at = (iso: string) => unixSeconds(iso);
  return [
    { name: 'volatility', color: '#f472b6', points: forecast.forecasts.map((p) => ({ time: at(p.at), value: p.volatility })) },
    { name: `upper ${Math.round(forecast.level * 100)} %`, color: '#a78bfa', style: 'band', points: forecast.forecasts.map((p) => ({ time: at(p.at), value: p.upper })) },
    { name: `lower ${Math.round(forecast.level * 100)} %`, color: '#a78bfa', style: 'band', points: forecast.forecasts.map((p) => ({ time: at(p.at), value: p.lower })) },
  ];
}

export function liquiditySeries(forecast: ForecastLiquidity): ChartSeries[] {
  const at = (iso: string) => unixSeconds(iso);
  return [
    { name: 'TVL forecast', color: '#34d399', points: forecast.forecasts.map((p) => ({ time: at(p.at), value: p.mean })) },
    { name: 'upper', color: '#6ee7b7', style: 'band', points: forecast.forecasts.map((p) => ({ time: at(p.at), value: p.upper })) },
    { name: 'lower', color: '#6ee7b7', style: 'band', points: forecast.forecasts.map((p) => ({ time: at(p.at), value: p.lower })) },
  ];
}

/** One chart per metric, a line per series (source, pool, chain). */
export function metricCharts(metrics: Metrics): { metric: string; series: ChartSeries[] }[] {
  return (['price', 'tvl', 'volume'] as const).map((metric) => ({
    metric,
    series: metrics.series
      .filter((s) => s.metric === metric)
      .map((s, i) => ({ name: `${s.subject.id ?? s.seriesId} (${s.source})`, color: COLORS[i % COLORS.length]!, style: metric === 'tvl' ? ('area' as const) : ('line' as const), points: s.points.map((p) => ({ time: unixSeconds(p.t), value: p.value })) })),
  }));
}


/**
 * The stored history of the series a liquidity forecast was fitted to, from the protocol's metrics (same subject,
 * source and chain), as the line the forecast continues.
 */
export function tvlHistory(metrics: Metrics, forecast: ForecastLiquidity): ChartSeries | null {
  const series = metrics.series.find(
    (s) => s.metric === forecast.series.metric && s.subject.id === forecast.series.subject.id && s.source === forecast.series.source && (forecast.series.chainId === null || s.chainId === forecast.series.chainId),
  );
  return series ? { name: 'TVL', color: '#34d399', style: 'area', points: series.points.map((p) => ({ time: unixSeconds(p.t), value: p.value })) } : null;
}

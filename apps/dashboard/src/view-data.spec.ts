import type { GatewaySchema } from '@pum/client';
import type { ForecastLiquidity, ForecastVolatility } from '@pum/contracts';
import { ascending, evidenceLink, feedRows, metricCharts, tvlHistory, versionLine, volatilitySeries } from './view-data';

const lifecycle = (upgradeId: string, stageAt: string, executionEventId: string | null = null) => ({ upgradeId, stageAt, executionEventId }) as GatewaySchema<'Lifecycle'>;
const upgrade = (id: string, occurredAt: string) => ({ id, occurredAt }) as GatewaySchema<'Upgrade'>;

describe('feedRows', () => {
  it('lists lifecycles and upgrade events newest first, an executed lifecycle standing for its execution event', () => {
    const sut = feedRows(
      [lifecycle('L1', '2026-12-01T00:00:00Z', '31337:0xaa:0'), lifecycle('L2', '2026-12-03T00:00:00Z')],
      [upgrade('31337:0xaa:0', '2026-12-02T00:00:00Z'), upgrade('31337:0xbb:1', '2026-12-02T12:00:00Z')],
    );
    expect(sut.map((row) => (row.type === 'lifecycle' ? row.lifecycle.upgradeId : row.upgrade.id))).toEqual(['L2', '31337:0xbb:1', 'L1']);
  });
});

describe('evidenceLink', () => {
  it('links an event evidence to the event and leaves a Governor state read unlinked', () => {
    expect(evidenceLink('31337:0xabc:3@0xdef')).toBe('/api/v1/events/31337%3A0xabc%3A3');
    expect(evidenceLink('governor:state-read:4')).toBeNull();
  });
});

describe('chart data', () => {
  it('sorts points and drops repeated times, as lightweight-charts requires', () => {
    expect(ascending([{ time: 3, value: 1 }, { time: 1, value: 2 }, { time: 3, value: 5 }, { time: Number.NaN, value: 1 }])).toEqual([{ time: 1, value: 2 }, { time: 3, value: 1 }]);
  });

  it('draws assessment versions oldest first, two in the same second a second apart', () => {
    const sut = versionLine([
      { version: 2, score: 48, assessedAt: '2026-12-01T00:00:00.500Z' },
      { version: 1, score: 62, assessedAt: '2026-12-01T00:00:00.000Z' },
      { version: 3, score: 50, assessedAt: null },
    ]);
    const start = Date.parse('2026-12-01T00:00:00Z') / 1000;
    expect(sut.points).toEqual([{ time: start, value: 62 }, { time: start + 1, value: 48 }]);
  });

  it('draws a volatility forecast as its steps with the band of its level', () => {
    const forecast = { level: 0.9, forecasts: [{ step: 1, at: '2026-12-02T00:00:00Z', variance: 0.0004, volatility: 0.02, lower: -0.033, upper: 0.033 }] } as ForecastVolatility;
    const at = Date.parse('2026-12-02T00:00:00Z') / 1000;
    expect(volatilitySeries(forecast).map((s) => [s.name, s.style ?? 'line', s.points])).toEqual([
      ['volatility', 'line', [{ time: at, value: 0.02 }]],
      ['upper 90 %', 'band', [{ time: at, value: 0.033 }]],
      ['lower 90 %', 'band', [{ time: at, value: -0.033 }]],
    ]);
  });

  it('groups protocol metrics into a chart per metric, a line per series', () => {
    const point = { t: '2026-12-01T00:00:00Z', value: 10, ticks: 1 };
    const series = (seriesId: string, metric: 'price' | 'tvl' | 'volume') => ({ seriesId, metric, subject: { type: 'pool', id: seriesId }, source: 'uniswap-v2', chainId: 31337, aggregation: 'last' as const, points: [point] });
    const sut = metricCharts({ protocolId: 'p', from: '', to: '', interval: '1h', intervalSeconds: 3600, series: [series('a', 'price'), series('b', 'price'), series('c', 'tvl')] });
    expect(sut.map((chart) => [chart.metric, chart.series.map((s) => s.name)])).toEqual([
      ['price', ['a (uniswap-v2)', 'b (uniswap-v2)']],
      ['tvl', ['c (uniswap-v2)']],
      ['volume', []],
    ]);
  });

  it('finds the stored TVL history a liquidity forecast continues: same subject, source and chain', () => {
    const point = { t: '2026-12-01T00:00:00Z', value: 1_000_000, ticks: 1 };
    const tvl = (id: string, source: string) => ({ seriesId: `${source}:protocol:${id}:tvl`, metric: 'tvl' as const, subject: { type: 'protocol', id }, source, chainId: null, aggregation: 'last' as const, points: [point] });
    const metrics = { protocolId: 'p', from: '', to: '', interval: '1d', intervalSeconds: 86_400, series: [tvl('other', 'defillama'), tvl('p', 'defillama')] };
    const forecast = { series: { key: 'protocol:p:tvl:defillama:all', subject: { type: 'protocol', id: 'p' }, metric: 'tvl', source: 'defillama', protocolId: 'p', chainId: null } } as ForecastLiquidity;
    expect(tvlHistory(metrics, forecast)).toEqual({ name: 'TVL', color: '#34d399', style: 'area', points: [{ time: Date.parse(point.t) / 1000, value: 1_000_000 }] });
    expect(tvlHistory({ ...metrics, series: [tvl('other', 'defillama')] }, forecast)).toBeNull();
  });
});

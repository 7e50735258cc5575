import { AreaSeries, ColorType, createChart, createSeriesMarkers, LineSeries, LineStyle, type IChartApi, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';
import { ascending, type ChartSeries } from '../view-data';

export type { ChartSeries };

export interface ChartMarker {
  time: number;
  text: string;
}

/**
 * A time-series chart (TradingView lightweight-charts). The series it draws are on `data-series` as JSON, so tests
 * (and curious users) can check what it shows was the data the API gave, not only that a canvas exists.
 */
export function TimeChart(props: { series: ChartSeries[]; markers?: ChartMarker[]; testId?: string; height?: number; valueFormat?: (value: number) => string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);

  useEffect(() => {
    if (!container.current) return;
    const styles = getComputedStyle(document.documentElement);
    chart.current = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: styles.getPropertyValue('--muted').trim() || '#999', attributionLogo: false },
      grid: { vertLines: { color: 'rgba(128,128,128,0.12)' }, horzLines: { color: 'rgba(128,128,128,0.12)' } },
      timeScale: { timeVisible: true, secondsVisible: false },
      rightPriceScale: { borderVisible: false },
      ...(props.valueFormat ? { localization: { priceFormatter: props.valueFormat } } : {}),
    });
    return () => {
      chart.current?.remove();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const api = chart.current;
    if (!api) return;
    const added = props.series.map((series) => {
      const data = ascending(series.points).map((p) => ({ time: p.time as UTCTimestamp, value: p.value }));
      const drawn =
        series.style === 'area'
          ? api.addSeries(AreaSeries, { lineColor: series.color, topColor: `${series.color}55`, bottomColor: `${series.color}05`, lineWidth: 2, title: series.name })
          : api.addSeries(LineSeries, { color: series.color, lineWidth: series.style === 'band' ? 1 : 2, lineStyle: series.style === 'band' ? LineStyle.Dashed : LineStyle.Solid, title: series.name, lastValueVisible: series.style !== 'band' });
      drawn.setData(data);
      return drawn;
    });
    const first = added[0];
    if (first && props.markers?.length) {
      createSeriesMarkers(
        first,
        [...props.markers].sort((a, b) => a.time - b.time).map((marker) => ({ time: marker.time as UTCTimestamp, position: 'aboveBar' as const, shape: 'arrowDown' as const, color: '#f59e0b', text: marker.text })),
      );
    }
    api.timeScale().fitContent();
    // autoSize may resize the chart after the first layout: fit again once it has its width.
    const frame = window.requestAnimationFrame(() => api.timeScale().fitContent());
    return () => {
      window.cancelAnimationFrame(frame);
      for (const series of added) api.removeSeries(series);
    };
  }, [JSON.stringify(props.series), JSON.stringify(props.markers ?? [])]);

  return (
    <div
      class="chart"
      ref={container}
      style={{ height: `${props.height ?? 240}px` }}
      data-testid={props.testId}
      data-series={JSON.stringify(props.series.map((s) => ({ name: s.name, points: ascending(s.points) })))}
      data-markers={JSON.stringify(props.markers ?? [])}
    />
  );
}

// One metric drawn by uPlot: story time on the axis, the value under the pointer, a
// crosshair shared with every chart of the same group, warning thresholds dashed, and
// breaks where there is no data. Loaded on demand (the lobby never needs it).
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { compact, valueDomain } from '../lib/chart.ts';
import { sampleStep, seriesData, timeLabel, valueLabels, type Sample } from '../lib/series.ts';

export interface TimeSeriesPlotProps {
  points: readonly Sample[];
  /** The end of the time axis, in virtual seconds (shared by the group). */
  end: number;
  label: string;
  unit: string;
  warn: boolean;
  warnAbove: number | null;
  warnBelow: number | null;
  startsAt: string | null;
  offset: number;
  /** Charts with the same key share one crosshair. */
  syncKey: string;
}

const HEIGHT = 84;
const AXIS = '#9aa6b6';
const GRID = '#1f2833';
const FONT = '10px system-ui, sans-serif';

export default function TimeSeriesPlot(props: TimeSeriesPlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const readout = useRef<HTMLDivElement>(null);
  // The formatters read the latest props without rebuilding the chart.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const p = () => latest.current;
    const stroke = () => (p().warn ? '#ef5b52' : '#58a6ff');
    const chart = new uPlot(
      {
        width: Math.max(120, el.clientWidth),
        height: HEIGHT,
        cursor: {
          sync: { key: props.syncKey },
          drag: { x: false, y: false },
          points: { size: 6 },
        },
        legend: { show: false },
        scales: {
          x: { time: false, range: () => [0, p().end] },
          y: {
            range: (_u, min, max) => {
              const d = valueDomain(
                [min, max].filter((v) => Number.isFinite(v)),
                [p().warnAbove, p().warnBelow],
              );
              return [d.min, d.max];
            },
          },
        },
        axes: [
          {
            stroke: AXIS,
            font: FONT,
            size: 20,
            space: 56,
            incrs: [60, 120, 300, 600, 900, 1800, 3600, 7200, 14400],
            grid: { stroke: GRID, width: 1 },
            ticks: { show: false },
            values: (_u, splits) => splits.map((t) => timeLabel(t, p().startsAt, p().offset)),
          },
          {
            stroke: AXIS,
            font: FONT,
            size: 34,
            space: 24,
            grid: { stroke: GRID, width: 1 },
            ticks: { show: false },
            values: (_u, splits) => valueLabels(splits),
          },
        ],
        series: [
          {
            label: 'Time',
            value: (_u, t) => (t == null ? '–' : timeLabel(t, p().startsAt, p().offset)),
          },
          {
            label: props.label,
            stroke,
            width: 1.5,
            fill: () => (p().warn ? '#ef5b521a' : '#58a6ff1a'),
            spanGaps: false,
            points: { show: false },
            value: (_u, v) =>
              v == null ? 'no data' : `${compact(v)}${p().unit ? ` ${p().unit}` : ''}`,
          },
        ],
        hooks: {
          // The value under the pointer (and, through the shared cursor, under every
          // other chart's pointer at the same moment).
          setCursor: [
            (u) => {
              const out = readout.current;
              if (!out) return;
              const idx = u.cursor.idx;
              const t = idx == null ? undefined : u.data[0][idx];
              const v = idx == null ? undefined : u.data[1]![idx];
              out.textContent =
                t === undefined
                  ? ''
                  : `${timeLabel(t, p().startsAt, p().offset)} · ${
                      v == null ? 'no data' : `${compact(v)}${p().unit ? ` ${p().unit}` : ''}`
                    }`;
            },
          ],
          draw: [
            (u) => {
              const { ctx, bbox } = u;
              ctx.save();
              ctx.strokeStyle = '#d9a53a';
              ctx.setLineDash([4, 3]);
              ctx.lineWidth = 1;
              for (const limit of [p().warnAbove, p().warnBelow]) {
                if (limit === null) continue;
                const y = Math.round(u.valToPos(limit, 'y', true)) + 0.5;
                ctx.beginPath();
                ctx.moveTo(bbox.left, y);
                ctx.lineTo(bbox.left + bbox.width, y);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
        },
      },
      seriesData(p().points, sampleStep(p().points)),
      el,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(120, el.clientWidth), height: HEIGHT }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Built once per chart; data and props flow in below and through `latest`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    plot.current?.setData(seriesData(props.points, sampleStep(props.points)));
  }, [props.points, props.end, props.warn, props.startsAt, props.offset]);

  return (
    <>
      <div ref={box} className="plot" />
      <div ref={readout} className="readout" aria-hidden="true" />
    </>
  );
}

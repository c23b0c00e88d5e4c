// The campaign page's three charts, as Chart.js configurations built from the backend's series.
// Colours come from the status palette in app.css, read at run time, so light and dark themes
// both work; the time axis is a category axis with labels formatted here (no date adapter).

import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { OutcomeSlice, QuarterHour, TimelinePoint } from '../host';
import { count, percent } from '../format';
import { clockInZone, formatShortInZone, zoneName } from '../time';
import { SEGMENT_LOOK } from './progress';
import { outcomeTone, type Tone } from './status';

export type Palette = Record<Tone, string> & { text: string; grid: string; font: string };

const TONES: Tone[] = ['queued', 'waiting', 'progress', 'completed', 'noanswer', 'failed', 'cancelled'];

/** The palette as the current theme sets it. */
export function readPalette(root: Element = document.documentElement): Palette {
  const css = getComputedStyle(root);
  const get = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const tones = Object.fromEntries(TONES.map((t) => [t, get(`--st-${t}`, '#6b7280')])) as Record<Tone, string>;
  return { ...tones, text: get('--text-2', '#535b70'), grid: get('--border', '#dde1ea'), font: get('--font', 'sans-serif') };
}

/** `#rrggbb` (or `#rgb`) with an alpha; other colour forms come back unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  const hex = short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : color;
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return color;
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return `${hex}${a.toString(16).padStart(2, '0')}`;
}

/** At most `max` points, evenly spread, always keeping the first and the last. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max || max < 2) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]);
}

export const MAX_TIMELINE_POINTS = 240;

function axis(palette: Palette, title: string, stacked = false) {
  return {
    stacked,
    title: { display: true, text: title, color: palette.text },
    ticks: { color: palette.text, precision: 0, maxRotation: 0, autoSkipPadding: 12 },
    grid: { color: palette.grid },
    border: { color: palette.grid },
    beginAtZero: true,
    min: 0,
  };
}

function base(palette: Palette) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: { duration: 300 },
    font: { family: palette.font },
  };
}

function legend(palette: Palette) {
  return {
    display: true,
    position: 'bottom' as const,
    labels: { color: palette.text, usePointStyle: true, pointStyle: 'rectRounded' as const, boxHeight: 10 },
  };
}

const countLabel = (item: TooltipItem<'line'>) => ` ${item.dataset.label ?? ''}: ${count(Number(item.raw))}`;

export type Series = { points: number; config: ChartConfiguration<'line', number[], string> };

/** "Calls over time": stacked areas of completed, failed, in progress and waiting recipients. */
export function timelineChart(
  timeline: readonly TimelinePoint[],
  palette: Palette,
  zone: string,
  now: Date,
): Series {
  const points = thin(timeline, MAX_TIMELINE_POINTS);
  const times = points.map((p) => new Date(p.at));
  const span = times.length > 1 ? times[times.length - 1].getTime() - times[0].getTime() : 0;
  const withSeconds = span < 15 * 60_000;
  const labels = times.map((t) => clockInZone(t, zone, now, withSeconds));
  const keys = ['completed', 'failed', 'inFlight', 'queued'] as const;
  const datasets = keys.map((key, i) => {
    const color = palette[SEGMENT_LOOK[key].tone];
    return {
      label: SEGMENT_LOOK[key].label,
      data: points.map((p) => p[key]),
      borderColor: color,
      backgroundColor: withAlpha(color, 0.35),
      fill: i === 0 ? ('origin' as const) : ('-1' as const),
      pointRadius: 0,
      pointHitRadius: 8,
      borderWidth: 1.5,
      tension: 0.2,
    };
  });
  return {
    points: points.length,
    config: {
      type: 'line',
      data: { labels, datasets },
      options: {
        ...base(palette),
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: axis(palette, `Time (${zoneName(zone, now)})`),
          y: axis(palette, 'Recipients', true),
        },
        plugins: {
          legend: legend(palette),
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? formatShortInZone(times[items[0].dataIndex], zone, now) : ''),
              label: countLabel,
            },
          },
        },
      },
    },
  };
}

export type BarSeries = { points: number; config: ChartConfiguration<'bar', number[], string> };

/** The colour of an outcome's bar; busy is a lighter shade of no-answer's orange. */
export function outcomeColor(key: string, palette: Palette): string {
  const color = palette[outcomeTone(key)];
  return key === 'busy' ? withAlpha(color, 0.65) : color;
}

/** "How calls ended": one horizontal bar per outcome that happened. */
export function outcomesChart(outcomes: readonly OutcomeSlice[], palette: Palette): BarSeries {
  const slices = outcomes.filter((o) => o.count > 0);
  const total = slices.reduce((sum, o) => sum + o.count, 0);
  return {
    points: slices.length,
    config: {
      type: 'bar',
      data: {
        labels: slices.map((o) => o.label),
        datasets: [
          {
            label: 'Recipients',
            data: slices.map((o) => o.count),
            backgroundColor: slices.map((o) => outcomeColor(o.key, palette)),
            borderRadius: 4,
            maxBarThickness: 28,
          },
        ],
      },
      options: {
        ...base(palette),
        indexAxis: 'y',
        scales: {
          x: axis(palette, 'Recipients'),
          y: { ...axis(palette, ''), title: { display: false }, grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: { label: (item) => ` ${count(Number(item.raw))} recipients · ${percent(Number(item.raw), total)}` },
          },
        },
      },
    },
  };
}

/** "Calls finished per 15 minutes": one bar per quarter hour. */
export function quarterChart(quarters: readonly QuarterHour[], palette: Palette, zone: string, now: Date): BarSeries {
  const starts = quarters.map((q) => new Date(q.start));
  const end = (d: Date) => new Date(d.getTime() + 15 * 60_000);
  return {
    points: quarters.length,
    config: {
      type: 'bar',
      data: {
        labels: starts.map((d) => clockInZone(d, zone, now)),
        datasets: [
          {
            label: 'Calls finished',
            data: quarters.map((q) => q.finished),
            backgroundColor: palette.completed,
            borderRadius: 4,
            maxBarThickness: 48,
          },
        ],
      },
      options: {
        ...base(palette),
        scales: {
          x: { ...axis(palette, `Quarter hour starting (${zoneName(zone, now)})`), grid: { display: false } },
          y: axis(palette, 'Calls finished'),
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => {
                const d = items[0] ? starts[items[0].dataIndex] : null;
                return d ? `${clockInZone(d, zone, now)} – ${clockInZone(end(d), zone, now)}` : '';
              },
              label: (item) => ` ${count(Number(item.raw))} calls finished`,
            },
          },
        },
      },
    },
  };
}

// The campaign page's three charts, as Chart.js configurations built from the backend's series.
// Colours come from the status palette in app.css, read at run time, so light and dark themes
// both work. "Calls over time" has a linear time axis whose ticks are chosen here (round steps
// in the person's zone, labelled so no two read the same; no date adapter).

import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { FinishedBucket, OutcomeSlice, TimelinePoint } from '../host';
import { count, numberLocale, percent } from '../format';
import { clockInZone, formatShortInZone, offsetMinutes, zoneName } from '../time';
import { SEGMENT_LOOK, type SegmentKey } from './progress';
import { outcomeTone, type Tone } from './status';
import { motionMs } from '../theme';

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
    // Axis numbers grouped like every other count on the page (1,200 even under a C locale).
    locale: numberLocale(),
    responsive: true,
    maintainAspectRatio: false,
    animation: { duration: motionMs(300) },
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

const countLabel = (item: TooltipItem<'line'>) => ` ${item.dataset.label ?? ''}: ${count(Number(item.parsed.y))}`;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Round steps between time ticks, shortest first. */
const STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((n) => n * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 6, 12].map((n) => n * HOUR),
  ...[1, 2, 7, 14].map((n) => n * DAY),
];

export type TimeTick = { value: number; label: string };

/**
 * Ticks for a time axis from `start` to `end` (ms): at most `max`, on round steps of the wall
 * clock in `zone`, written only as precisely as the step needs (seconds only below a minute,
 * dates from a day), and never two that read the same.
 */
export function timeTicks(start: number, end: number, zone: string, now: Date, max = 6): TimeTick[] {
  if (!(end >= start)) return [];
  const span = Math.max(end - start, SECOND);
  const step = STEPS.find((s) => span / s <= max - 1) ?? STEPS[STEPS.length - 1];
  const label = (t: number) =>
    step >= DAY
      ? new Intl.DateTimeFormat(undefined, { timeZone: zone, month: 'short', day: 'numeric' }).format(t)
      : clockInZone(new Date(t), zone, now, step < MINUTE);
  // Round in the zone's wall clock (an hour in Kolkata starts at :30 UTC).
  const wall = (t: number) => t + offsetMinutes(new Date(t), zone) * MINUTE;
  let t = start - (wall(start) % step) + (wall(start) % step === 0 ? 0 : step);
  const ticks: TimeTick[] = [];
  const seen = new Set<string>();
  for (; t <= end; t += step) {
    const text = label(t);
    // A clock set back (the end of summer time) shows an hour twice: keep the first.
    if (seen.has(text)) continue;
    seen.add(text);
    ticks.push({ value: t, label: text });
  }
  if (ticks.length === 0) ticks.push({ value: start, label: label(start) });
  return ticks;
}

/** The series of "Calls over time", bottom to top: ended first, then under way, then to come. */
const TIMELINE_KEYS: SegmentKey[] = ['completed', 'failed', 'cancelled', 'inFlight', 'queued', 'notSent'];
/** Shown only when someone is in them at some moment. */
const RARE: SegmentKey[] = ['cancelled', 'notSent'];
/**
 * How solid each area is: what is settled (cancelled) dense, what is still to come (waiting,
 * not sent) pale, so waiting's grey and cancelled's slate never read as one.
 */
const FILL: Partial<Record<SegmentKey, number>> = { cancelled: 0.6, queued: 0.16, notSent: 0.08 };

export type Series = { points: number; series: string[]; config: ChartConfiguration<'line', { x: number; y: number }[]> };

/**
 * "Calls over time": stacked areas of every recipient's state at each moment — completed,
 * failed, cancelled, in progress, waiting, and not sent yet — so the areas always add up to
 * the campaign's recipients.
 */
export function timelineChart(
  timeline: readonly TimelinePoint[],
  palette: Palette,
  zone: string,
  now: Date,
): Series {
  const points = thin(timeline, MAX_TIMELINE_POINTS);
  const times = points.map((p) => new Date(p.at).getTime());
  const first = times[0] ?? now.getTime();
  const last = times[times.length - 1] ?? first;
  const withSeconds = last - first < 15 * MINUTE;
  const ticks = timeTicks(first, last, zone, now);
  const tickLabels = new Map(ticks.map((t) => [t.value, t.label]));
  const keys = TIMELINE_KEYS.filter((key) => !RARE.includes(key) || points.some((p) => p[key] > 0));
  const datasets = keys.map((key, i) => {
    const look = SEGMENT_LOOK[key];
    const color = palette[look.tone];
    // "Not sent yet" shares waiting's grey: a dashed edge and a paler fill tell them apart.
    const notSent = key === 'notSent';
    return {
      label: look.label,
      data: points.map((p, k) => ({ x: times[k], y: p[key] })),
      borderColor: color,
      borderDash: notSent ? [4, 3] : undefined,
      backgroundColor: withAlpha(color, FILL[key] ?? 0.35),
      fill: i === 0 ? ('origin' as const) : ('-1' as const),
      pointRadius: 0,
      pointHitRadius: 8,
      borderWidth: 1.5,
      tension: 0.2,
    };
  });
  return {
    points: points.length,
    series: datasets.map((d) => d.label),
    config: {
      type: 'line',
      data: { datasets },
      options: {
        ...base(palette),
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            ...axis(palette, `Time (${zoneName(zone, now)})`),
            type: 'linear',
            beginAtZero: false,
            min: first,
            max: last,
            ticks: {
              color: palette.text,
              maxRotation: 0,
              autoSkip: false,
              callback: (value) => tickLabels.get(Number(value)) ?? '',
            },
            afterBuildTicks: (scale) => {
              scale.ticks = ticks.map((t) => ({ value: t.value }));
            },
          },
          y: axis(palette, 'Recipients', true),
        },
        plugins: {
          legend: legend(palette),
          tooltip: {
            callbacks: {
              title: (items) => {
                const at = items[0] ? new Date(Number(items[0].parsed.x)) : null;
                if (!at) return '';
                return withSeconds ? clockInZone(at, zone, now, true) : formatShortInZone(at, zone, now);
              },
              label: countLabel,
            },
          },
        },
      },
    },
  };
}

export type BarSeries = { points: number; config: ChartConfiguration<'bar', number[], string> };

/**
 * The colour of an outcome's bar; busy and voicemail are lighter shades of no-answer's orange,
 * so no two bars look alike (each bar is labelled with its word too).
 */
export function outcomeColor(key: string, palette: Palette): string {
  const color = palette[outcomeTone(key)];
  if (key === 'busy') return withAlpha(color, 0.65);
  if (key === 'voicemail') return withAlpha(color, 0.4);
  return color;
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
            backgroundColor: slices.map((o) => outcomeColor(o.outcome, palette)),
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
export function quarterChart(quarters: readonly FinishedBucket[], palette: Palette, zone: string, now: Date): BarSeries {
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

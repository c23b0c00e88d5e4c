import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TimelinePoint } from '../host';
import { outcomeColor, outcomesChart, quarterChart, thin, timeTicks, timelineChart, withAlpha, type Palette } from './charts';

const palette: Palette = {
  queued: '#6b7280',
  waiting: '#d97706',
  progress: '#2563eb',
  completed: '#16a34a',
  noanswer: '#ea580c',
  failed: '#dc2626',
  cancelled: '#475569',
  text: '#535b70',
  grid: '#dde1ea',
  font: 'sans-serif',
};
const now = new Date('2026-12-01T15:00:00Z');

function point(minute: number, completed: number): TimelinePoint {
  const at = new Date(Date.UTC(2026, 11, 1, 14, minute)).toISOString();
  return { at, queued: 10 - completed, inFlight: 0, completed, failed: 0, cancelled: 0, notSent: 0 };
}

/** The y values of each series at moment `k`. */
function stackAt(chart: ReturnType<typeof timelineChart>, k: number): number[] {
  return chart.config.data.datasets.map((d) => d.data[k].y);
}

describe('chart helpers', () => {
  it('adds an alpha to hex colours and leaves other colours alone', () => {
    expect(withAlpha('#16a34a', 0.5)).toBe('#16a34a80');
    expect(withAlpha('#abc', 1)).toBe('#aabbccff');
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgb(1, 2, 3)');
  });

  it('thins a long series evenly, keeping the first and last points', () => {
    const long = Array.from({ length: 1000 }, (_, i) => i);
    const few = thin(long, 5);
    expect(few).toEqual([0, 250, 500, 749, 999]);
    expect(thin([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });
});

describe('calls over time', () => {
  it('stacks completed, failed, in progress and waiting in the status colours', () => {
    const chart = timelineChart([point(0, 0), point(5, 4), point(10, 10)], palette, 'UTC', now);
    expect(chart.points).toBe(3);
    const sets = chart.config.data.datasets;
    expect(sets.map((d) => d.label)).toEqual(['Answered', 'Not answered', 'Calling now', 'Waiting']);
    expect(sets.map((d) => d.borderColor)).toEqual(['#16a34a', '#ea580c', '#2563eb', '#6b7280']);
    expect(sets[0].data.map((p) => p.y)).toEqual([0, 4, 10]);
    expect(sets[3].data.map((p) => p.y)).toEqual([10, 6, 0]);
  });

  it('keeps every recipient of a cancelled campaign in the chart, at every moment', () => {
    // 200 recipients: a few calls, then Cancel with one call under way, which then ends.
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 2, 15, s)).toISOString();
    const zero = { queued: 0, inFlight: 0, completed: 0, failed: 0, cancelled: 0, notSent: 0 };
    const timeline: TimelinePoint[] = [
      { ...zero, at: at(0), queued: 200 },
      { ...zero, at: at(9), queued: 194, inFlight: 2, completed: 3, failed: 1 },
      { ...zero, at: at(9.4), cancelled: 194, inFlight: 1, completed: 4, failed: 1 },
      { ...zero, at: at(30), cancelled: 194, completed: 5, failed: 1 },
    ];
    const chart = timelineChart(timeline, palette, 'UTC', now);
    expect(chart.series).toEqual(['Answered', 'Not answered', 'Not dialed', 'Calling now', 'Waiting']);
    const cancelled = chart.config.data.datasets[2];
    expect(cancelled.borderColor).toBe('#475569');
    for (let k = 0; k < timeline.length; k++) {
      expect(stackAt(chart, k).reduce((a, b) => a + b, 0), `moment ${k}`).toBe(200);
    }
    expect(cancelled.data.map((p) => p.y)).toEqual([0, 0, 194, 194]);
    // Cancelled's slate and waiting's grey are close: the fills tell them apart.
    expect(cancelled.backgroundColor).not.toBe(chart.config.data.datasets[4].backgroundColor);
  });

  afterEach(() => vi.unstubAllGlobals());

  it('groups the axis numbers like every other count, even under a C locale', () => {
    vi.stubGlobal('navigator', { language: 'C' });
    const chart = timelineChart([point(0, 0), point(5, 4)], palette, 'UTC', now);
    const locale = chart.config.options?.locale;
    expect(new Intl.NumberFormat(locale).format(1200)).toBe('1,200');
    expect(outcomesChart([], palette).config.options?.locale).toBe(locale);
  });

  it('shows people never sent apart from those waiting', () => {
    const timeline = [{ ...point(0, 0), notSent: 5 }, { ...point(5, 4), notSent: 5 }];
    const chart = timelineChart(timeline, palette, 'UTC', now);
    expect(chart.series).toEqual(['Answered', 'Not answered', 'Calling now', 'Waiting', 'Not sent yet']);
    const [waiting, notSent] = chart.config.data.datasets.slice(3);
    expect(notSent.borderDash).toBeTruthy();
    expect(notSent.backgroundColor).not.toBe(waiting.backgroundColor);
    expect(new Set(chart.series).size).toBe(chart.series.length);
  });

  it('draws at most 240 moments of a long campaign', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...point(0, 0), at: new Date(now.getTime() - (2000 - i) * 5000).toISOString() }));
    expect(timelineChart(many, palette, 'UTC', now).points).toBe(240);
  });
});

describe('time axis', () => {
  const start = Date.UTC(2026, 11, 1, 2, 15, 9, 200);
  const spans: [string, number][] = [
    ['less than a second', 600],
    ['30 seconds', 30_000],
    ['4 minutes', 4 * 60_000],
    ['45 minutes', 45 * 60_000],
    ['5 hours', 5 * 3_600_000],
    ['3 days', 3 * 86_400_000],
    ['3 weeks', 21 * 86_400_000],
  ];

  it.each(spans)('never repeats a label over %s', (_, span) => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const ticks = timeTicks(start, start + span, zone, now);
      const labels = ticks.map((t) => t.label);
      expect(new Set(labels).size, `${zone}: ${labels.join(' | ')}`).toBe(labels.length);
      expect(ticks.length).toBeGreaterThanOrEqual(1);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.every((t) => t.value >= start && t.value <= start + span)).toBe(true);
    }
  });

  it('writes seconds only when the step needs them, and rounds in the zone', () => {
    const short = timeTicks(start, start + 30_000, 'UTC', now).map((t) => t.label);
    expect(short.every((l) => /\d:\d{2}:\d{2}/.test(l)), short.join(' | ')).toBe(true);
    const long = timeTicks(start, start + 2 * 3_600_000, 'UTC', now).map((t) => t.label);
    expect(long.some((l) => /\d:\d{2}:\d{2}/.test(l)), long.join(' | ')).toBe(false);
    // Whole hours of the wall clock in Kolkata (UTC+5:30) are half hours in UTC.
    const kolkata = timeTicks(start, start + 5 * 3_600_000, 'Asia/Kolkata', now);
    expect(kolkata.every((t) => new Date(t.value).getUTCMinutes() === 30)).toBe(true);
  });

  it('shows an hour the clock repeats (summer time ending) once', () => {
    // New York, 1 Nov 2026: 1:00–2:00 AM happens twice.
    const from = Date.UTC(2026, 10, 1, 4, 30);
    const ticks = timeTicks(from, from + 3 * 3_600_000, 'America/New_York', now);
    const labels = ticks.map((t) => t.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('has the ticks it chose on the chart, with their labels', () => {
    const chart = timelineChart([point(0, 0), point(5, 4), point(10, 10)], palette, 'UTC', now);
    const x = chart.config.options?.scales?.x as { min: number; max: number; afterBuildTicks: (s: { ticks: { value: number }[] }) => void; ticks: { callback: (v: number) => string } };
    const scale = { ticks: [] as { value: number }[] };
    x.afterBuildTicks(scale);
    const labels = scale.ticks.map((t) => x.ticks.callback(t.value));
    expect(labels.length).toBeGreaterThan(1);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => l !== '')).toBe(true);
    expect(x.min).toBe(Date.UTC(2026, 11, 1, 14, 0));
  });
});

describe('how calls ended', () => {
  it('draws only outcomes that happened, in their colours', () => {
    const chart = outcomesChart(
      [
        { outcome: 'answered', label: 'Answered', count: 8 },
        { outcome: 'noAnswer', label: 'No answer', count: 2 },
        { outcome: 'busy', label: 'Busy', count: 0 },
        { outcome: 'couldntConnect', label: "Couldn't connect", count: 1 },
      ],
      palette,
    );
    expect(chart.points).toBe(3);
    expect(chart.config.data.labels).toEqual(['Answered', 'No answer', "Couldn't connect"]);
    expect(chart.config.data.datasets[0].backgroundColor).toEqual(['#16a34a', '#ea580c', '#dc2626']);
  });

  it('tells busy and voicemail from no answer with lighter shades, and busy is never red', () => {
    expect(outcomeColor('noAnswer', palette)).toBe('#ea580c');
    expect(outcomeColor('busy', palette)).toBe('#ea580ca6');
    expect(outcomeColor('voicemail', palette)).toBe('#ea580c66');
    expect(outcomeColor('busy', palette)).not.toContain(palette.failed);
    expect(outcomeColor('notDialed', palette)).toBe('#475569');
  });

  it('counts the not dialed (cancelled) with the answered and the not answered', () => {
    const chart = outcomesChart(
      [
        { outcome: 'answered', label: 'Answered', count: 5 },
        { outcome: 'noAnswer', label: 'No answer', count: 1 },
        { outcome: 'notDialed', label: 'Not dialed', count: 194 },
        { outcome: 'other', label: 'Other', count: 0 },
      ],
      palette,
    );
    expect(chart.config.data.labels).toEqual(['Answered', 'No answer', 'Not dialed']);
    expect(chart.config.data.datasets[0].data).toEqual([5, 1, 194]);
  });

  it('has no points before any call ends', () => {
    expect(outcomesChart([], palette).points).toBe(0);
  });
});

describe('calls finished per 15 minutes', () => {
  it('has one bar per quarter hour', () => {
    const chart = quarterChart(
      [
        { start: '2026-12-01T14:00:00Z', finished: 12 },
        { start: '2026-12-01T14:15:00Z', finished: 30 },
      ],
      palette,
      'UTC',
      now,
    );
    expect(chart.points).toBe(2);
    expect(chart.config.data.datasets[0].data).toEqual([12, 30]);
    expect(chart.config.data.labels?.[1]).toMatch(/2:15|14:15/);
  });
});

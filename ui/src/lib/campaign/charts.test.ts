import { describe, expect, it } from 'vitest';
import type { TimelinePoint } from '../host';
import { outcomeColor, outcomesChart, quarterChart, thin, timelineChart, withAlpha, type Palette } from './charts';

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
  return { at: new Date(Date.UTC(2026, 11, 1, 14, minute)).toISOString(), queued: 10 - completed, inFlight: 0, completed, failed: 0 };
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
    expect(sets.map((d) => d.label)).toEqual(['Completed', 'Failed', 'In progress', 'Waiting']);
    expect(sets.map((d) => d.borderColor)).toEqual(['#16a34a', '#dc2626', '#2563eb', '#6b7280']);
    expect(sets[0].data).toEqual([0, 4, 10]);
    expect(sets[3].data).toEqual([10, 6, 0]);
    expect(chart.config.data.labels).toHaveLength(3);
  });

  it('draws at most 240 moments of a long campaign', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...point(0, 0), at: new Date(now.getTime() - (2000 - i) * 5000).toISOString() }));
    expect(timelineChart(many, palette, 'UTC', now).points).toBe(240);
  });
});

describe('how calls ended', () => {
  it('draws only outcomes that happened, in their colours', () => {
    const chart = outcomesChart(
      [
        { key: 'answered', label: 'Answered', count: 8 },
        { key: 'noAnswer', label: 'No answer', count: 2 },
        { key: 'busy', label: 'Busy', count: 0 },
        { key: 'notDialed', label: 'Not dialed', count: 1 },
      ],
      palette,
    );
    expect(chart.points).toBe(3);
    expect(chart.config.data.labels).toEqual(['Answered', 'No answer', 'Not dialed']);
    expect(chart.config.data.datasets[0].backgroundColor).toEqual(['#16a34a', '#ea580c', '#dc2626']);
  });

  it('tells busy from no answer with a lighter orange', () => {
    expect(outcomeColor('busy', palette)).toBe('#ea580ca6');
    expect(outcomeColor('other', palette)).toBe('#475569');
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

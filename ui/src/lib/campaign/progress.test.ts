import { describe, expect, it } from 'vitest';
import type { Progress } from '../host';
import { barTotal, etaText, retriedText, segments, startInfo } from './progress';

const progress: Progress = { total: 100, queued: 45, inFlight: 8, completed: 30, failed: 10, cancelled: 2, finished: 40, notSent: 5 };

describe('progress bar', () => {
  it('has finished parts first, then in progress, then waiting, with words', () => {
    expect(segments(progress).map((s) => [s.key, s.value, s.label, s.tone])).toEqual([
      ['completed', 30, 'Answered', 'completed'],
      ['failed', 10, 'Not answered', 'noanswer'],
      ['cancelled', 2, 'Not dialed', 'cancelled'],
      ['inFlight', 8, 'Calling now', 'progress'],
      ['queued', 45, 'Waiting', 'queued'],
      ['notSent', 5, 'Not sent yet', 'queued'],
    ]);
  });

  it('is out of the total, or of more when counts briefly disagree', () => {
    expect(barTotal(progress)).toBe(100);
    expect(barTotal({ ...progress, queued: 55 })).toBe(110);
  });
});

describe('estimated finish', () => {
  const now = new Date('2026-12-01T14:10:00Z');

  it('says how long is left and around when, in the given zone with its name', () => {
    const text = etaText('2026-12-01T14:35:00Z', now, 'UTC');
    expect(text).toMatch(/^about 25 min left — around (2:35\sPM|14:35) UTC$/);
    expect(etaText('2026-12-01T15:30:20Z', now, 'UTC')).toMatch(/^about 1 h 20 min left/);
    expect(etaText('2026-12-01T14:35:00Z', now, 'America/New_York')).toMatch(/around (9:35\sAM|09:35) EST$/);
  });

  it('names the day when it is not today', () => {
    expect(etaText('2026-12-02T09:00:00Z', now, 'UTC')).toMatch(/around Wed (9:00\sAM|09:00) UTC$/);
  });

  it('says "any moment" when the estimate has passed, and nothing without one', () => {
    expect(etaText('2026-12-01T14:10:30Z', now, 'UTC')).toBe('should finish any moment now');
    expect(etaText('2026-12-01T13:00:00Z', now, 'UTC')).toBe('should finish any moment now');
    expect(etaText(null, now, 'UTC')).toBeNull();
    expect(etaText('soon', now, 'UTC')).toBeNull();
  });
});

describe('retries and start', () => {
  it('counts retries in words', () => {
    expect(retriedText(0)).toBe('');
    expect(retriedText(1)).toBe('Retried 1 time');
    expect(retriedText(3)).toBe('Retried 3 times');
  });

  it('tells a scheduled start from a past one and from a launch', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const created = '2026-11-30T08:00:00Z';
    const status = 'dialing' as const;
    expect(startInfo({ scheduledAt: '2026-12-02T09:00:00Z', createdAt: created, status }, now)?.label).toBe('Starts');
    expect(startInfo({ scheduledAt: '2026-12-01T09:00:00Z', createdAt: created, status }, now)?.label).toBe('Started');
    // Nothing was sent (a launch refused, waiting for the person): it was only set up.
    expect(startInfo({ scheduledAt: '2026-12-02T09:00:00Z', createdAt: created, status: 'notLaunched' }, now)?.label).toBe('Set up');
    // Still being set up with Cartesia (e.g. an interrupted launch finishing at start-up): not launched yet.
    expect(startInfo({ scheduledAt: null, createdAt: created, status: 'launching' }, now)?.label).toBe('Set up');
    const launched = startInfo({ scheduledAt: null, createdAt: created, status }, now);
    expect(launched?.label).toBe('Launched');
    expect(launched?.at.toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });
});

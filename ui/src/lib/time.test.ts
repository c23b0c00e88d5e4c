import { describe, expect, it } from 'vitest';
import {
  checkSchedule,
  clockInZone,
  formatShortInZone,
  instantToZoned,
  offsetMinutes,
  rfc3339InZone,
  zoneName,
  zonedToInstant,
} from './time';

describe('time zones', () => {
  it('knows winter and summer offsets', () => {
    expect(offsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });

  it('turns a wall-clock time in a zone into RFC 3339 with that offset', () => {
    const at = zonedToInstant('2026-12-01T09:00', 'America/New_York');
    expect(at?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(rfc3339InZone(at!, 'America/New_York')).toBe('2026-12-01T09:00:00-05:00');
    expect(rfc3339InZone(at!, 'Asia/Kolkata')).toBe('2026-12-01T19:30:00+05:30');
    expect(instantToZoned(at!, 'Europe/Paris')).toBe('2026-12-01T15:00');
  });

  it('handles the day clocks change', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is the same instant as 07:30Z.
    const at = zonedToInstant('2026-03-08T03:30', 'America/New_York');
    expect(at?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('refuses past times and more than 30 days ahead', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const past = checkSchedule('2026-11-28T06:00', 'America/New_York', now);
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.message).toMatch(/already passed/);
    const far = checkSchedule('2027-01-05T09:00', 'UTC', now);
    expect(far.ok).toBe(false);
    if (!far.ok) expect(far.message).toMatch(/30 days/);
    expect(checkSchedule('2026-11-29T09:00', 'UTC', now).ok).toBe(true);
    expect(checkSchedule('not a date', 'UTC', now).ok).toBe(false);
  });
});

describe('times for people', () => {
  const now = new Date('2026-12-01T15:00:00Z');

  it('names the zone', () => {
    expect(zoneName('America/New_York', now)).toBe('EST');
    expect(zoneName('UTC', now)).toBe('UTC');
  });

  it('leaves out the year when it is this year, and adds it otherwise', () => {
    expect(formatShortInZone(new Date('2026-12-02T14:00:00Z'), 'America/New_York', now)).not.toMatch(/2026/);
    expect(formatShortInZone(new Date('2027-01-05T14:00:00Z'), 'America/New_York', now)).toMatch(/2027/);
    expect(formatShortInZone(new Date('2026-12-02T14:00:00Z'), 'America/New_York', now)).toMatch(/EST/);
  });

  it('gives the time of day, with the weekday when it is another day in that zone', () => {
    expect(clockInZone(new Date('2026-12-01T16:30:00Z'), 'UTC', now)).toMatch(/^(4:30\sPM|16:30)$/);
    expect(clockInZone(new Date('2026-12-02T16:30:00Z'), 'UTC', now)).toMatch(/^Wed /);
    // 15:00Z is 10:00 in New York; 04:00Z the next day is still the 1st there.
    expect(clockInZone(new Date('2026-12-02T04:00:00Z'), 'America/New_York', now)).not.toMatch(/^Wed/);
    expect(clockInZone(new Date('2026-12-01T16:30:05Z'), 'UTC', now, true)).toMatch(/30:05/);
  });
});

// Scheduling across time zones without a date library: the wizard lets a person pick a wall-clock
// time in a zone and sends it as RFC 3339 with that zone's offset at that moment.

import { MAX_SCHEDULE_DAYS_AHEAD } from './host/limits';

const MINUTE = 60_000;
/** Cartesia's limit, from the Rust side's one copy (crates/limits). */
export const MAX_DAYS_AHEAD = MAX_SCHEDULE_DAYS_AHEAD;

/** The computer's own time zone, e.g. `Europe/Paris`. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone the system knows, the computer's own first. */
export function allZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['UTC'];
  const mine = localZone();
  return [mine, ...zones.filter((z) => z !== mine)];
}

/** Minutes to add to UTC to get wall-clock time in `zone` at `instant` (e.g. -300 for New York in winter). */
export function offsetMinutes(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / MINUTE);
}

/**
 * The instant at which the wall clock in `zone` shows `local` (`YYYY-MM-DDTHH:mm`). Returns null
 * for text that isn't a date and time.
 */
export function zonedToInstant(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // Two passes settle the offset even when the first guess falls on the other side of a DST change.
  let guess = wall - offsetMinutes(new Date(wall), zone) * MINUTE;
  guess = wall - offsetMinutes(new Date(guess), zone) * MINUTE;
  return new Date(guess);
}

function pad(n: number): string {
  return String(Math.abs(n)).padStart(2, '0');
}

/** RFC 3339 with the zone's offset: `2026-12-01T09:00:00-05:00`. */
export function rfc3339InZone(instant: Date, zone: string): string {
  const offset = offsetMinutes(instant, zone);
  const wall = new Date(instant.getTime() + offset * MINUTE);
  const sign = offset < 0 ? '-' : '+';
  return (
    `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:00` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

/** `YYYY-MM-DDTHH:mm` as the wall clock in `zone` shows `instant` (for a datetime-local input). */
export function instantToZoned(instant: Date, zone: string): string {
  return rfc3339InZone(instant, zone).slice(0, 16);
}

function dateTime(zone: string, withYear: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    weekday: 'short',
    year: withYear ? 'numeric' : undefined,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/** "Tue, Dec 1, 2026, 9:00 AM EST" in the given zone. */
export function formatInZone(instant: Date, zone: string): string {
  return dateTime(zone, true).format(instant);
}

export type ScheduleCheck = { ok: true; instant: Date } | { ok: false; message: string };

/** The wizard's own check, before the API's: in the future, at most 30 days ahead. */
export function checkSchedule(local: string, zone: string, now: Date = new Date()): ScheduleCheck {
  const instant = zonedToInstant(local, zone);
  if (!instant) return { ok: false, message: 'Pick a date and a time.' };
  if (instant.getTime() <= now.getTime() + MINUTE) {
    return { ok: false, message: 'That time has already passed. Pick a time in the future, or choose "Start now".' };
  }
  if (instant.getTime() > now.getTime() + MAX_DAYS_AHEAD * 24 * 60 * MINUTE) {
    return { ok: false, message: `Campaigns can be scheduled at most ${MAX_DAYS_AHEAD} days ahead. Pick an earlier date.` };
  }
  return { ok: true, instant };
}

/** The zone's short name at `instant`: "PST", "CET", "GMT+1". */
export function zoneName(zone: string, instant: Date = new Date()): string {
  const part = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

function sameDay(a: Date, b: Date, zone: string): boolean {
  return instantToZoned(a, zone).slice(0, 10) === instantToZoned(b, zone).slice(0, 10);
}

/** "Tue, Dec 1, 9:00 AM PST": like `formatInZone`, without the year when it is this year. */
export function formatShortInZone(instant: Date, zone: string, now: Date = new Date()): string {
  const thisYear = instantToZoned(instant, zone).slice(0, 4) === instantToZoned(now, zone).slice(0, 4);
  return dateTime(zone, !thisYear).format(instant);
}

/** The time of day in `zone` ("2:35 PM"), with the weekday when it isn't today ("Tue 2:35 PM"). */
export function clockInZone(instant: Date, zone: string, now: Date = new Date(), seconds = false): string {
  const time = new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    hour: 'numeric',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
  }).format(instant);
  if (sameDay(instant, now, zone)) return time;
  const day = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short' }).format(instant);
  return `${day} ${time}`;
}

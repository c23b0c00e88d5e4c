// Calling hours as the When to call step and Settings edit them: days of the week and a from–to
// in each recipient's own local time. The backend checks them again (and plans by them); these
// checks only let the page say what is wrong before asking.

import type { HoursChoice } from './host';

/** The days of the week, Monday first, as the backend names them. */
export const WEEK = [
  { key: 'mon', short: 'Mon', name: 'Monday' },
  { key: 'tue', short: 'Tue', name: 'Tuesday' },
  { key: 'wed', short: 'Wed', name: 'Wednesday' },
  { key: 'thu', short: 'Thu', name: 'Thursday' },
  { key: 'fri', short: 'Fri', name: 'Friday' },
  { key: 'sat', short: 'Sat', name: 'Saturday' },
  { key: 'sun', short: 'Sun', name: 'Sunday' },
] as const;

/** The federal window no calling hours may leave (47 CFR 64.1200(c)(1)). */
export const EARLIEST = '08:00';
export const LATEST = '21:00';

/** Monday to Saturday, 9:00–20:00, US federal holidays skipped: Batchline's default. */
export function defaultHours(): HoursChoice {
  return { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '09:00', to: '20:00', skipHolidays: true, leaveOutUnplaced: false };
}

/** The hours with `day` switched on or off, days kept in week order. */
export function toggleDay(hours: HoursChoice, day: string): HoursChoice {
  const on = new Set(hours.days);
  if (on.has(day)) on.delete(day);
  else on.add(day);
  return { ...hours, days: WEEK.map((d) => d.key).filter((k) => on.has(k)) };
}

/** What is wrong with the hours, in words, or null. */
export function hoursProblem(hours: HoursChoice): string | null {
  if (hours.days.length === 0) return 'Pick at least one day to call on.';
  if (!/^\d{2}:\d{2}$/.test(hours.from) || !/^\d{2}:\d{2}$/.test(hours.to)) return 'Pick both a “from” and a “to” time.';
  if (hours.from < EARLIEST || hours.to > LATEST) {
    return 'Calls may only be made between 8:00 and 21:00 in the recipient’s time (federal rule). Pick hours inside it.';
  }
  if (hours.to <= hours.from) return 'The “to” time must be later than the “from” time.';
  return null;
}

/** The days in words: "Monday to Saturday", "Every day", "Mon, Wed, Fri". */
export function daysWords(days: readonly string[]): string {
  const idx = WEEK.map((d) => d.key as string);
  const picked = idx.filter((k) => days.includes(k));
  if (picked.length === 7) return 'Every day';
  if (picked.length === 0) return 'No day';
  const first = idx.indexOf(picked[0]);
  const consecutive = picked.every((k, i) => idx.indexOf(k) === first + i);
  if (consecutive && picked.length > 2) {
    return `${WEEK[first].name} to ${WEEK[first + picked.length - 1].name}`;
  }
  return picked.map((k) => WEEK[idx.indexOf(k)].short).join(', ');
}

/** "Monday to Saturday, 9:00–20:00 in each recipient’s local time, federal holidays skipped". */
export function hoursWords(hours: HoursChoice): string {
  const t = (s: string) => s.replace(/^0(\d)/, '$1');
  const holidays = hours.skipHolidays ? ', US federal holidays skipped' : '';
  return `${daysWords(hours.days)}, ${t(hours.from)}–${t(hours.to)} in each recipient’s local time${holidays}`;
}

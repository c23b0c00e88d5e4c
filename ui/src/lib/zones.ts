// The Schedule step's time-zone picker: the zones most campaigns call in first, then every
// zone, narrowed by what the person types (city, region or the zone's short name).

import { zoneName } from './time';

/** US and Canadian zones first (where most campaigns call), then other big business zones. */
export const COMMON_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Toronto',
  'America/Vancouver',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'UTC',
];

/** "America/Los_Angeles" → "Los Angeles (America)"; "UTC" stays. */
export function zoneLabel(zone: string): string {
  const parts = zone.split('/');
  if (parts.length < 2) return zone;
  const city = parts.slice(1).join(' / ').replaceAll('_', ' ');
  return `${city} (${parts[0]})`;
}

export type ZoneChoices = { common: string[]; others: string[] };

/**
 * The zones to offer for `query`: the common ones (those there are), then the rest A to Z by
 * label. The chosen zone is always offered, so the picker never shows a value it doesn't list.
 */
export function zoneChoices(all: readonly string[], query: string, chosen: string, at: Date = new Date()): ZoneChoices {
  const q = query.trim().toLowerCase();
  const matches = (z: string) =>
    z === chosen || !q || `${z} ${zoneLabel(z)} ${zoneName(z, at)}`.toLowerCase().replaceAll('_', ' ').includes(q);
  const known = new Set(all);
  const common = COMMON_ZONES.filter((z) => (known.has(z) || z === 'UTC') && matches(z));
  const isCommon = new Set(common);
  const others = all
    .filter((z) => !isCommon.has(z) && matches(z))
    .sort((a, b) => zoneLabel(a).localeCompare(zoneLabel(b)));
  return { common, others };
}

import { describe, expect, it } from 'vitest';
import { COMMON_ZONES, zoneChoices, zoneLabel } from './zones';

const all = ['Africa/Abidjan', 'America/Los_Angeles', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Europe/Paris', 'Asia/Tokyo', 'Europe/Lisbon'];
const winter = new Date('2026-01-15T12:00:00Z');

describe('the time-zone picker', () => {
  it('names a zone by its city, then its region', () => {
    expect(zoneLabel('America/Los_Angeles')).toBe('Los Angeles (America)');
    expect(zoneLabel('America/Argentina/Buenos_Aires')).toBe('Argentina / Buenos Aires (America)');
    expect(zoneLabel('UTC')).toBe('UTC');
  });

  it('offers the common zones first, in their own order, then the rest A to Z', () => {
    const { common, others } = zoneChoices(all, '', 'Europe/Paris', winter);
    expect(common).toEqual(['America/New_York', 'America/Los_Angeles', 'Europe/Paris', 'Asia/Tokyo', 'UTC']);
    expect(common[0]).toBe(COMMON_ZONES[0]);
    expect(others).toEqual(['Africa/Abidjan', 'America/Argentina/Buenos_Aires', 'Europe/Lisbon']);
  });

  it('finds a zone by city with a space, by region, or by its short name, ignoring case', () => {
    expect(zoneChoices(all, 'los ang', 'UTC', winter)).toEqual({ common: ['America/Los_Angeles', 'UTC'], others: [] });
    expect(zoneChoices(all, 'buenos', 'UTC', winter).others).toEqual(['America/Argentina/Buenos_Aires']);
    expect(zoneChoices(all, 'europe', 'UTC', winter)).toEqual({ common: ['Europe/Paris', 'UTC'], others: ['Europe/Lisbon'] });
    expect(zoneChoices(all, 'EST', 'UTC', winter).common).toContain('America/New_York');
  });

  it('always keeps the chosen zone, even when the search leaves it out', () => {
    const { common, others } = zoneChoices(all, 'tokyo', 'Europe/Lisbon', winter);
    expect(common).toEqual(['Asia/Tokyo']);
    expect(others).toEqual(['Europe/Lisbon']);
  });
});

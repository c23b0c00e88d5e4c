import { describe, expect, it } from 'vitest';
import { daysWords, defaultHours, hoursProblem, hoursWords, toggleDay } from './hours';

describe('calling hours', () => {
  it('default to Monday to Saturday, 9 to 8, holidays skipped', () => {
    expect(hoursWords(defaultHours())).toBe(
      'Monday to Saturday, 9:00–20:00 in each recipient’s local time, US federal holidays skipped',
    );
    expect(hoursProblem(defaultHours())).toBeNull();
  });

  it('keep the days in week order whatever order they are ticked in', () => {
    let h = { ...defaultHours(), days: [] as string[] };
    h = toggleDay(h, 'fri');
    h = toggleDay(h, 'mon');
    h = toggleDay(h, 'wed');
    expect(h.days).toEqual(['mon', 'wed', 'fri']);
    expect(daysWords(h.days)).toBe('Mon, Wed, Fri');
    expect(toggleDay(h, 'wed').days).toEqual(['mon', 'fri']);
    expect(daysWords(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('Every day');
  });

  it('say what is wrong: no day, outside 8 to 9, ending before starting', () => {
    expect(hoursProblem({ ...defaultHours(), days: [] })).toMatch(/at least one day/);
    expect(hoursProblem({ ...defaultHours(), from: '07:30' })).toMatch(/between 8:00 and 21:00/);
    expect(hoursProblem({ ...defaultHours(), to: '21:30' })).toMatch(/federal rule/);
    expect(hoursProblem({ ...defaultHours(), from: '18:00', to: '09:00' })).toMatch(/later than/);
    expect(hoursProblem({ ...defaultHours(), from: '08:00', to: '21:00' })).toBeNull();
    expect(hoursProblem({ ...defaultHours(), to: '' })).toMatch(/both/);
  });
});

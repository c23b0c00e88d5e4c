import { describe, expect, it } from 'vitest';
import { callSteps, stepOf } from './callNav';

const all = [{ index: 1 }, { index: 2 }, { index: 3 }, { index: 4 }, { index: 5 }];
/** What a filter left in the table: 1, 3 and 5. */
const shown = [all[0], all[2], all[4]];
const key = (key: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});
const to = (step: { to: { index: number } | null }) => step.to?.index ?? null;

describe('moving between calls', () => {
  it('walks the whole list when nothing is filtered', () => {
    const s = callSteps(all, all, 3, false);
    expect([to(s.prev), to(s.next)]).toEqual([2, 4]);
  });

  it('skips the rows the search and filter hide', () => {
    const s = callSteps(all, shown, 3, true);
    expect([to(s.prev), to(s.next)]).toEqual([1, 5]);
  });

  it('follows the order the table shows, whatever it is', () => {
    const sorted = [all[4], all[0], all[2]];
    const s = callSteps(all, sorted, 1, false);
    expect([to(s.prev), to(s.next)]).toEqual([5, 3]);
  });

  it('says why there is nowhere further at either end, naming the filter when one is on', () => {
    expect(callSteps(all, all, 1, false).prev).toEqual({ to: null, why: 'This is the first recipient.' });
    expect(callSteps(all, all, 5, false).next).toEqual({ to: null, why: 'This is the last recipient.' });
    expect(callSteps(all, shown, 5, true).next).toEqual({ to: null, why: 'This is the last recipient that matches the search and filter.' });
    expect(callSteps(all, shown, 1, true).prev.why).toBe('This is the first recipient that matches the search and filter.');
  });

  it('goes from a recipient the filter now hides to the shown ones either side of it', () => {
    let s = callSteps(all, shown, 4, true);
    expect([to(s.prev), to(s.next)]).toEqual([3, 5]);
    s = callSteps(all, [all[2], all[3]], 5, true);
    expect([to(s.prev), s.next.why]).toEqual([4, 'This is the last recipient that matches the search and filter.']);
    s = callSteps(all, [all[2]], 1, true);
    expect([s.prev.why, to(s.next)]).toEqual(['This is the first recipient that matches the search and filter.', 3]);
  });

  it('offers nothing when nothing is shown or the recipient is unknown', () => {
    expect(callSteps(all, [], 3, true).next).toEqual({ to: null, why: 'No recipient matches the search and filter.' });
    expect(to(callSteps(all, shown, 99, true).next)).toBeNull();
    expect(to(callSteps(all, shown, null, true).prev)).toBeNull();
  });

  it('moves with J and K, or Alt with the arrows, but not while typing or with Ctrl', () => {
    expect(stepOf(key('j'), null)).toBe(1);
    expect(stepOf(key('K'), null)).toBe(-1);
    expect(stepOf(key('ArrowDown', { altKey: true }), null)).toBe(1);
    expect(stepOf(key('ArrowUp', { altKey: true }), null)).toBe(-1);
    expect(stepOf(key('ArrowDown'), null)).toBe(0);
    expect(stepOf(key('j', { ctrlKey: true }), null)).toBe(0);
    expect(stepOf(key('j'), document.createElement('input'))).toBe(0);
    expect(stepOf(key('ArrowDown', { altKey: true }), document.createElement('input'))).toBe(1);
  });
});

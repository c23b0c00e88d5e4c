import { describe, expect, it } from 'vitest';
import { neighbours, stepOf } from './callNav';

const rows = [{ index: 3 }, { index: 7 }, { index: 9 }];
const key = (key: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('moving between calls', () => {
  it('goes to the recipient listed before and after the open one', () => {
    expect(neighbours(rows, 7)).toEqual({ prev: { index: 3 }, next: { index: 9 } });
  });

  it('has nowhere further to go at either end of the list', () => {
    expect(neighbours(rows, 3).prev).toBeNull();
    expect(neighbours(rows, 9).next).toBeNull();
  });

  it('offers nothing when the open recipient is no longer listed', () => {
    expect(neighbours(rows, 5)).toEqual({ prev: null, next: null });
    expect(neighbours(rows, null)).toEqual({ prev: null, next: null });
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

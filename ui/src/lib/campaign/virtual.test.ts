import { describe, expect, it } from 'vitest';
import { scrollToShow, virtualWindow } from './virtual';

describe('virtual window', () => {
  it('renders the visible rows plus the overscan, with spacers for the rest', () => {
    // 5,000 rows of 36 px in a 540 px viewport, scrolled to row 1,000.
    const w = virtualWindow(36_000, 540, 36, 5000, 10);
    expect(w.start).toBe(990);
    expect(w.end).toBe(1000 + 16 + 10);
    expect(w.before).toBe(990 * 36);
    expect(w.after).toBe((5000 - w.end) * 36);
    expect(w.before + (w.end - w.start) * 36 + w.after).toBe(5000 * 36);
  });

  it('starts at the top and never goes past the end', () => {
    expect(virtualWindow(0, 540, 36, 5000, 10)).toMatchObject({ start: 0, end: 26, before: 0 });
    const bottom = virtualWindow(5000 * 36 - 540, 540, 36, 5000, 10);
    expect(bottom.end).toBe(5000);
    expect(bottom.after).toBe(0);
    // Scrolled further than the list (it just got shorter): still the last rows, not nothing.
    const past = virtualWindow(1_000_000, 540, 36, 12, 10);
    expect(past.end).toBe(12);
    expect(past.start).toBeLessThan(12);
  });

  it('renders all of a short list', () => {
    expect(virtualWindow(0, 560, 36, 12, 10)).toEqual({ start: 0, end: 12, before: 0, after: 0 });
  });

  it('renders nothing for an empty list, and copes with a negative (elastic) scroll', () => {
    expect(virtualWindow(0, 540, 36, 0)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
    expect(virtualWindow(-40, 540, 36, 100, 0).start).toBe(0);
  });
});

describe('scrolling a row into view', () => {
  it('leaves the scroll alone when the row is in view', () => {
    expect(scrollToShow(5, 0, 540, 36, 36)).toBe(0);
  });

  it('scrolls up to a row above the view', () => {
    expect(scrollToShow(10, 1000, 540, 36, 36)).toBe(360);
  });

  it('scrolls down just enough to show a row below the view, under the sticky header', () => {
    // Row 20 ends at 36 (header) + 21 × 36 = 792 px; the viewport is 540 px tall.
    expect(scrollToShow(20, 0, 540, 36, 36)).toBe(792 - 540);
  });
});

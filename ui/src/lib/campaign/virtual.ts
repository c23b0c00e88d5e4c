// Which rows of a long, fixed-row-height list to put in the page for a scroll position: the
// visible ones plus a margin either side, so scrolling stays smooth with 5,000+ rows.

export type VirtualWindow = {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last one to render. */
  end: number;
  /** Height of the empty space above the rendered rows. */
  before: number;
  /** Height of the empty space below them. */
  after: number;
};

export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan = 8,
): VirtualWindow {
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + visible + overscan);
  return { start, end, before: start * rowHeight, after: (rowCount - end) * rowHeight };
}

/**
 * The scroll offset that brings row `index` fully into view below a sticky header of
 * `headerHeight` (unchanged when the row is already in view).
 */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  headerHeight = 0,
): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = headerHeight + top + rowHeight;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

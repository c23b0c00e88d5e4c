// Moving between calls with the call panel open: the recipient before and after the open one.

/** Where the call panel's Previous or Next goes: a row, or nowhere and why (said on the button). */
export type Step<T> = { to: T; why: null } | { to: null; why: string };

/**
 * The rows before and after the open one among the rows the recipients table `shown` (its
 * search and filter, in its order), so the panel walks what the person sees. When the open
 * recipient is no longer shown (a filter changed, or its call ended and left the filtered
 * status), the steps go to the shown rows either side of where it stood in `all` (the table's
 * full order, of which `shown` keeps the order). `narrowed`: a search or filter is on, so the
 * reasons at the ends say so.
 */
export function callSteps<T extends { index: number }>(
  all: readonly T[],
  shown: readonly T[],
  open: number | null,
  narrowed: boolean,
): { prev: Step<T>; next: Step<T> } {
  const matching = narrowed ? ' that matches the search and filter' : '';
  const none: Step<T> = { to: null, why: narrowed ? 'No recipient matches the search and filter.' : 'There are no recipients to show.' };
  const end = (which: 'first' | 'last'): Step<T> => ({ to: null, why: `This is the ${which} recipient${matching}.` });
  const step = (row: T | undefined, which: 'first' | 'last'): Step<T> => (row ? { to: row, why: null } : end(which));
  if (shown.length === 0 || open === null) return { prev: none, next: none };
  const at = shown.findIndex((r) => r.index === open);
  if (at >= 0) return { prev: step(shown[at - 1], 'first'), next: step(shown[at + 1], 'last') };
  const position = new Map(all.map((r, i) => [r.index, i]));
  const where = position.get(open);
  if (where === undefined) return { prev: none, next: none };
  const after = shown.findIndex((r) => (position.get(r.index) ?? -1) > where);
  const next = after < 0 ? undefined : shown[after];
  const prev = shown[(after < 0 ? shown.length : after) - 1];
  return { prev: step(prev, 'first'), next: step(next, 'last') };
}

/**
 * Which way a key moves the call panel: K / ↑ with Alt to the previous call, J / ↓ with Alt to the
 * next. Plain arrows stay with what has focus (the recording's slider, the page's scrolling).
 */
export function stepOf(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }, target: EventTarget | null): -1 | 1 | 0 {
  if (e.ctrlKey || e.metaKey) return 0;
  const typing =
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'AUDIO'].includes(target.tagName));
  if (e.altKey && e.key === 'ArrowUp') return -1;
  if (e.altKey && e.key === 'ArrowDown') return 1;
  if (typing || e.altKey) return 0;
  if (e.key === 'k' || e.key === 'K') return -1;
  if (e.key === 'j' || e.key === 'J') return 1;
  return 0;
}

/** The recording's bytes as something an `<audio>` element can play; revoke the URL when done. */
export function recordingUrl(bytes: ArrayBuffer): string {
  return URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
}

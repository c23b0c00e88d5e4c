// Moving between calls with the call panel open: the recipient before and after the open one.

/** The rows either side of the row whose `index` is `open`, in the order given (null at the ends). */
export function neighbours<T extends { index: number }>(rows: readonly T[], open: number | null): { prev: T | null; next: T | null } {
  const at = open === null ? -1 : rows.findIndex((r) => r.index === open);
  if (at < 0) return { prev: null, next: null };
  return { prev: rows[at - 1] ?? null, next: rows[at + 1] ?? null };
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

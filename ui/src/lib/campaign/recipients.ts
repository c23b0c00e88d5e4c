// Searching and filtering the recipients table. Pure functions over the rows, so a 5,000-row
// campaign filters on every keystroke without the table knowing how.

import type { RecipientRow } from '../host';
import { displayPhone } from '../phone';
import { RECIPIENT_STATES, recipientLook, recipientState, stateWord } from './status';

/** The filter value that lets everything through. */
export const ALL = 'all';
/**
 * One filter for the one Status column: a value of `RECIPIENT_STATES` (where a call under way
 * is, how an ended one ended), or a status Batchline doesn't know.
 */
export type RecipientFilter = { status: string; query: string };

const PHONE_LIKE = /^[\d\s()+.-]+$/;

/**
 * Case-insensitive search over the number (as stored and as shown) and every metadata value.
 * A query that looks like a phone number matches on digits alone, so "415 555 0100" and
 * "4155550100" both find +14155550100.
 */
export function matchesQuery(row: RecipientRow, query: string): boolean {
  const text = query.trim().toLowerCase();
  if (!text) return true;
  if (PHONE_LIKE.test(text)) {
    const digits = text.replace(/\D/g, '');
    if (digits && row.toNumber.replace(/\D/g, '').includes(digits)) return true;
  }
  if (row.toNumber.toLowerCase().includes(text)) return true;
  if (displayPhone(row.toNumber).toLowerCase().includes(text)) return true;
  return row.metadata.some((value) => value.toLowerCase().includes(text));
}

export function filterRecipients(rows: readonly RecipientRow[], filter: RecipientFilter): RecipientRow[] {
  return rows.filter((row) => (filter.status === ALL || recipientState(row) === filter.status) && matchesQuery(row, filter.query));
}

export type Option = { value: string; label: string; count: number };

function optionsBy(
  rows: readonly RecipientRow[],
  valueOf: (row: RecipientRow) => string,
  labelOf: (row: RecipientRow) => string,
  order: readonly string[],
  keep: { value: string; label: string } | null,
): Option[] {
  const found = new Map<string, Option>();
  for (const row of rows) {
    const value = valueOf(row);
    const option = found.get(value);
    if (option) option.count += 1;
    else found.set(value, { value, label: labelOf(row), count: 1 });
  }
  // The value a filter is set to stays selectable after a refresh leaves no row with it.
  if (keep && keep.value !== ALL && !found.has(keep.value)) found.set(keep.value, { ...keep, count: 0 });
  const rank = (v: string) => {
    const i = order.indexOf(v);
    return i < 0 ? order.length : i;
  };
  return [...found.values()].sort((a, b) => rank(a.value) - rank(b.value) || a.label.localeCompare(b.label));
}

/** The statuses present among the rows (and `selected`), in the order calls go through them, with counts. */
export function statusOptions(rows: readonly RecipientRow[], selected: string = ALL): Option[] {
  return optionsBy(rows, recipientState, (r) => recipientLook(r).word, RECIPIENT_STATES, { value: selected, label: stateWord(selected) });
}

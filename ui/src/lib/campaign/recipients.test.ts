import { describe, expect, it } from 'vitest';
import type { Outcome, RecipientRow } from '../host';
import { ALL, filterRecipients, matchesQuery, statusOptions } from './recipients';

const WORDS: Record<string, string> = { answered: 'Answered', noAnswer: 'No answer', busy: 'Busy', queued: 'Waiting', other: 'Other' };

function row(index: number, toNumber: string, status: string, outcome: Outcome | null = null, metadata: string[] = []): RecipientRow {
  return {
    index,
    part: 1,
    toNumber,
    status,
    statusLabel: WORDS[outcome ?? status] ?? `Cartesia says “${status}”`,
    endReason: null,
    endReasonLabel: null,
    outcome,
    agentCallId: null,
    errorMessage: null,
    metadata,
    retryCount: 0,
  };
}

const rows = [
  row(1, '+14155550100', 'completed', 'answered', ['Ada Lovelace', 'Gold']),
  row(2, '+14155550101', 'failed', 'noAnswer', ['Alan Turing', 'Silver']),
  row(3, '+442071838750', 'failed', 'busy', ['Grace Hopper', '94105']),
  row(4, '+14155550103', 'queued', null, ['Édith Piaf', '']),
  row(5, '+14155550104', 'failed', 'other', ['Someone', '']),
  row(6, '+14155550105', 'paused', null, ['Someone else', '']),
];

describe('recipient search', () => {
  it('finds a number from its digits, however it is written', () => {
    expect(matchesQuery(rows[0], '4155550100')).toBe(true);
    expect(matchesQuery(rows[0], '+1 (415) 555-0100')).toBe(true);
    expect(matchesQuery(rows[0], '(415) 555-0100')).toBe(true);
    expect(matchesQuery(rows[0], '415.555.0100')).toBe(true);
    expect(matchesQuery(rows[1], '4155550100')).toBe(false);
  });

  it('finds any metadata value, ignoring case and surrounding spaces', () => {
    expect(matchesQuery(rows[2], '  grace ')).toBe(true);
    expect(matchesQuery(rows[2], '94105')).toBe(true);
    expect(matchesQuery(rows[3], 'édith')).toBe(true);
    expect(matchesQuery(rows[0], 'turing')).toBe(false);
  });

  it('lets everything through an empty search', () => {
    expect(filterRecipients(rows, { status: ALL, query: '   ' })).toHaveLength(rows.length);
  });
});

describe('recipient filter', () => {
  it('filters by the one status word (a busy line is busy, whatever Cartesia’s status), and with the search', () => {
    const pick = (status: string, query = '') => filterRecipients(rows, { status, query }).map((r) => r.index);
    expect(pick('busy')).toEqual([3]);
    expect(pick('noAnswer')).toEqual([2]);
    expect(pick('queued')).toEqual([4]);
    expect(pick('paused')).toEqual([6]);
    expect(pick('failed')).toEqual([]);
    expect(pick(ALL, 'alan')).toEqual([2]);
    expect(pick('answered', 'alan')).toEqual([]);
  });

  it('offers the words present, in calling order, with counts; unknown statuses last, as the backend says them', () => {
    expect(statusOptions(rows)).toEqual([
      { value: 'queued', label: 'Waiting', count: 1 },
      { value: 'answered', label: 'Answered', count: 1 },
      { value: 'noAnswer', label: 'No answer', count: 1 },
      { value: 'busy', label: 'Busy', count: 1 },
      { value: 'other', label: 'Other', count: 1 },
      { value: 'paused', label: 'Cartesia says “paused”', count: 1 },
    ]);
  });

  it('keeps the chosen option after a refresh leaves no row with it', () => {
    const options = statusOptions(rows.slice(0, 1), 'busy');
    expect(options).toContainEqual({ value: 'busy', label: 'Busy', count: 0 });
    expect(statusOptions(rows.slice(0, 1), ALL)).toHaveLength(1);
  });
});

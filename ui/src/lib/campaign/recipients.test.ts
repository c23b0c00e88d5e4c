import { describe, expect, it } from 'vitest';
import type { Outcome, RecipientRow } from '../host';
import { ALL, NOT_FINISHED, filterRecipients, matchesQuery, outcomeOptions, statusOptions } from './recipients';

function row(index: number, toNumber: string, status: string, outcome: Outcome | null = null, metadata: string[] = []): RecipientRow {
  return {
    index,
    part: 1,
    toNumber,
    status,
    statusLabel: status,
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
  row(5, '+14155550104', 'voicemail', 'other', ['Someone', '']),
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
    expect(filterRecipients(rows, { status: ALL, outcome: ALL, query: '   ' })).toHaveLength(rows.length);
  });
});

describe('recipient filters', () => {
  it('filters by status, by outcome (including not finished), and with the search', () => {
    const pick = (status: string, outcome: string, query = '') =>
      filterRecipients(rows, { status, outcome, query }).map((r) => r.index);
    expect(pick('failed', ALL)).toEqual([2, 3]);
    expect(pick(ALL, 'busy')).toEqual([3]);
    expect(pick(ALL, NOT_FINISHED)).toEqual([4]);
    expect(pick('failed', ALL, 'alan')).toEqual([2]);
    expect(pick('completed', 'busy')).toEqual([]);
  });

  it('offers the statuses present, in calling order, with counts and words', () => {
    expect(statusOptions(rows)).toEqual([
      { value: 'queued', label: 'Waiting', count: 1 },
      { value: 'completed', label: 'Completed', count: 1 },
      { value: 'failed', label: 'Failed', count: 2 },
      { value: 'voicemail', label: 'voicemail', count: 1 },
    ]);
  });

  it('keeps the chosen option after a refresh leaves no row with it', () => {
    const options = statusOptions(rows.slice(0, 1), 'failed');
    expect(options).toContainEqual({ value: 'failed', label: 'Failed', count: 0 });
    expect(statusOptions(rows.slice(0, 1), ALL)).toHaveLength(1);
  });

  it('offers the outcomes present, answered first, and "not finished yet"', () => {
    expect(outcomeOptions(rows).map((o) => [o.value, o.label, o.count])).toEqual([
      ['answered', 'Answered', 1],
      ['noAnswer', 'No answer', 1],
      ['busy', 'Line busy', 1],
      ['other', 'Other', 1],
      [NOT_FINISHED, 'Not finished yet', 1],
    ]);
  });
});

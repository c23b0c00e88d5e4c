import { describe, expect, it } from 'vitest';
import { asTheCallSays, durationText, endedText, offsetLabel, speakerLabel } from './call';

describe('transcript words', () => {
  it('names speakers Agent and Recipient', () => {
    expect(speakerLabel('Agent')).toEqual({ label: 'Agent', side: 'agent' });
    expect(speakerLabel('Recipient')).toEqual({ label: 'Recipient', side: 'recipient' });
    expect(speakerLabel('System').side).toBe('system');
    expect(speakerLabel('assistant').label).toBe('Agent');
    expect(speakerLabel('Operator')).toEqual({ label: 'Operator', side: 'system' });
  });

  it('shows time into the call as a clock', () => {
    expect(offsetLabel(5.4)).toBe('0:05');
    expect(offsetLabel(102)).toBe('1:42');
    expect(offsetLabel(3723)).toBe('1:02:03');
    expect(offsetLabel(-1)).toBe('0:00');
  });
});

describe('how long a call lasted', () => {
  const ended = '2026-03-01T12:01:00Z';

  it('is the conversation of an answered call', () => {
    expect(durationText({ durationSeconds: 90, endedAt: ended }, { status: 'completed', outcome: 'answered' })).toBe('1 min 30 s');
  });

  it('is no conversation for a call that rang out or was busy, however long it rang', () => {
    // The backend gives no duration for an unanswered call, even when the server timed its ringing.
    expect(durationText({ durationSeconds: null, endedAt: ended }, { status: 'failed', outcome: 'noAnswer' })).toBe('No conversation');
    expect(durationText({ durationSeconds: null, endedAt: ended }, { status: 'failed', outcome: 'busy' })).toBe('No conversation');
  });

  it('says whether a call under way is ringing or talking', () => {
    expect(durationText({ durationSeconds: null, endedAt: null }, { status: 'dispatched', outcome: '' })).toBe('Not answered yet');
    expect(durationText({ durationSeconds: null, endedAt: null }, { status: 'started', outcome: '' })).toBe('Still going');
  });
});

describe('what the call panel says the call came to', () => {
  const row = { status: 'completed', statusLabel: 'Answered', outcome: 'answered' as const, index: 4 };
  const machine = { outcome: 'voicemail' as const, statusLabel: 'Voicemail', outcomeReason: 'The transcript shows an answering machine' };

  it('reads Voicemail, saying why, when the transcript shows an answering machine', () => {
    expect(asTheCallSays(row, machine)).toEqual({ ...row, outcome: 'voicemail', statusLabel: 'Voicemail' });
    expect(endedText({ ...machine, endReasonLabel: 'The agent ended the call', endedAt: '2026-03-01T12:00:25Z' })).toBe(
      'The transcript shows an answering machine. The agent ended the call.',
    );
  });

  it('keeps the row’s word when the call says nothing more, or isn’t read yet', () => {
    expect(asTheCallSays(row, null)).toBe(row);
    expect(asTheCallSays(row, { outcome: 'answered', statusLabel: 'Answered', outcomeReason: null })).toBe(row);
    // A call read before it ended doesn't hold back the row's newer word.
    expect(asTheCallSays(row, { outcome: null, statusLabel: 'On the phone', outcomeReason: null })).toBe(row);
    expect(endedText({ endReasonLabel: 'The recipient hung up', endedAt: '2026-03-01T12:00:25Z', outcomeReason: null })).toBe('The recipient hung up');
    expect(endedText({ endReasonLabel: null, endedAt: null, outcomeReason: null })).toBe('It hasn’t ended yet');
  });
});

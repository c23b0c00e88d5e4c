import { describe, expect, it } from 'vitest';
import type { CampaignStatus, Outcome } from '../host';
import { CAMPAIGN_STATUSES, OUTCOMES, RECIPIENT_STATES, campaignLook, isSettled, outcomeTone, outcomeWord, recipientLook, recipientState, stateWord, toneVar } from './status';

describe('campaign status chips', () => {
  it('gives every status a word, an icon and the palette colour of UI.md', () => {
    const expected: Record<CampaignStatus, [string, string]> = {
      notLaunched: ['Not started', 'queued'],
      launching: ['Launching', 'progress'],
      scheduled: ['Scheduled', 'queued'],
      waitingForCapacity: ['Waiting for capacity', 'waiting'],
      dialing: ['Calling', 'progress'],
      finishing: ['Finishing', 'progress'],
      done: ['Done', 'completed'],
      cancelled: ['Cancelled', 'cancelled'],
      failed: ['Failed', 'failed'],
    };
    expect(CAMPAIGN_STATUSES.sort()).toEqual(Object.keys(expected).sort());
    for (const status of CAMPAIGN_STATUSES) {
      const look = campaignLook(status);
      expect([look.word, look.tone]).toEqual(expected[status]);
      expect(look.icon).toBeTruthy();
    }
    expect(toneVar('waiting')).toBe('--st-waiting');
  });

  it('shows a status it does not know instead of failing', () => {
    expect(campaignLook('paused' as CampaignStatus).word).toBe('paused');
  });

  it('stops polling only once nothing more will happen', () => {
    expect(isSettled('done')).toBe(true);
    expect(isSettled('cancelled')).toBe(true);
    expect(isSettled('failed')).toBe(true);
    expect(isSettled('dialing')).toBe(false);
    expect(isSettled('scheduled')).toBe(false);
  });
});

describe('recipient statuses and outcomes', () => {
  const row = (status: string, outcome: Outcome | null, statusLabel = '') => ({ status, outcome, statusLabel });

  it('reads a call under way by where it is, an ended one by how it ended, in one word', () => {
    expect(recipientLook(row('queued', null))).toMatchObject({ word: 'Waiting', tone: 'queued' });
    expect(recipientLook(row('dispatched', null))).toMatchObject({ word: 'Dialing', tone: 'progress' });
    expect(recipientLook(row('started', null))).toMatchObject({ word: 'On the phone', tone: 'progress' });
    expect(recipientLook(row('completed', 'answered'))).toMatchObject({ word: 'Answered', tone: 'completed' });
    expect(recipientLook(row('failed', 'noAnswer'))).toMatchObject({ word: 'No answer', tone: 'noanswer' });
    expect(recipientLook(row('cancelled', 'notDialed'))).toMatchObject({ word: 'Not dialed', tone: 'cancelled' });
  });

  it('shows a busy line as busy, in orange, never as a red failure', () => {
    const busy = recipientLook(row('failed', 'busy', 'Busy'));
    expect(busy).toMatchObject({ word: 'Busy', tone: 'noanswer' });
    expect(busy.word).not.toMatch(/fail/i);
    expect(recipientLook(row('failed', 'couldntConnect'))).toMatchObject({ word: "Couldn't connect", tone: 'failed' });
  });

  it('keeps an unknown status visible with its own label, in grey', () => {
    expect(recipientLook(row('paused', null, 'Cartesia says “paused”'))).toMatchObject({ word: 'Cartesia says “paused”', tone: 'queued' });
    expect(recipientLook(row('paused', null))).toMatchObject({ word: 'paused' });
  });

  it('lists the filter values in the order a call goes through them, each with the backend’s word', () => {
    expect(RECIPIENT_STATES).toEqual(['queued', 'dispatched', 'started', 'answered', 'voicemail', 'noAnswer', 'busy', 'couldntConnect', 'notDialed', 'other']);
    expect(RECIPIENT_STATES.map(stateWord)).toEqual([
      'Waiting', 'Dialing', 'On the phone', 'Answered', 'Voicemail', 'No answer', 'Busy', "Couldn't connect", 'Not dialed', 'Other',
    ]);
    expect(new Set(RECIPIENT_STATES.map(stateWord)).size).toBe(RECIPIENT_STATES.length);
    expect(recipientState(row('failed', 'busy'))).toBe('busy');
    expect(recipientState(row('queued', null))).toBe('queued');
  });

  it('words outcomes as the backend does, in the charts\' order', () => {
    expect(OUTCOMES).toEqual(['answered', 'voicemail', 'noAnswer', 'busy', 'couldntConnect', 'notDialed', 'other']);
    expect(outcomeWord('noAnswer')).toBe('No answer');
    expect(outcomeWord('busy')).toBe('Busy');
    expect(outcomeWord(null)).toBe('');
  });

  it('colours outcomes: answered green, voicemail, no answer and busy orange, couldn’t connect red, not dialed slate', () => {
    expect(outcomeTone('answered')).toBe('completed');
    expect(outcomeTone('voicemail')).toBe('noanswer');
    expect(outcomeTone('noAnswer')).toBe('noanswer');
    expect(outcomeTone('busy')).toBe('noanswer');
    expect(outcomeTone('couldntConnect')).toBe('failed');
    expect(outcomeTone('notDialed')).toBe('cancelled');
    expect(outcomeTone('other')).toBe('queued');
    expect(outcomeTone('somethingNew')).toBe('queued');
  });
});

import { describe, expect, it } from 'vitest';
import type { CampaignStatus } from '../host';
import { CAMPAIGN_STATUSES, OUTCOMES, campaignLook, isSettled, outcomeTone, outcomeWord, recipientLook, toneVar } from './status';

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
  it('words and colours Cartesia statuses', () => {
    expect(recipientLook('queued')).toMatchObject({ word: 'Waiting', tone: 'queued' });
    expect(recipientLook('dispatched')).toMatchObject({ word: 'Dialing', tone: 'progress' });
    expect(recipientLook('started')).toMatchObject({ word: 'On the phone', tone: 'progress' });
    expect(recipientLook('completed')).toMatchObject({ word: 'Completed', tone: 'completed' });
    expect(recipientLook('failed')).toMatchObject({ word: 'Failed', tone: 'failed' });
    expect(recipientLook('cancelled')).toMatchObject({ word: 'Cancelled', tone: 'cancelled' });
  });

  it('keeps an unknown status visible with its own label, in grey', () => {
    expect(recipientLook('voicemail', 'Left a voicemail')).toMatchObject({ word: 'Left a voicemail', tone: 'queued' });
    expect(recipientLook('voicemail')).toMatchObject({ word: 'voicemail' });
  });

  it('words outcomes as the backend does, in the charts\' order', () => {
    expect(OUTCOMES).toEqual(['answered', 'noAnswer', 'busy', 'notDialed', 'cancelled', 'other']);
    expect(outcomeWord('noAnswer')).toBe('No answer');
    expect(outcomeWord('busy')).toBe('Line busy');
    expect(outcomeWord(null)).toBe('');
  });

  it('colours outcomes: answered green, no answer and busy orange, not dialed red, others slate', () => {
    expect(outcomeTone('answered')).toBe('completed');
    expect(outcomeTone('noAnswer')).toBe('noanswer');
    expect(outcomeTone('busy')).toBe('noanswer');
    expect(outcomeTone('notDialed')).toBe('failed');
    expect(outcomeTone('cancelled')).toBe('cancelled');
    expect(outcomeTone('other')).toBe('cancelled');
    expect(outcomeTone('somethingNew')).toBe('cancelled');
  });
});

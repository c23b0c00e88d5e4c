import { describe, expect, it } from 'vitest';
import { offsetLabel, speakerLabel } from './call';

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

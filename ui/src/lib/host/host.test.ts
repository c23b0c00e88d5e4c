import { describe, expect, it } from 'vitest';
import { asIpcError, browserHost, host, insideTauri, onKeyTrouble, whereToFix } from './index';
import { reportKeyTrouble } from './errors';

describe('host', () => {
  it('uses the browser stand-in outside the desktop app', async () => {
    expect(insideTauri()).toBe(false);
    expect(host.kind).toBe('browser');
    const info = await browserHost.appInfo();
    expect(info.connection.mode).toBe('practice');
  });

  it('turns any thrown value into a message a person can read', () => {
    expect(asIpcError({ code: 'key_refused', message: 'The key was refused.' })).toEqual({
      code: 'key_refused',
      message: 'The key was refused.',
    });
    // A code the UI doesn't branch on is dropped: screens only ever see the generated union.
    expect(asIpcError({ code: 'no_phone_column', message: 'No phone column.' })).toEqual({
      code: null,
      message: 'No phone column.',
    });
    expect(asIpcError('plain text')).toEqual({ code: null, message: 'plain text' });
    expect(asIpcError(undefined).message).toMatch(/try again/);
  });
});

describe('error codes', () => {
  it('send the person where the error can be fixed', () => {
    expect(whereToFix('key_refused')).toEqual({ kind: 'settings' });
    expect(whereToFix('key_for_other_address')).toEqual({ kind: 'settings' });
    expect(whereToFix('schedule')).toEqual({ kind: 'step', step: 'schedule' });
    expect(whereToFix('setup')).toEqual({ kind: 'step', step: 'setup' });
    expect(whereToFix('recipients')).toEqual({ kind: 'step', step: 'recipients' });
    expect(whereToFix('key_not_saved')).toEqual({ kind: 'here' });
    expect(whereToFix(null)).toEqual({ kind: 'here' });
  });

  it('tell every listener when the saved key is refused, whichever screen asked', () => {
    const seen: string[] = [];
    const stop = onKeyTrouble((e) => seen.push(e.message));
    reportKeyTrouble({ code: 'key_refused', message: 'Cartesia no longer accepts the saved API key.' });
    reportKeyTrouble({ code: 'schedule', message: 'The start time has passed.' });
    reportKeyTrouble({ code: null, message: 'Network down.' });
    stop();
    reportKeyTrouble({ code: 'key_for_other_address', message: 'after unsubscribing' });
    expect(seen).toEqual(['Cartesia no longer accepts the saved API key.']);
  });
});

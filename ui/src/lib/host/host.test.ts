import { describe, expect, it } from 'vitest';
import { asIpcError, browserHost, host, insideTauri } from './index';

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

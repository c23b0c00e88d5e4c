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
    expect(asIpcError({ code: 'bad_key', message: 'The key was refused.' })).toEqual({
      code: 'bad_key',
      message: 'The key was refused.',
    });
    expect(asIpcError('plain text')).toEqual({ code: null, message: 'plain text' });
    expect(asIpcError(undefined).message).toMatch(/try again/);
  });
});

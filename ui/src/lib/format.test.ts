import { afterEach, describe, expect, it, vi } from 'vitest';
import { duration, numberLocale, percent } from './format';

/**
 * The format module as a webview started with `language` loads it: under LANG=C its language
 * says C and Intl's default locale is POSIX's (`en-US-u-va-posix`, which writes 11995).
 */
async function formatUnder(language: string, intlDefault = 'en-US-u-va-posix') {
  const Real = Intl.NumberFormat;
  const Faked = function (locale?: string | string[], options?: Intl.NumberFormatOptions) {
    return new Real(locale ?? intlDefault, options);
  } as unknown as typeof Intl.NumberFormat;
  vi.stubGlobal('Intl', { ...Intl, NumberFormat: Faked });
  vi.stubGlobal('navigator', { language });
  vi.resetModules();
  return import('./format');
}

describe('format', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('groups thousands', async () => {
    const { count } = await formatUnder('en-US', 'en-US');
    expect(count(12345)).toBe('12,345');
  });

  it('groups thousands the way the backend does when the system locale is C or POSIX', async () => {
    for (const language of ['C', 'c', 'C.UTF-8', 'POSIX', '', 'und', 'en-US-u-va-posix']) {
      const { count } = await formatUnder(language);
      expect(count(11995), `language "${language}"`).toBe('11,995');
    }
  });

  it("writes counts like the backend's sentences whatever the system locale", async () => {
    for (const language of ['de-DE', 'fr-FR', 'en-GB', 'es']) {
      const { count } = await formatUnder(language, language);
      expect(count(11995), `language "${language}"`).toBe('11,995');
    }
    expect(numberLocale()).toBe('en-US');
  });

  it('says one and many', async () => {
    const { plural } = await formatUnder('C');
    expect(plural(1, 'call', 'calls')).toBe('1 call');
    expect(plural(0, 'call', 'calls')).toBe('0 calls');
    expect(plural(1200, 'recipient', 'recipients')).toBe('1,200 recipients');
  });

  it('rounds percentages and never divides by zero', () => {
    expect(percent(87, 100)).toBe('87 %');
    expect(percent(2, 3)).toBe('67 %');
    expect(percent(5, 0)).toBe('0 %');
  });

  it('speaks durations like a person', () => {
    expect(duration(42)).toBe('42 s');
    expect(duration(90)).toBe('1 min 30 s');
    expect(duration(4800)).toBe('1 h 20 min');
    expect(duration(3600)).toBe('1 h');
    expect(duration(26 * 3600)).toBe('1 d 2 h');
  });
});

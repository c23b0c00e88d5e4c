import { describe, expect, it, vi } from 'vitest';
import { currentTheme, followSystemTheme, motionMs, onThemeChange } from './theme';

describe('theme', () => {
  it('follows the OS setting, and tells whoever draws with the tokens when it changes', async () => {
    let dark = true;
    const listeners: (() => void)[] = [];
    vi.stubGlobal('matchMedia', () => ({
      get matches() {
        return dark;
      },
      addEventListener: (_: string, f: () => void) => listeners.push(f),
      removeEventListener: () => {},
    }));
    const root = document.createElement('div');
    const seen: string[] = [];
    const stop = onThemeChange((t) => seen.push(t), root);
    followSystemTheme(root);
    expect(currentTheme(root)).toBe('dark');
    await Promise.resolve();
    dark = false;
    listeners.forEach((f) => f());
    expect(currentTheme(root)).toBe('light');
    await Promise.resolve();
    expect(seen).toEqual(['dark', 'light']);
    stop();
    vi.unstubAllGlobals();
  });

  it('keeps script-drawn animations still for those who asked for reduced motion', () => {
    vi.stubGlobal('matchMedia', (q: string) => ({ matches: q.includes('reduced-motion') }));
    expect(motionMs(300)).toBe(0);
    vi.stubGlobal('matchMedia', () => ({ matches: false }));
    expect(motionMs(300)).toBe(300);
    vi.unstubAllGlobals();
  });
});

// Light or dark: the window follows the OS (prefers-color-scheme) by setting data-theme on the
// root element, which is what app.css keys its dark tokens on. Keeping the choice in one
// attribute lets anything that draws with the tokens (charts) follow one signal, and lets the
// end-to-end tests show the dark theme where the WebDriver can't emulate the OS setting.

export type Theme = 'light' | 'dark';

export function currentTheme(root: HTMLElement = document.documentElement): Theme {
  return root.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Sets data-theme from the OS now and whenever the OS theme changes. Returns a stop function. */
export function followSystemTheme(root: HTMLElement = document.documentElement): () => void {
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const apply = () => {
    root.dataset.theme = media?.matches ? 'dark' : 'light';
  };
  apply();
  media?.addEventListener('change', apply);
  return () => media?.removeEventListener('change', apply);
}

/** `ms`, or 0 when the person asked their system for reduced motion (for animations drawn in script, e.g. charts). */
export function motionMs(ms: number): number {
  const reduce = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  return reduce ? 0 : ms;
}

/** Calls `changed` whenever data-theme changes (the OS changed, or a test set it). */
export function onThemeChange(changed: (theme: Theme) => void, root: HTMLElement = document.documentElement): () => void {
  const observer = new MutationObserver(() => changed(currentTheme(root)));
  observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

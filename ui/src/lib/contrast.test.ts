// WCAG AA for the design tokens, computed from app.css itself, in both themes: a colour change
// that makes a status word, a button or a control's edge hard to see fails here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(process.cwd(), 'src/app.css'), 'utf8');

function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block in app.css`);
  const body = css.slice(start, css.indexOf('\n}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2].toLowerCase()]));
}

const light = tokens(':root');
const themes = { light, dark: { ...light, ...tokens(":root[data-theme='dark']") } };

function rgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function ratio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** color-mix(in srgb, a p, b): what a chip's tinted background is. */
function mix(a: string, b: string, p: number): string {
  const [x, y] = [rgb(a), rgb(b)];
  return `#${x.map((v, i) => Math.round(v * p + y[i] * (1 - p)).toString(16).padStart(2, '0')).join('')}`;
}

const TONES = ['queued', 'waiting', 'progress', 'completed', 'noanswer', 'failed', 'cancelled'];

describe.each(Object.entries(themes))('the %s theme', (_, t) => {
  const backgrounds = { surface: t['--surface'], 'surface-2': t['--surface-2'], bg: t['--bg'] };

  it('has every token this test reads', () => {
    for (const name of ['--surface', '--surface-2', '--bg', '--text', '--text-2', '--control-border', '--focus', '--danger', '--danger-text']) {
      expect(t[name], name).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it.each(TONES)('status word “%s” reads at 4.5:1 on its chip, tiles and rows', (tone) => {
    const c = t[`--st-${tone}`];
    const places = { ...backgrounds, chip: mix(c, t['--surface'], 0.13) };
    for (const [where, bg] of Object.entries(places)) {
      expect(ratio(c, bg), `${tone} on ${where}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('body text, secondary text and links read at 4.5:1', () => {
    for (const [where, bg] of Object.entries(backgrounds)) {
      expect(ratio(t['--text'], bg), `text on ${where}`).toBeGreaterThanOrEqual(4.5);
      expect(ratio(t['--text-2'], bg), `text-2 on ${where}`).toBeGreaterThanOrEqual(4.5);
      expect(ratio(t['--accent'], bg), `link on ${where}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(ratio(t['--sidebar-text'], t['--sidebar']), 'sidebar').toBeGreaterThanOrEqual(4.5);
    expect(ratio(t['--practice-text'], t['--practice-bg']), 'practice banner').toBeGreaterThanOrEqual(4.5);
  });

  it('button labels read at 4.5:1: the primary button and the danger button', () => {
    expect(ratio(t['--accent-text'], t['--accent']), 'primary').toBeGreaterThanOrEqual(4.5);
    expect(ratio(t['--accent-text'], t['--accent-hover']), 'primary, hovered').toBeGreaterThanOrEqual(4.5);
    expect(ratio(t['--danger-text'], t['--danger']), 'danger').toBeGreaterThanOrEqual(4.5);
  });

  it('control borders and the focus ring stand out at 3:1', () => {
    for (const [where, bg] of Object.entries(backgrounds)) {
      expect(ratio(t['--control-border'], bg), `control border on ${where}`).toBeGreaterThanOrEqual(3);
      expect(ratio(t['--focus'], bg), `focus ring on ${where}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('tells cancelled from queued (both greys) by more than the hue', () => {
    expect(ratio(t['--st-cancelled'], t['--st-queued'])).toBeGreaterThanOrEqual(1.5);
  });
});

describe('the contrast check itself', () => {
  it('knows the textbook ratios', () => {
    expect(ratio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(ratio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(ratio('#ffffff', '#ffffff')).toBe(1);
  });
});

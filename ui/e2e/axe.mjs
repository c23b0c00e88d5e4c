// axe-core in the real app window: injected through WebDriver, run on what the screen shows now,
// in the light and the dark theme (set through data-theme, as lib/theme.ts does for the OS
// setting: WebKitWebDriver can't emulate prefers-color-scheme).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Shows the window in `theme` ('light' or 'dark'). */
export async function setTheme(app, theme) {
  await app.exec('document.documentElement.dataset.theme = arguments[0];', [theme]);
  await sleep(150);
}

/**
 * The serious and critical axe violations on screen now, as lines ("rule: what · where"), in
 * the current theme.
 */
export async function seriousViolations(app) {
  const loaded = await app.exec('return typeof window.axe === "object";');
  if (!loaded) await app.exec(`${AXE}\n;return true;`);
  const result = await app.execAsync(`
    const done = arguments[arguments.length - 1];
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((r) => done(JSON.stringify(r.violations)), (e) => done(JSON.stringify({ error: String(e) })));`);
  const violations = JSON.parse(result);
  if (!Array.isArray(violations)) throw new Error(`axe failed: ${violations.error}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim()} · ${n.target.join(' ')} · ${n.html.slice(0, 120)}`),
    );
}

/** The serious and critical violations of the screen in both themes, each line named by its theme. */
export async function auditBothThemes(app) {
  const found = [];
  for (const theme of ['light', 'dark']) {
    await setTheme(app, theme);
    found.push(...(await seriousViolations(app)).map((v) => `[${theme}] ${v}`));
  }
  await setTheme(app, 'light');
  return found;
}

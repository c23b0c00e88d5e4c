// The whole way by keyboard alone, through WebDriver key actions (no clicks, no scripts that
// change the page): from the empty home screen through every wizard step to a launch, then the
// campaign page — the recipients table with the arrow keys, a call opened with Enter and closed
// with Escape, focus back on the row.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApp } from './webdriver.mjs';

const KEY = { Tab: '\uE004', Enter: '\uE007', Space: ' ', Escape: '\uE00C', ArrowDown: '\uE015', ArrowUp: '\uE013', Shift: '\uE008' };

let app;

/** Presses (and releases) each key in turn, as a person at the keyboard would. */
async function press(...keys) {
  const actions = keys.flatMap((k) => [
    { type: 'keyDown', value: KEY[k] ?? k },
    { type: 'keyUp', value: KEY[k] ?? k },
  ]);
  await app.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  await sleep(60);
}

function focusedMatches(css) {
  return app.exec('return !!document.activeElement?.matches(arguments[0]);', [css]);
}

/** Tabs forward until the element matching `css` has the focus (it must be reachable by Tab). */
async function tabTo(css, max = 80) {
  await app.waitFor(css);
  for (let i = 0; i < max; i++) {
    if (await focusedMatches(css)) return;
    await press('Tab');
  }
  const at = await app.exec('return document.activeElement?.outerHTML.slice(0, 160) ?? "nothing";');
  assert.fail(`Tab never reached ${css} (focus on ${at})`);
}

/** Picks an option of the focused <select> with the arrow keys. */
async function arrowToOption(css, text) {
  for (let i = 0; i < 12; i++) {
    const shown = await app.exec('const s = document.querySelector(arguments[0]); return s.options[s.selectedIndex]?.text ?? "";', [css]);
    if (shown.includes(text)) return;
    await press('ArrowDown');
  }
  assert.fail(`the arrow keys never picked “${text}” in ${css}`);
}

before(async () => {
  app = await openApp({ env: { BATCHLINE_PRACTICE_SPEED: '25' } });
});

after(async () => {
  await app?.end();
});

test('the wizard, from the home screen to a launch, with keys only', async () => {
  await app.waitFor('[data-testid="campaigns-empty"]');
  await tabTo('[data-testid="try-sample"]');
  await press('Enter');
  await app.waitFor('[data-testid="preview-table"]');
  await tabTo('[data-testid="next"]');
  await press('Enter');
  await app.waitFor('[data-testid="review-counts"]');
  await tabTo('[data-testid="next"]');
  await press('Enter');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await tabTo('[data-testid="agent"]');
  await arrowToOption('[data-testid="agent"]', 'Appointment reminder');
  await tabTo('[data-testid="from-number"]');
  await arrowToOption('[data-testid="from-number"]', 'Front desk');
  await tabTo('[data-testid="next"]');
  await press('Enter');
  await tabTo('[data-testid="start-now"]');
  await press('Space');
  assert.equal(await app.exec('return document.querySelector(\'[data-testid="start-now"]\').checked;'), true);
  await tabTo('[data-testid="next"]');
  await press('Enter');
  await tabTo('[data-testid="compliance"]');
  await press('Space');
  assert.equal(await app.exec('return document.querySelector(\'[data-testid="compliance"]\').checked;'), true);
  await tabTo('[data-testid="launch"]');
  await press('Enter');
  await app.waitFor('[data-testid="launch-result"]', { timeout: 60000 });
});

test('the campaign page with keys only: the table by arrows, a call by Enter, closed by Escape', async () => {
  await tabTo('[data-testid="open-campaign"]');
  await press('Enter');
  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 180000 });
  await app.waitFor('[data-testid="recipient-row"]');
  // The recipients' Status filter, by arrows: the first word after "All" narrows the table.
  await tabTo('[data-testid="recipient-status-filter"]');
  const all = await app.textOf('[data-testid="recipients-count"]');
  await press('ArrowDown');
  let narrowed = all;
  for (let i = 0; i < 50 && narrowed === all; i++) {
    await sleep(100);
    narrowed = await app.textOf('[data-testid="recipients-count"]');
  }
  assert.notEqual(narrowed, all, 'the filter changed by keyboard');
  await press('ArrowUp');
  await app.waitFor('[data-testid="recipients-count"]', { text: all });
  // The table takes one Tab stop; the arrows move between rows.
  await tabTo('[data-testid="recipient-row"]');
  const first = await app.exec('return document.activeElement.dataset.pos;');
  await press('ArrowDown');
  assert.equal(await app.exec('return document.activeElement.dataset.pos;'), String(Number(first) + 1));
  const number = await app.exec('return document.activeElement.dataset.number;');
  await press('Enter');
  const panel = await app.waitFor('[data-testid="call-panel"]');
  assert.match(await app.text(panel), /\d/);
  assert.equal(await app.exec('return !!document.activeElement?.closest(\'[data-testid="call-panel"]\');'), true, 'focus moved into the panel');
  await press('Escape');
  await sleep(300);
  assert.equal((await app.findAll('[data-testid="call-panel"]')).length, 0, 'Escape closed the panel');
  assert.equal(await app.exec('return document.activeElement?.dataset.number ?? null;'), number, 'focus is back on the row');
});

// axe-core on every screen and state of the real app window, in the light and the dark theme:
// no serious or critical violation anywhere a campaign manager goes — the empty home screen,
// Settings, the Do not call page and its dialogs, each step of the New campaign wizard, a
// campaign running and done, its call panel, and the campaign list.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApp } from './webdriver.mjs';
import { localDateTime } from './flows.mjs';
import { auditBothThemes } from './axe.mjs';

let app;
/** Violations of the states seen in the current test: each test checks its own at its end. */
let found = [];

async function audit(state) {
  await sleep(300);
  found.push(...(await auditBothThemes(app)).map((v) => `${state}: ${v}`));
}

function none() {
  const seen = found;
  found = [];
  assert.deepEqual(seen, [], seen.join('\n'));
}

before(async () => {
  // Practice calls run fast so the campaign is seen running and finished within a minute.
  app = await openApp({ env: { BATCHLINE_PRACTICE_SPEED: '25' } });
});

after(async () => {
  await app?.end();
});

test('the empty home screen', async () => {
  await app.waitFor('[data-testid="campaigns-empty"]');
  await audit('home, empty');
  none();
});

test('Settings', async () => {
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('[data-testid="connection-card"]');
  await audit('settings');
  none();
});

test('the Do not call page: empty, with numbers, and its dialogs', async () => {
  await app.clickOn('a[href="#/do-not-call"]');
  await app.waitFor('[data-testid="dnc-empty"]');
  await audit('do not call, empty');
  // A number none of the sample's, so the wizard below reads the sample as ever.
  await app.clickOn('[data-testid="dnc-add"]');
  await app.waitFor('dialog[open] [data-testid="dnc-add-number"]');
  await app.type(await app.find('[data-testid="dnc-add-number"]'), '(305) 555-0118');
  await app.clickOn('[data-testid="dnc-add-confirm"]');
  await app.waitFor('[data-testid="dnc-add-reason-error"]');
  await audit('do not call, adding with an error');
  await app.type(await app.find('[data-testid="dnc-add-reason"]'), 'Asked on the call');
  await app.clickOn('[data-testid="dnc-add-confirm"]');
  await app.waitFor('[data-testid="dnc-table"]');
  await audit('do not call, a number listed');
  await app.clickOn('[data-testid="dnc-remove"]');
  await app.waitFor('dialog[open] [data-testid="dnc-remove-reason"]');
  await audit('do not call, removing');
  await app.exec('document.querySelector("dialog[open]")?.close();');
  none();
});

test('every step of the New campaign wizard', async () => {
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await audit('wizard: recipients');
  await app.clickOn('a[href="#/campaigns"]');
  await app.clickOn('[data-testid="try-sample"]');
  await app.waitFor('[data-testid="preview-table"]');
  await audit('wizard: columns');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  await audit('wizard: review');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await audit('wizard: setup, nothing chosen');
  // Next with no agent: the error is tied to its field and announced.
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('#agent-error');
  const tie = await app.exec(`const field = document.querySelector('[data-testid="agent"]');
    const said = document.getElementById(field.getAttribute('aria-describedby') ?? '');
    return [field.getAttribute('aria-invalid'), said?.getAttribute('role'), said?.textContent.trim()];`);
  assert.equal(tie[0], 'true', 'the agent field is marked invalid');
  assert.equal(tie[1], 'alert', 'its error is announced');
  assert.match(tie[2], /agent/i);
  await audit('wizard: setup, with errors');
  await app.selectByText('[data-testid="agent"]', 'Appointment reminder');
  await app.selectByText('[data-testid="from-number"]', 'Front desk');
  await app.clickOn('[data-testid="next"]');
  await app.clickOn('[data-testid="start-later"]');
  await app.setValue('[data-testid="schedule-time"]', localDateTime(2, 10));
  await app.waitFor('[data-testid="schedule-summary"]');
  await audit('wizard: schedule');
  await app.clickOn('[data-testid="start-now"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="compliance"]');
  await audit('wizard: confirm');
  await app.clickInView('[data-testid="compliance"]');
  await app.clickOn('[data-testid="launch"]');
  await app.waitFor('[data-testid="launch-result"]', { timeout: 60000 });
  await audit('wizard: launched');
  none();
});

test('the campaign running, done, and one call', async () => {
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="dialing"]', { timeout: 60000 });
  await audit('campaign running');
  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 180000 });
  await app.waitFor('[data-testid="recipient-row"]');
  await audit('campaign done');
  await app.clickInView('[data-testid="recipient-row"][data-status="answered"] td:nth-child(2)');
  await app.waitFor('[data-testid="call-transcript"]');
  await audit('call panel');
  await app.clickOn('[data-testid="call-close"]');
  none();
});

test('the campaign list', async () => {
  await app.clickOn('a[href="#/campaigns"]');
  await app.waitFor('[data-testid="campaign-row"]');
  await audit('campaign list');
  none();
});

// Changing a scheduled campaign before it starts, in the real window against the practice line:
// the form starts from the campaign, saving asks first, and the page then shows the new name and
// start. (What Cartesia receives — old batches cancelled, new ones with the new settings, each
// person once, even when killed mid-way — is tested in crates/campaign/tests/{edit,crash}.rs.)

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApp } from './webdriver.mjs';
import { launchAndWait, localDateTime, setUpAndSchedule } from './flows.mjs';
import { seriousViolations, setTheme } from './axe.mjs';

let app;

before(async () => {
  app = await openApp();
});

after(async () => {
  await app?.end();
});

/** With E2E_SHOTS=dir, the dialog in both themes (docs/screenshots/campaign-edit*.png). */
async function shot(name) {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  for (const [theme, suffix] of [['light', ''], ['dark', '-dark']]) {
    await setTheme(app, theme);
    await sleep(400);
    writeFileSync(join(dir, `${name}${suffix}.png`), await app.screenshot());
  }
  await setTheme(app, 'light');
}

test('a scheduled campaign is changed before it starts, after a question', async () => {
  await app.clickOn('[data-testid="try-sample"]');
  await app.waitFor('[data-testid="preview-table"]');
  await app.clickOn('[data-testid="next"]');
  await setUpAndSchedule(app, { start: localDateTime(2, 10) });
  assert.match(await launchAndWait(app), /Campaign launched/);
  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="scheduled"]', { timeout: 30000 });

  const startBefore = await app.textOf('[data-testid="campaign-start"]');
  await app.clickOn('[data-testid="edit-button"]');
  await app.waitFor('dialog[open] [data-testid="edit-name"]');
  // The form starts from the campaign's first start (the calling hours may have moved it later
  // than the time picked, into the recipients' hours).
  const shown = await app.exec(`return document.querySelector('[data-testid="edit-time"]').value;`);
  assert.match(shown, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  assert.ok(shown >= localDateTime(2, 10), `${shown} is not before the time picked`);
  const violations = await seriousViolations(app);
  assert.deepEqual(violations, [], 'the form passes axe');

  // A wrong value is told at its field and nothing is asked.
  await app.setValue('[data-testid="edit-concurrency"]', '0');
  await app.clickOn('[data-testid="edit-review"]');
  const invalid = await app.exec(`return document.querySelector('[data-testid="edit-concurrency"]').getAttribute('aria-invalid');`);
  assert.equal(invalid, 'true');
  assert.equal((await app.findAll('[data-testid="edit-question"]')).length, 0);

  await app.setValue('[data-testid="edit-concurrency"]', '2');
  await app.setValue('[data-testid="edit-name"]', 'Dental reminders (moved)');
  await app.setValue('[data-testid="edit-time"]', localDateTime(3, 19));
  await shot('campaign-edit');
  await app.clickOn('[data-testid="edit-review"]');
  const question = await app.textOf('[data-testid="edit-question"]');
  assert.match(question, /cancels this campaign’s scheduled calls in Cartesia/);
  assert.match(question, /19:00|7:00/);
  await shot('campaign-edit-confirm');
  await app.clickOn('[data-testid="edit-confirm"]');

  const message = await app.waitFor('[data-testid="edit-message"]', { timeout: 30000 });
  assert.match(await app.text(message), /Saved\. 26 recipients will be called with the new settings/);
  await app.waitFor('h1', { text: 'Dental reminders (moved)' });
  const startAfter = await app.textOf('[data-testid="campaign-start"]');
  assert.notEqual(startAfter, startBefore, 'the new start is shown');
  const page = await app.textOf('[data-testid="campaign-page"]');
  assert.doesNotMatch(page, /in 2 parts/, 'the replaced part is not shown as a part');
  assert.match(await app.textOf('[data-testid="campaign-status"]'), /Scheduled/);
});

// State calling rules in Settings, in the real window: Florida's rule is listed in plain words
// with its source; turning it off goes through a dialog that warns what it means and asks why
// (refused without the reason and the confirmation, by the backend); once off, Settings says
// since when and why — also after the Settings form is saved again — and the audit log on disk
// holds the change; turning it back on is logged too.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';

let app;

before(async () => {
  app = await openApp();
});

after(async () => {
  await app?.end();
});

const FLORIDA = '[data-testid="state-rule"][data-region="US-FL"]';

/** The audit log's entries about rules, oldest first, as "kind|detail". */
function ruleAudit() {
  const db = join(app.dataDir, 'data', 'app.batchline.desktop.dev', 'campaigns.sqlite');
  const out = execFileSync('sqlite3', [
    db,
    "SELECT kind || '|' || detail FROM audit_log WHERE kind LIKE 'rule_%' ORDER BY id",
  ]).toString();
  return out.split('\n').filter(Boolean);
}

test('Florida’s rule is turned off only through the warning, with a reason, and back on', async () => {
  await app.clickOn('a[href="#/settings"]');
  const row = await app.waitFor(FLORIDA);
  const words = await app.text(row);
  assert.match(words, /Florida: 8 am–8 pm, at most 3 calls a day to one person/);
  assert.match(words, /Source: Fla\. Stat\. §501\.616/);

  await app.clickInView(`${FLORIDA} [data-testid="rule-off"]`);
  const dialog = await app.waitFor('dialog[open]');
  const warning = await app.text(dialog);
  assert.match(warning, /Turn off Florida’s rule\?/);
  assert.match(warning, /may then happen in hours its law forbids/);
  assert.match(warning, /You take responsibility/);

  // Neither a reason nor the confirmation: the backend refuses, the dialog says why.
  await app.clickOn('[data-testid="rule-off-confirm"]');
  assert.match(await app.textOf('[data-testid="rule-off-error"]'), /take responsibility/);
  await app.clickOn('[data-testid="rule-responsible"]');
  await app.clickOn('[data-testid="rule-off-confirm"]');
  await app.waitFor('[data-testid="rule-off-error"]', { text: /write why/ });
  assert.equal((await app.findAll(`${FLORIDA} [data-testid="rule-off-note"]`)).length, 0, 'still on');

  await app.type(await app.find('[data-testid="rule-reason"]'), 'Appointment reminders, not sales calls');
  await app.clickOn('[data-testid="rule-off-confirm"]');
  const note = await app.waitFor(`${FLORIDA} [data-testid="rule-off-note"]`);
  assert.match(await app.text(note), /Off since .*Reason: “Appointment reminders, not sales calls”/);
  assert.equal((await app.findAll('dialog[open]')).length, 0, 'the dialog closed');
  assert.deepEqual(ruleAudit(), ['rule_turned_off|Florida (US-FL): Appointment reminders, not sales calls']);

  // Saving the other settings keeps it off; so does coming back to Settings.
  await app.clickOn('[data-testid="save-settings"]');
  await app.waitFor('[data-testid="settings-saved"]');
  await app.clickOn('a[href="#/new"]');
  await app.clickOn('a[href="#/settings"]');
  await app.waitFor(`${FLORIDA} [data-testid="rule-off-note"]`);

  await app.clickInView(`${FLORIDA} [data-testid="rule-on"]`);
  await app.waitFor(`${FLORIDA} [data-testid="rule-off"]`);
  assert.equal((await app.findAll(`${FLORIDA} [data-testid="rule-off-note"]`)).length, 0);
  assert.deepEqual(ruleAudit(), [
    'rule_turned_off|Florida (US-FL): Appointment reminders, not sales calls',
    'rule_turned_on|Florida (US-FL)',
  ]);
});

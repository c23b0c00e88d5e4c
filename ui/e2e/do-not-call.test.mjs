// The account's do-not-call list in the real window: a file imported on the Do not call page
// (its phone column chosen, the row report shown), a number added by hand (a bad one refused at
// its field), the list searched, a number taken off with a reason (kept in the audit log), the
// list exported (the file's content checked), a new campaign whose file holds listed numbers
// shows them taken out at Review, and a file dropped on the page goes into the list.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';
import { writeFixture } from './fixtures.mjs';

let app;

before(async () => {
  app = await openApp();
});

after(async () => {
  await app?.end();
});

/** The audit log's do-not-call entries, oldest first, as "kind|detail". */
function listAudit() {
  const db = join(app.dataDir, 'data', 'app.batchline.desktop.dev', 'campaigns.sqlite');
  const out = execFileSync('sqlite3', [
    db,
    "SELECT kind || '|' || detail FROM audit_log WHERE kind LIKE 'dnc_%' ORDER BY id",
  ]).toString();
  return out.split('\n').filter(Boolean);
}

const total = async () => (await app.textOf('[data-testid="dnc-total"]')).replace(/\s+/g, ' ');

test('a file is imported on the Do not call page with its row report', async () => {
  await app.clickOn('a[href="#/do-not-call"]');
  const empty = await app.waitFor('[data-testid="dnc-empty"]');
  assert.match(await app.text(empty), /no campaign from this computer will call it/);

  const file = writeFixture(
    app.dataDir,
    'opt-outs.csv',
    'Name,Phone,Note\nAna Ruiz,(415) 555-0101,x\nBo Li,415-555-0102,y\nBad,555-12,z\nBo again,+1 415 555 0102,w\n',
  );
  await app.upload('[data-testid="dnc-file"]', file);
  // Several columns: the person confirms the one with the numbers (guessed like the wizard's).
  await app.waitFor('[data-testid="dnc-column-choice"]');
  assert.equal(await app.exec('return document.querySelector("#dnc-column").value'), 'Phone');
  await app.clickOn('[data-testid="dnc-import-confirm"]');

  const words = await app.textOf('[data-testid="dnc-report-words"]');
  assert.match(words, /2 numbers added/);
  assert.match(words, /1 row repeats a number above it/);
  assert.match(words, /1 row refused/);
  assert.deepEqual(await app.tableRows('[data-testid="dnc-refused"]'), [
    ['4', '555-12', 'too short for a US number'],
  ]);
  await app.waitFor('[data-testid="dnc-total"]', { text: /^2 numbers are on your do-not-call list/ });
  assert.deepEqual(listAudit(), ['dnc_added|2 numbers added to the do-not-call list']);
});

test('a number is added by hand, a bad one refused at its field', async () => {
  await app.clickOn('[data-testid="dnc-add"]');
  await app.waitFor('dialog[open] [data-testid="dnc-add-number"]');
  await app.type(await app.find('[data-testid="dnc-add-number"]'), '555-12');
  await app.type(await app.find('[data-testid="dnc-add-reason"]'), 'asked on the phone');
  await app.clickOn('[data-testid="dnc-add-confirm"]');
  const error = await app.waitFor('[data-testid="dnc-add-number-error"]');
  assert.match(await app.text(error), /"555-12" is too short for a US number/);

  await app.clear(await app.find('[data-testid="dnc-add-number"]'));
  await app.type(await app.find('[data-testid="dnc-add-number"]'), '(212) 555-0107');
  await app.clickOn('[data-testid="dnc-add-confirm"]');
  await app.waitFor('[data-testid="dnc-changed"]', { text: '(212) 555-0107 was added to the do-not-call list.' });
  assert.equal((await app.findAll('dialog[open]')).length, 0, 'the dialog closed');
  assert.match(await total(), /^3 numbers are on your do-not-call list/);
});

test('the list is searched by a number as typed, and by the file it came from', async () => {
  const search = await app.find('[data-testid="dnc-search"]');
  await app.type(search, '212 555');
  await app.waitFor('[data-testid="dnc-table"]', { text: /\(212\) 555-0107/ });
  await app.waitFor('[data-testid="dnc-row"]:only-of-type');
  const rows = await app.tableRows('[data-testid="dnc-table"]');
  assert.equal(rows.length, 1);
  assert.match(rows[0].join(' | '), /\(212\) 555-0107 \| .* \| Added by hand \| asked on the phone/);

  await app.clear(search);
  await app.type(search, 'opt-outs');
  await app.waitFor('[data-testid="dnc-table"]', { text: /\(415\) 555-0101/ });
  const fromFile = await app.tableRows('[data-testid="dnc-table"]');
  assert.equal(fromFile.length, 2);
  assert.ok(fromFile.every((r) => r.includes('File: opt-outs.csv')));
});

test('a number is taken off only with a reason, and the history keeps why', async () => {
  const search = await app.find('[data-testid="dnc-search"]');
  await app.clear(search);
  await app.type(search, '0101');
  await app.waitFor('[data-testid="dnc-table"]', { text: /\(415\) 555-0101/ });
  await app.waitFor('[data-testid="dnc-row"]:only-of-type');
  await app.clickOn('[data-testid="dnc-remove"]');
  const dialog = await app.waitFor('dialog[open]', { text: /Take \(415\) 555-0101 off the do-not-call list\?/ });
  assert.match(await app.text(dialog), /New campaigns may call this number again/);
  await app.clickOn('[data-testid="dnc-remove-confirm"]');
  await app.waitFor('[data-testid="dnc-remove-reason-error"]', { text: /Write why/ });
  assert.match(await total(), /^3 numbers/, 'still listed');

  await app.type(await app.find('[data-testid="dnc-remove-reason"]'), 'added by mistake');
  await app.clickOn('[data-testid="dnc-remove-confirm"]');
  await app.waitFor('[data-testid="dnc-changed"]', { text: '(415) 555-0101 was taken off the do-not-call list.' });
  await app.waitFor('[data-testid="dnc-total"]', { text: /^2 numbers/ });
  assert.deepEqual(listAudit().slice(-1), ['dnc_removed|+14155550101 taken off the do-not-call list: added by mistake']);
  await app.clear(search);
});

test('the list is exported as a CSV with plain headings', async () => {
  await app.clickOn('[data-testid="dnc-export"]');
  const notice = await app.waitFor('[data-testid="saved-notice"]');
  assert.match(await app.text(notice), /The do-not-call list was saved as Do-not-call list .*\.csv in your Downloads folder/);
  const downloads = join(app.dataDir, 'Downloads');
  const name = readdirSync(downloads).find((f) => f.startsWith('Do-not-call list '));
  assert.ok(name, 'the file is in Downloads');
  const lines = readFileSync(join(downloads, name), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'Number,Added,From,Why');
  assert.equal(lines.length, 3);
  assert.ok(lines.some((l) => /^\+14155550102,\d{4}-\d\d-\d\d \d\d:\d\d \S+,File: opt-outs\.csv,$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^\+12125550107,.*,Added by hand,asked on the phone$/.test(l)), lines.join('\n'));
});

test('a new campaign leaves the listed numbers out, and Review lists them', async () => {
  const file = writeFixture(
    app.dataDir,
    'spring leads.csv',
    'Name,Phone\nCy Wu,(212) 555-0107\nDee Moss,(415) 555-0199\nBo Li,415 555 0102\nAna Ruiz,(415) 555-0101\n',
  );
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', file);
  await app.waitFor('[data-testid="preview-table"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  assert.equal(await app.textOf('[data-testid="count-on-list"] .n'), '2');
  // Ana was taken off the list: she is called again.
  assert.equal(await app.textOf('[data-testid="count-ready"] .n'), '2');
  const listed = await app.waitFor('[data-testid="review-on-list"]');
  assert.match(await app.text(listed), /2 people are on your do-not-call list and won’t be called/);
  assert.deepEqual(await app.tableRows('[data-testid="on-list-table"]'), [
    ['2', 'Cy Wu', '(212) 555-0107'],
    ['4', 'Bo Li', '(415) 555-0102'],
  ]);
});

test('a file dropped on the page goes into the list, not into a new campaign', async () => {
  await app.clickOn('a[href="#/do-not-call"]');
  await app.waitFor('[data-testid="dnc-total"]', { text: /^2 numbers/ });
  const dropped = await app.exec(`
    if (typeof DataTransfer !== 'function') return false;
    const data = new DataTransfer();
    data.items.add(new File(['Phone\\n(718) 555-0123\\n'], 'dropped.csv', { type: 'text/csv' }));
    const main = document.querySelector('main');
    main.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    main.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    return true;`);
  assert.ok(dropped, 'the webview makes drag-and-drop data');
  await app.waitFor('[data-testid="dnc-report"]', { text: /dropped\.csv was imported/ });
  assert.match(await app.textOf('[data-testid="dnc-report-words"]'), /^1 number added/);
  await app.waitFor('[data-testid="dnc-total"]', { text: /^3 numbers/ });
  assert.equal(await app.exec('return location.hash'), '#/do-not-call', 'still on the page');
});

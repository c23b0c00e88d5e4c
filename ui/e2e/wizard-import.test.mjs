// The wizard's first three steps in the real window: import a messy CSV and an XLSX, see the
// right counts and problems with spreadsheet row numbers, download the problems file, and find
// the draft again after closing the app.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openApp } from './webdriver.mjs';
import { MESSY_CSV, MESSY_EXPECTED, XLSX_EXPECTED, XLSX_FILE, writeFixture } from './fixtures.mjs';

let app;
let home;

before(async () => {
  app = await openApp();
  home = app.dataDir;
});

after(async () => {
  await app?.end();
});

async function counts() {
  const n = async (id) => Number((await app.textOf(`[data-testid="count-${id}"] .n`)).replace(/\D/g, ''));
  return { ready: await n('ready'), rejected: await n('rejected'), duplicates: await n('duplicates') };
}

test('a messy CRM export is read row by row, with problems at their spreadsheet rows', async () => {
  const file = writeFixture(home, 'crm export.csv', MESSY_CSV);
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', file);
  await app.waitFor('[data-testid="preview-table"]');
  assert.equal(await app.exec('return document.querySelector("#phone-column").value'), 'Phone Number');
  const preview = await app.textOf('[data-testid="preview-table"]');
  assert.match(preview, /José/);
  assert.match(preview, /\+14155552671/);

  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  assert.deepEqual(await counts(), MESSY_EXPECTED);
  // Row numbers as a spreadsheet shows the file: Ann's two-line note is one row, the blank line is a row.
  const problems = (await app.tableRows('[data-testid="problems-table"]')).map((r) => r.slice(0, 3).join(' | '));
  assert.deepEqual(problems, [
    '4 | Can’t call | N/A',
    // As the spreadsheet has it, like the rows that can't be called (not as it is dialled).
    '5 | Duplicate | 1-415-555-2671',
    '6 | Can’t call | 555-12',
    '9 | Can’t call | 1.41555E+10',
  ]);
  const why = await app.textOf('[data-testid="problems-table"]');
  assert.match(why, /not a phone number/);
  assert.match(why, /Same number as row 2/);
  assert.match(why, /too short/);
  assert.match(why, /digits were lost/);
});

test('the problems can be downloaded as a CSV to fix and import again', async () => {
  await app.clickOn('[data-testid="save-problems"]');
  const notice = await app.waitFor('[data-testid="saved-notice"]', { text: 'crm export problems.csv' });
  assert.match(await app.text(notice), /Downloads/);
  const saved = join(home, 'Downloads', 'crm export problems.csv');
  assert.ok(existsSync(saved), `expected ${saved}; Downloads has ${readdirSync(join(home, 'Downloads'))}`);
  const csv = readFileSync(saved, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines.length, 1 + 4, csv);
  assert.match(lines[0], /Row/);
  assert.match(csv, /N\/A/);
  assert.match(csv, /555-12/);
});

test('an Excel workbook with numbers stored as numbers imports the same way', async () => {
  await app.clickOn('[data-testid="step-recipients"]');
  await app.upload('[data-testid="file-input"]', XLSX_FILE);
  await app.waitFor('[data-testid="preview-table"]', { text: 'Ada Lovelace' });
  assert.match(await app.textOf('[data-testid="preview-table"]'), /00123/, 'leading zeros stay');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  assert.deepEqual(await counts(), XLSX_EXPECTED);
});

test('closing the app mid-way and opening it again resumes the draft', async () => {
  // The draft is kept in the campaign store, which is the only thing in the data folder.
  const dataFolders = readdirSync(join(home, 'data'));
  assert.equal(dataFolders.length, 1);
  const kept = readdirSync(join(home, 'data', dataFolders[0]));
  assert.ok(kept.includes('campaigns.sqlite'), kept.join(', '));
  assert.ok(!kept.includes('draft'), kept.join(', '));
  await app.end();
  app = await openApp({ dataDir: home });
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="review-counts"]');
  assert.deepEqual(await counts(), XLSX_EXPECTED);
});

test('a file that is not a list says so and keeps the draft', async () => {
  const file = writeFixture(home, 'photo.png', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10');
  await app.clickOn('[data-testid="step-recipients"]');
  await app.upload('[data-testid="file-input"]', file);
  const error = await app.waitFor('[data-testid="import-error"]');
  assert.match(await app.text(error), /photo\.png is not a spreadsheet or CSV file/);
  await app.clickOn('[data-testid="step-review"]');
  assert.deepEqual(await counts(), XLSX_EXPECTED);
});

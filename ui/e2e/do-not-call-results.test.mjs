// The do-not-call list from a campaign's results, in the real window against a fast
// Cartesia-compatible server on loopback: a finished campaign flags the call in which the
// recipient asked not to be called again (screenshot); a recipient whose call failed is marked
// "Don't call again" with the table's checkbox; Retry failed then goes out as a new part without
// that number (checked on the server: what it received, and that the campaign's batch was not
// retried by Cartesia); and a new campaign with the same number leaves it out at Review.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { followedCampaign, importFile } from './flows.mjs';
import { writeFixture } from './fixtures.mjs';

// On the server: 0001 is busy and 0002 never answers (both failed), 0005 answers and asks to be
// taken off the list.
const CSV = [
  'Phone,Name',
  '(415) 555-0005,Ana Ruiz',
  '(415) 555-0001,Bo Li',
  '(415) 555-0002,Cy Park',
  '(415) 555-0710,Dee Moss',
].join('\n');

let app;
let server;
let close = async () => {};

before(async () => {
  ({ app, server, close } = await followedCampaign('Spring renewals', CSV));
});

after(() => close());

const numbersOf = (b) => (b.recipients ?? []).map((r) => r.to_number).sort();

test('a call in which the person asked not to be called again is flagged, with one-click adding', async () => {
  await app.waitFor('[data-testid="opt-out-flag"]', { timeout: 60000, text: '1 person asked not to be called again' });
  const out = join(import.meta.dirname, '../../docs/screenshots');
  mkdirSync(out, { recursive: true });
  await app.exec('document.activeElement?.blur(); window.scrollTo(0, 0); document.querySelector("main")?.scrollTo(0, 0);');
  await sleep(400);
  writeFileSync(join(out, 'opt-out-flag.png'), await app.screenshot());

  await app.clickOn('[data-testid="opt-out-add"]');
  await app.waitFor('dialog[open] [data-testid="dont-call-people"]');
  const listed = await app.textOf('dialog[open] [data-testid="dont-call-people"]');
  assert.match(listed, /Ana Ruiz/);
  assert.match(listed, /said “(stop calling|take me off your list)”/);
  await app.clickOn('dialog[open] [data-testid="dont-call-confirm"]');
  await app.waitFor('[data-testid="campaign-changed"]', { text: 'Ana Ruiz added to the do-not-call list' });
  // Nobody left to add: the flag goes.
  for (let i = 0; i < 50 && (await app.findAll('[data-testid="opt-out-flag"]')).length > 0; i++) await sleep(200);
  assert.equal((await app.findAll('[data-testid="opt-out-flag"]')).length, 0);
});

test('a failed recipient marked "Don\'t call again" is left out of Retry failed, which goes out as a new part', async () => {
  const row = '[data-testid="recipient-row"][data-number="+14155550001"]';
  await app.waitFor(row);
  await app.clickInView(`${row} [data-testid="pick-row"]`);
  await app.waitFor('[data-testid="picked-bar"]', { text: '1 recipient chosen' });
  await app.clickOn('[data-testid="picked-dont-call"]');
  await app.waitFor('dialog[open] [data-testid="dont-call-people"]', { text: 'Bo Li' });
  await app.clickOn('dialog[open] [data-testid="dont-call-confirm"]');
  await app.waitFor('[data-testid="campaign-changed"]', { text: 'Bo Li added to the do-not-call list' });

  const before = await server.batchesWithRecipients();
  assert.equal(before.length, 1);
  await app.clickOn('[data-testid="retry-button"]');
  await app.clickOn('dialog[open] [data-testid="retry-confirm"]');
  await app.waitFor('[data-testid="action-message"]', {
    timeout: 30000,
    text: 'without the 1 person on the do-not-call list',
  });

  // On the server: a new batch with the failed recipient not listed, and no Cartesia retry.
  const after = await server.batchesWithRecipients();
  assert.equal(after.length, 2, 'the campaign’s batch and the retry’s new part');
  assert.deepEqual(numbersOf(after[1]), ['+14155550002']);
  assert.ok(!numbersOf(after[1]).includes('+14155550001'), 'the listed number is not in the retry');
  assert.equal(after[0].retry_count ?? 0, 0, 'Cartesia’s retry (which re-dials everyone failed) was not used');
});

test('a new campaign with the same number leaves it out at Review', async () => {
  const file = writeFixture(app.dataDir, 'next.csv', ['Phone,Name', '(415) 555-0001,Bo Li', '(415) 555-0720,Fay Lee'].join('\n'));
  await importFile(app, file);
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  const ready = await app.textOf('[data-testid="count-ready"]');
  assert.match(ready, /^1\s*ready/, `only Fay Lee is ready: ${ready}`);
  // The Review step counts and lists the people on the account's list.
  await app.waitFor('[data-testid="review-on-list"]', { text: '1 person is on your do-not-call list' });
  const onList = await app.exec(`return document.querySelector('[data-testid="on-list-table"]')?.innerText ?? '';`);
  assert.match(onList, /555-0001/, onList);
});

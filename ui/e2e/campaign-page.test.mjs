// A campaign's own page, in the real window against a fast Cartesia-compatible server on
// loopback: the call panel's Previous and Next walk the rows the recipients table shows (its
// search), and at the ends say why they can't go further; a call an answering machine took
// reads Voicemail in the panel, from its transcript; the campaign is renamed, archived, put back
// and deleted from its page (deleting returns to the list, and the question says nothing
// changes in Cartesia).

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { followedCampaign } from './flows.mjs';

// The sandbox's answering machine ends in 0004; the search "Person" hides it and "Nobody".
const CSV = [
  'Phone,First Name',
  '(415) 555-0510,Person 1',
  '(415) 555-0002,Nobody',
  '(415) 555-0520,Person 2',
  '(415) 555-0004,Machine',
  '(415) 555-0530,Person 3',
].join('\n');

let app;
let server;
let close = async () => {};

before(async () => {
  ({ app, server, close } = await followedCampaign('page actions', CSV));
});

after(() => close());

const openNumber = () => app.exec(`return document.querySelector('[data-testid="call-panel"] h2 .phone')?.innerText ?? '';`);
const button = (testid) =>
  app.exec(`const b = document.querySelector('[data-testid="${testid}"]'); return { disabled: b.disabled, title: b.title, why: b.getAttribute('aria-describedby') ? document.getElementById(b.getAttribute('aria-describedby')).textContent : null };`);
const shownNumbers = () => app.exec(`return [...document.querySelectorAll('[data-testid="recipient-row"]')].map((r) => r.dataset.number);`);

test('with a search on, Next and Previous skip the recipients the table hides, and say why at the ends', async () => {
  await app.setValue('[data-testid="recipient-search"]', 'Person');
  await app.waitFor('[data-testid="recipients-count"]', { text: 'Showing 3 of 5' });
  assert.deepEqual(await shownNumbers(), ['+14155550510', '+14155550520', '+14155550530']);

  await app.clickInView('[data-testid="recipient-row"][data-number="+14155550510"] td:nth-child(2)');
  await app.waitFor('[data-testid="call-panel"]');
  assert.match(await openNumber(), /555-0510/);
  const first = await button('call-prev');
  assert.equal(first.disabled, true);
  assert.equal(first.title, 'This is the first recipient that matches the search and filter.');
  assert.equal(first.why, first.title, 'the reason is read out with the button');

  await app.clickOn('[data-testid="call-next"]');
  await sleep(300);
  assert.match(await openNumber(), /555-0520/, 'Next skips Nobody (0002), whom the search hides');
  await app.clickOn('[data-testid="call-next"]');
  await sleep(300);
  assert.match(await openNumber(), /555-0530/, 'Next skips the answering machine (0004), whom the search hides');
  const last = await button('call-next');
  assert.equal(last.disabled, true);
  assert.equal(last.title, 'This is the last recipient that matches the search and filter.');
  await app.clickOn('[data-testid="call-prev"]');
  await sleep(300);
  assert.match(await openNumber(), /555-0520/, 'Previous walks back the same rows');

  // Without the search every recipient is walked again.
  await app.clickOn('[data-testid="call-close"]');
  await app.setValue('[data-testid="recipient-search"]', '');
  await app.waitFor('[data-testid="recipients-count"]', { text: 'Showing 5 of 5' });
  await app.clickInView('[data-testid="recipient-row"][data-number="+14155550520"] td:nth-child(2)');
  await app.clickOn('[data-testid="call-next"]');
  await sleep(300);
  assert.match(await openNumber(), /555-0004/);
  await app.clickOn('[data-testid="call-close"]');
});

test('a call an answering machine took reads Voicemail in the call panel, saying why', async () => {
  // The table reads Cartesia's end reason: the agent hung up on a call that connected.
  const status = await app.exec(`return document.querySelector('[data-testid="recipient-row"][data-number="+14155550004"]').dataset.status;`);
  assert.equal(status, 'answered');
  await app.clickInView('[data-testid="recipient-row"][data-number="+14155550004"] td:nth-child(2)');
  await app.waitFor('[data-testid="call-transcript"]');
  assert.match(await app.textOf('[data-testid="call-panel"] .status'), /Voicemail/);
  assert.match(await app.textOf('[data-testid="call-ended"]'), /The transcript shows an answering machine/);
  if (process.env.BATCHLINE_SHOTS) {
    writeFileSync(join(process.env.BATCHLINE_SHOTS, 'campaign-call-voicemail.png'), await app.screenshot());
  }
  await app.clickOn('[data-testid="call-close"]');
});

const question = () => app.exec(`return [...document.querySelectorAll('dialog')].filter((d) => d.open).map((d) => d.innerText).join(' ');`);
const manage = '[data-testid="campaign-page"] [data-testid="campaign-manage"]';

test('the campaign is renamed, archived, put back and deleted from its own page', async () => {
  // Rename: the page's title follows.
  await app.clickOn(`${manage} summary`);
  await app.clickOn(`${manage} [data-testid="rename-campaign"]`);
  await app.setValue('[data-testid="rename-input"]', 'Page renamed');
  await app.clickOn('[data-testid="rename-confirm"]');
  await app.waitFor('[data-testid="campaign-page"] h1', { text: 'Page renamed' });
  assert.match(await app.textOf('[data-testid="campaign-changed"]'), /In Cartesia its calls keep the name/);

  // Archive asks, saying nothing changes in Cartesia; the page stays and offers to put it back.
  await app.clickOn(`${manage} summary`);
  await app.clickOn(`${manage} [data-testid="archive-campaign"]`);
  assert.match(await question(), /Nothing changes in Cartesia/);
  await app.clickOn('[data-testid="archive-confirm"]');
  await app.waitFor('[data-testid="campaign-changed"]', { text: 'Archived' });
  await app.clickOn(`${manage} summary`);
  await app.clickOn(`${manage} [data-testid="unarchive-campaign"]`);
  await app.waitFor('[data-testid="campaign-changed"]', { text: 'Back on your Campaigns list' });

  // Delete asks, then the list is shown, saying what happened; the batch stays in Cartesia.
  await app.clickOn(`${manage} summary`);
  await app.clickOn(`${manage} [data-testid="delete-campaign"]`);
  assert.match(await question(), /Nothing changes in Cartesia/);
  await app.clickOn('[data-testid="delete-confirm"]');
  await app.waitFor('[data-testid="campaigns-changed"]', { text: 'was deleted from Batchline' });
  assert.match(await app.exec('return location.hash;'), /^#\/campaigns/);
  assert.equal((await app.findAll('[data-testid="campaign-row"][data-name="Page renamed"]')).length, 0);
  const batches = await server.api('/agents/calls/batches?limit=100');
  assert.equal(batches.data.length, 1, 'the batch is still in the account');
});

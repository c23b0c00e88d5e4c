// A test call to yourself and a pilot before the rest, in the real window against a fast
// Cartesia-compatible server on loopback: the test call is followed to its end with its
// transcript shown, and stays out of the campaign and out of Other batches; a pilot of 10 calls
// runs on its own, then "Launch the rest" (asked first) sends the others — every recipient
// called exactly once, checked on the server. Screenshots: docs/screenshots/test-call.png and
// pilot-results.png.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { auditBothThemes } from './axe.mjs';
import { writeFixture } from './fixtures.mjs';
import { acknowledge, closeConnected, connectedToServer } from './flows.mjs';

const SHOTS = join(import.meta.dirname, '../../docs/screenshots');
const PEOPLE = 30;
const CSV = [
  'Phone,First Name,Appointment',
  ...Array.from(
    { length: PEOPLE },
    (_, i) => `(415) 555-${String(1100 + i)},Person ${i + 1},Tuesday ${9 + (i % 8)}:00`,
  ),
].join('\n');
// The server's answering machine picks up this number: the call is answered and has a transcript.
const MY_NUMBER = '(415) 555-0004';

let app;
let server;

before(async () => {
  ({ app, server } = await connectedToServer());
});

after(() => closeConnected({ app, server }));

test('a test call is followed to its end, with its transcript, and is no part of any campaign', async () => {
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await app.upload('[data-testid="file-input"]', writeFixture(app.dataDir, 'spring-reminders.csv', CSV));
  await app.waitFor('[data-testid="preview-table"]', { timeout: 60000 });
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await app.selectByText('[data-testid="agent"]', 'Appointment reminder');
  await app.selectByText('[data-testid="from-number"]', 'Front desk');

  // Checked like any recipient.
  await app.setValue('[data-testid="test-call-number"]', '555-12');
  await app.clickInView('[data-testid="test-call-start"]');
  assert.match(await app.text(await app.waitFor('[data-testid="test-call-error"]')), /can't be called|can’t be called/);

  await app.setValue('[data-testid="test-call-number"]', MY_NUMBER);
  await app.setValue('[data-testid="test-call-row"]', '3');
  await app.clickInView('[data-testid="test-call-start"]');
  // A second click while it runs makes nothing new (the button is disabled, and the backend
  // would find the first anyway).
  await app.exec(`document.querySelector('[data-testid="test-call-start"]').click();`);
  await app.waitFor('[data-testid="test-call-status"] [aria-current="step"]', { timeout: 30000 });
  const outcome = await app.waitFor('[data-testid="test-call-outcome"]', { timeout: 120000 });
  assert.match(await app.text(outcome), /How it ended/);
  const transcript = await app.textOf('[data-testid="test-call-transcript"]');
  assert.match(transcript, /Agent/);
  await app.exec(`document.querySelector('[data-testid="test-call"]').scrollIntoView({ block: 'start' });`);
  await new Promise((done) => setTimeout(done, 400));
  writeFileSync(join(SHOTS, 'test-call.png'), await app.screenshot());
  // Readable by everyone, in both themes (axe-core: no serious or critical violation).
  assert.deepEqual(await auditBothThemes(app), []);

  // On the server: one batch, the test call, to my number with row 3's call data.
  const batches = await server.batchesWithRecipients();
  assert.equal(batches.length, 1, JSON.stringify(batches.map((b) => b.name)));
  assert.match(batches[0].name, /^Test call — /);
  assert.equal(batches[0].recipients.length, 1);
  assert.equal(batches[0].recipients[0].to_number, '+14155550004');
  assert.equal(batches[0].recipients[0].metadata['First Name'], 'Person 2', 'row 3 is the second person');

  // Not among Other batches, and no campaign.
  await app.clickOn('a[href="#/campaigns"]');
  await app.waitFor('h1', { text: 'Campaigns' });
  await new Promise((done) => setTimeout(done, 1500));
  const others = await app.exec(
    `return [...document.querySelectorAll('[data-testid="other-batch-row"]')].map((r) => r.dataset.name);`,
  );
  assert.deepEqual(others, []);
});

test('a pilot of 10, then "Launch the rest": everyone called exactly once', async () => {
  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="step-setup"], [data-testid="agent"], [data-testid="review-counts"]', { timeout: 30000 });
  // The draft resumes where it was left (Setup).
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="start-now"]');
  await app.clickOn('[data-testid="start-now"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="compliance"]');
  await app.clickInView('[data-testid="pilot"]');
  await app.setValue('[data-testid="pilot-size"]', '10');
  await acknowledge(app);
  await app.clickOn('[data-testid="launch"]');
  const result = await app.waitFor('[data-testid="launch-result"]', { timeout: 60000 });
  assert.match(await app.text(result), /Campaign launched/);

  // Only the pilot went out.
  let campaignBatches = (await server.batchesWithRecipients()).filter((b) => !b.name.startsWith('Test call'));
  assert.deepEqual(
    campaignBatches.map((b) => [b.name.endsWith('(pilot)'), b.recipients.length]),
    [[true, 10]],
  );

  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="pilot-results"]', { timeout: 30000 });
  await app.waitFor('[data-testid="pilot-state"]', { text: 'The pilot is over', timeout: 120000 });
  assert.match(await app.textOf('[data-testid="pilot-answered"]'), /of 10 answered \(\d+ %\)/);
  assert.match(await app.textOf('[data-testid="pilot-launch-rest"]'), /Launch the rest \(20\)/);
  await app.exec(`document.querySelector('[data-testid="pilot-results"]').scrollIntoView({ block: 'start' });`);
  await new Promise((done) => setTimeout(done, 400));
  writeFileSync(join(SHOTS, 'pilot-results.png'), await app.screenshot());
  assert.deepEqual(await auditBothThemes(app), []);

  // Asked first, with how many people it calls.
  await app.clickInView('[data-testid="pilot-launch-rest"]');
  const dialog = await app.waitFor('dialog[open]');
  assert.match(await app.text(dialog), /20 people will be called/);
  await app.clickOn('[data-testid="pilot-confirm-rest"]');
  assert.match(await app.text(await app.waitFor('[data-testid="pilot-said"]', { timeout: 60000 })), /The rest is launched/);
  // The page reads the campaign again after the answer: then no second release is offered.
  let offered = 1;
  for (let i = 0; i < 50 && offered > 0; i += 1) {
    offered = (await app.findAll('[data-testid="pilot-launch-rest"]')).length;
    if (offered > 0) await new Promise((done) => setTimeout(done, 200));
  }
  assert.equal(offered, 0, 'no second release');

  // On the server: each of the 30 called exactly once, the test call apart.
  campaignBatches = (await server.batchesWithRecipients()).filter((b) => !b.name.startsWith('Test call'));
  const called = new Map();
  for (const b of campaignBatches) {
    for (const r of b.recipients) called.set(r.to_number, (called.get(r.to_number) ?? 0) + 1);
  }
  assert.equal(called.size, PEOPLE);
  assert.ok([...called.values()].every((n) => n === 1), JSON.stringify([...called]));
});

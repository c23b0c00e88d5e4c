// Takes the README's screenshots of the real app window: `node e2e/screenshots.mjs [outdir]`
// (under Xvfb; scripts/screenshots sets that up). The home and settings screens, and every step
// of the New campaign wizard walked through with the sample list, at 1280×800; the home screen
// at 1024×640 too; each in the light theme (name.png) and the dark one (name-dark.png).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApp } from './webdriver.mjs';
import { localDateTime } from './flows.mjs';
import { setTheme } from './axe.mjs';

const out = resolve(process.argv[2] ?? join(import.meta.dirname, '../../docs/screenshots'));
mkdirSync(out, { recursive: true });

// Practice calls run fast so the campaign page can be shown running and finished within a minute.
const app = await openApp({ env: { BATCHLINE_PRACTICE_SPEED: '25' } });

/** `name.png` in the light theme and `name-dark.png` in the dark one (set as lib/theme.ts does). */
async function shot(name, { keepScroll = false } = {}) {
  await app.exec('document.activeElement?.blur();');
  if (!keepScroll) await app.exec('window.scrollTo(0, 0); document.querySelector("main")?.scrollTo(0, 0);');
  for (const [theme, suffix] of [['light', ''], ['dark', '-dark']]) {
    await setTheme(app, theme);
    await sleep(400); // let the frame settle: a capture right after a DOM change can show the old one
    const file = join(out, `${name}${suffix}.png`);
    writeFileSync(file, await app.screenshot());
    console.log(file);
  }
  await setTheme(app, 'light');
}

try {
  await app.setWindowRect({ width: 1024, height: 640 });
  await shot('home-small');
  await app.setWindowRect({ width: 1280, height: 800 });
  await shot('home');

  await app.clickOn('a[href="#/settings"]');
  await app.waitFor('h1', { text: 'Settings' });
  await shot('settings');

  // The do-not-call list after a file was imported (its row report) and a number added by hand;
  // none of these numbers is in the sample list, so the wizard's shots below are unchanged.
  await app.clickOn('a[href="#/do-not-call"]');
  await app.waitFor('[data-testid="dnc-empty"]');
  await shot('do-not-call-empty');
  await app.execAsync(`const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('dnc_add', { number: '(305) 555-0118', reason: 'Asked on the call not to be called again' })
      .then(() => done(), () => done());`);
  await app.clickOn('a[href="#/campaigns"]');
  await app.clickOn('a[href="#/do-not-call"]');
  await app.waitFor('[data-testid="dnc-table"]');
  const optOuts = join(app.dataDir, 'Opt-outs spring.csv');
  writeFileSync(
    optOuts,
    'Name,Phone,Asked on\nMaria Lopez,(646) 555-0142,3/2\nDev Patel,(312) 555-0177,3/4\nKim Nguyen,n/a,3/5\n' +
      'Sam Ortiz,+1 720 555 0133,3/6\nLee Chen,(206) 555-0190,3/9\n',
  );
  await app.upload('[data-testid="dnc-file"]', optOuts);
  await app.waitFor('[data-testid="dnc-column-choice"]');
  await app.setValue('#dnc-file-reason', 'Opt-outs from the spring mailing');
  await app.clickOn('[data-testid="dnc-import-confirm"]');
  await app.waitFor('[data-testid="dnc-report"]');
  await app.waitFor('[data-testid="dnc-total"]', { text: /^5 numbers/ });
  await shot('do-not-call-import');
  await app.clickOn('[data-testid="dnc-report-done"]');
  await app.waitFor('[data-testid="dnc-table"]');
  await shot('do-not-call');

  await app.clickOn('a[href="#/new"]');
  await app.waitFor('[data-testid="drop-zone"]');
  await shot('wizard-1-recipients');

  await app.clickOn('a[href="#/campaigns"]');
  await app.clickOn('[data-testid="try-sample"]');
  await app.waitFor('[data-testid="preview-table"]');
  await shot('wizard-2-columns');

  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="review-counts"]');
  await shot('wizard-3-review');

  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="agent"] option:nth-child(2)');
  await app.selectByText('[data-testid="agent"]', 'Appointment reminder');
  await app.selectByText('[data-testid="from-number"]', 'Front desk');
  await shot('wizard-4-setup');

  await app.clickOn('[data-testid="next"]');
  await app.clickOn('[data-testid="start-later"]');
  await app.setValue('[data-testid="schedule-time"]', localDateTime(2, 10));
  await app.waitFor('[data-testid="schedule-summary"]');
  await shot('wizard-5-schedule');

  // Launch now, so the campaign page can be shown at work.
  await app.clickOn('[data-testid="start-now"]');
  await app.clickOn('[data-testid="next"]');
  await app.waitFor('[data-testid="compliance"]');
  await shot('wizard-6-confirm');

  await app.clickInView('[data-testid="compliance"]');
  await app.clickOn('[data-testid="launch"]');
  await app.waitFor('[data-testid="launch-result"]', { timeout: 60000 });
  await shot('wizard-7-launched', { keepScroll: true });

  await app.clickOn('[data-testid="open-campaign"]');
  await app.waitFor('[data-testid="campaign-status"][data-status="dialing"]', { timeout: 60000 });
  await sleep(6000);
  await shot('campaign-running');

  await app.waitFor('[data-testid="campaign-status"][data-status="done"]', { timeout: 180000 });
  await sleep(1500);
  await shot('campaign-done');
  await app.exec('document.querySelector(\'[data-testid="recipients-table"]\').scrollIntoView({ block: "start" });');
  await shot('campaign-recipients', { keepScroll: true });
  const row = await app.find('[data-testid="recipient-row"][data-status="answered"] td:nth-child(2)');
  await app.click(row);
  await app.waitFor('[data-testid="call-transcript"]');
  await shot('campaign-call', { keepScroll: true });

  await app.clickOn('a[href="#/campaigns"]');
  await app.waitFor('[data-testid="campaign-row"]');
  await shot('campaigns');
  await app.setWindowRect({ width: 1024, height: 640 });
  await shot('campaigns-small');
} finally {
  await app.end();
}

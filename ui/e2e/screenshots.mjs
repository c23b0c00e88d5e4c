// Takes the README's screenshots of the real app window: `node e2e/screenshots.mjs [outdir]`
// (under Xvfb; scripts/screenshots sets that up). Each screen at 1280×800, and the home screen
// at 1024×640 too.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch } from './webdriver.mjs';

const out = resolve(process.argv[2] ?? join(import.meta.dirname, '../../docs/screenshots'));
mkdirSync(out, { recursive: true });

const app = await launch();
try {
  await app.waitFor('.shell[data-ready="true"]');
  const shots = [
    { name: 'home', hash: '#/campaigns', h1: 'Campaigns' },
    { name: 'settings', hash: '#/settings', h1: 'Settings' },
  ];
  for (const size of [
    { width: 1280, height: 800, suffix: '' },
    { width: 1024, height: 640, suffix: '-small' },
  ]) {
    await app.setWindowRect({ width: size.width, height: size.height });
    for (const shot of shots) {
      await app.exec('location.hash = arguments[0]', [shot.hash]);
      await app.waitFor('h1', { text: shot.h1 });
      await sleep(400); // let the frame settle: a capture right after a DOM change can show the old one
      const file = join(out, `${shot.name}${size.suffix}.png`);
      writeFileSync(file, await app.screenshot());
      console.log(file);
    }
  }
} finally {
  await app.end();
}

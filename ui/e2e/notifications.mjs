// Desktop notifications as the desktop receives them: every Notify call on the session bus
// (org.freedesktop.Notifications), seen through dbus-monitor, whether or not a notification
// server is there to draw it.

import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Starts watching; `list()` gives every notification so far as { title, body }. */
export async function watchNotifications() {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('no D-Bus session: run the tests through scripts/test');
  const monitor = spawn('dbus-monitor', ['--session', "interface='org.freedesktop.Notifications',member='Notify'"], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => monitor.kill('SIGKILL'));
  let out = '';
  monitor.stdout.on('data', (d) => (out += d));
  // dbus-monitor says which name it got once it is listening.
  for (let i = 0; i < 50 && !out.includes('NameAcquired'); i++) await sleep(100);

  const list = () =>
    out
      .split(/^method call /m)
      .slice(1)
      .filter((call) => call.includes('member=Notify'))
      .map((call) => {
        // Notify(app_name, replaces_id, app_icon, summary, body, …): the strings in order.
        const strings = [...call.matchAll(/^ {3}string "((?:[^"\\]|\\.)*)"$/gm)].map((m) => m[1]);
        return { title: strings[2], body: strings[3] };
      });

  return {
    list,
    /** Waits until `count` notifications titled `title` whose body matches `body` have been sent. */
    async waitFor(title, body, { timeout = 20000, count = 1 } = {}) {
      const end = Date.now() + timeout;
      for (;;) {
        const found = list().filter((n) => n.title === title && body.test(n.body ?? ''));
        if (found.length >= count) return found;
        if (Date.now() > end) throw new Error(`no notification "${title}" ${body}; sent: ${JSON.stringify(list())}`);
        await sleep(200);
      }
    },
    stop: () => monitor.kill(),
  };
}

// Retry and Cancel as the person meets them: each asks first, with the campaign's numbers read
// again just before asking, confirms exactly the number it showed, says each problem once, and
// drops a message once what it describes is over.

import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { host, type ActionResult, type CampaignDetail } from '../../lib/host';
import CampaignActions from './CampaignActions.svelte';

function detail(over: { queued?: number; inFlight?: number; failed?: number; retries?: number; status?: CampaignDetail['summary']['status'] } = {}): CampaignDetail {
  const { queued = 0, inFlight = 0, failed = 0, retries = 0, status = 'dialing' } = over;
  const progress = { total: 200, queued, inFlight, completed: 200 - queued - inFlight - failed, failed, cancelled: 0, finished: 200 - queued - inFlight, notSent: 0 };
  return {
    summary: {
      id: '7', name: 'Spring reminders', status, statusLine: '', agentId: 'a', agentName: 'Agent', fromNumber: null, progress,
      scheduledAt: null, timeZone: null, createdAt: '2026-12-01T14:00:00Z', parts: 1, eta: null, sourceFileName: null, resumesAt: null,
    },
    parts: [],
    timeline: [],
    outcomes: [],
    finishedPerQuarterHour: [],
    retry: { recipients: failed, disabledReason: null, retryCount: retries },
    cancelDisabledReason: status === 'done' || status === 'cancelled' ? 'There is nothing left to cancel.' : null,
    unsent: { parts: 0, recipients: 0 },
    external: false,
    archived: false,
  };
}

beforeAll(() => {
  // jsdom has no modal dialogs.
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
});

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;
let props: { id: string; detail: CampaignDetail; onchanged: () => void; reload: () => Promise<CampaignDetail> };

function show(shown: CampaignDetail, fresh: CampaignDetail) {
  const made = $state({
    id: '7',
    detail: shown,
    onchanged: vi.fn(),
    reload: vi.fn(async () => {
      made.detail = fresh;
      return fresh;
    }),
  });
  props = made;
  component = mount(CampaignActions, { target, props });
  flushSync();
}

const byTestId = (id: string) => target.ownerDocument.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const openDialogText = () => [...document.querySelectorAll('dialog')].filter((d) => d.open).map((d) => d.textContent ?? '').join(' ');

async function settle() {
  for (let i = 0; i < 5; i++) {
    await tick();
    await Promise.resolve();
  }
  flushSync();
}

async function press(id: string) {
  const button = byTestId(id);
  if (!button) throw new Error(`no ${id}`);
  button.click();
  await settle();
}

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  target.remove();
  vi.restoreAllMocks();
});

describe('Retry failed', () => {
  it('asks first, with the count read just now, and confirms that count', async () => {
    const retried = vi.spyOn(host, 'retryFailed').mockResolvedValue({ message: '7 recipients will be called again (retry 1).', problems: [] });
    show(detail({ failed: 5, status: 'done' }), detail({ failed: 7, status: 'done' }));
    await press('retry-button');
    expect(props.reload).toHaveBeenCalledOnce();
    expect(retried).not.toHaveBeenCalled();
    expect(openDialogText()).toContain('Call the 7 recipients whose calls weren’t answered again?');
    expect(openDialogText()).toContain('Keep as is');
    await press('retry-confirm');
    expect(retried).toHaveBeenCalledWith('7', { confirmed: true, recipients: 7 });
    expect(byTestId('action-message')?.textContent).toContain('7 recipients will be called again');
  });

  it('speaks of one recipient in the singular', async () => {
    show(detail({ failed: 1, status: 'done' }), detail({ failed: 1, status: 'done' }));
    await press('retry-button');
    expect(openDialogText()).toContain('Call the 1 recipient whose call wasn’t answered again?');
  });

  it('keeping things as they are calls nobody', async () => {
    const retried = vi.spyOn(host, 'retryFailed');
    show(detail({ failed: 3, status: 'done' }), detail({ failed: 3, status: 'done' }));
    await press('retry-button');
    const keep = [...document.querySelectorAll('dialog[open] button')].find((b) => b.textContent?.trim() === 'Keep as is') as HTMLElement;
    keep.click();
    await settle();
    expect(openDialogText()).toBe('');
    expect(retried).not.toHaveBeenCalled();
  });

  it('says "will be called again" only until those calls have ended', async () => {
    vi.spyOn(host, 'retryFailed').mockResolvedValue({ message: '7 recipients will be called again (retry 1).', problems: [] });
    show(detail({ failed: 7, status: 'done' }), detail({ failed: 7, status: 'done' }));
    await press('retry-button');
    await press('retry-confirm');
    // Calling them: the message stands.
    props.detail = detail({ queued: 7, retries: 1, status: 'dialing' });
    await settle();
    expect(byTestId('action-message')).not.toBeNull();
    // They were called: it would no longer be true.
    props.detail = detail({ failed: 2, retries: 1, status: 'done' });
    await settle();
    expect(byTestId('action-message')).toBeNull();
  });
});

describe('Cancel campaign', () => {
  it('asks with the numbers read just now, in the right plurals, and confirms what it showed', async () => {
    const cancelled = vi.spyOn(host, 'cancelCampaign').mockResolvedValue({ message: 'Cancelled: 198 recipients won’t be called.', problems: [] });
    show(detail({ queued: 199, inFlight: 2 }), detail({ queued: 198, inFlight: 1 }));
    await press('cancel-button');
    expect(props.reload).toHaveBeenCalledOnce();
    const question = openDialogText();
    expect(question).toContain('The 198 recipients still waiting won’t be called.');
    expect(question).toContain('The 1 call in progress finishes normally.');
    expect(question).not.toContain('199');
    await press('cancel-confirm');
    expect(cancelled).toHaveBeenCalledWith('7', { confirmed: true, recipients: 198 });
  });

  it('says a problem once, not as a sentence and again as a bullet', async () => {
    const trouble = 'Batchline can’t reach Cartesia. The campaign may still be calling: try cancelling again.';
    const result: ActionResult = { message: `Nothing was cancelled. ${trouble}`, problems: [trouble] };
    vi.spyOn(host, 'cancelCampaign').mockResolvedValue(result);
    show(detail({ queued: 10 }), detail({ queued: 10 }));
    await press('cancel-button');
    await press('cancel-confirm');
    const text = byTestId('action-message')?.textContent ?? '';
    expect(text.split('can’t reach Cartesia').length - 1).toBe(1);
    expect(byTestId('action-problems')).toBeNull();
  });

  it('does not ask when the campaign ended meanwhile, and says why', async () => {
    show(detail({ queued: 3 }), detail({ status: 'done' }));
    await press('cancel-button');
    expect(openDialogText()).toBe('');
    expect(byTestId('action-error')?.textContent).toContain('nothing left to cancel');
  });
});

describe('What the buttons show', () => {
  it('makes no button primary while calls are running, and Retry primary once they have ended', async () => {
    show(detail({ failed: 4, inFlight: 2, status: 'dialing' }), detail({ failed: 4, inFlight: 2, status: 'dialing' }));
    expect(byTestId('retry-button')?.classList.contains('primary')).toBe(false);
    expect(target.querySelector('[role="group"] .primary')).toBeNull();
    props.detail = detail({ failed: 4, status: 'done' });
    await settle();
    expect(byTestId('retry-button')?.classList.contains('primary')).toBe(true);
  });

  it('keeps Cancel while calls run and removes it once every call has ended', async () => {
    show(detail({ queued: 3, status: 'dialing' }), detail({ queued: 3, status: 'dialing' }));
    expect(byTestId('cancel-button')).not.toBeNull();
    props.detail = detail({ failed: 2, status: 'done' });
    await settle();
    expect(byTestId('cancel-button')).toBeNull();
    expect(target.textContent).not.toContain('nothing left to cancel');
  });

  it('says under Retry whose calls it is about, in one plain sentence', async () => {
    show(detail({ failed: 4, status: 'done' }), detail({ failed: 4, status: 'done' }));
    expect(byTestId('retry-what')?.textContent).toBe('4 recipients’ calls weren’t answered. Retry gives each of them one more call.');
    props.detail = detail({ failed: 1, status: 'done' });
    await settle();
    expect(byTestId('retry-what')?.textContent).toBe('1 recipient’s call wasn’t answered. Retry gives them one more call.');
  });
});

// Words for steering a campaign (Retry, Cancel) and how long their messages stay true. The calls
// Retry makes again are the ones that weren't answered (no answer, busy, couldn't connect…: the
// outcome words), never called "failed" on their own.
//
// Both actions are asked first, with the numbers of a campaign read again just before asking,
// and the confirmation sent back names exactly the number the person was shown.

import type { ActionResult, CampaignDetail } from '../host';
import { count, plural } from '../format';
import { isSettled } from './status';

/** The question before Retry. */
export function retryQuestion(recipients: number): string {
  const whose = recipients === 1 ? 'call wasn’t answered' : 'calls weren’t answered';
  return `Call the ${plural(recipients, 'recipient', 'recipients')} whose ${whose} again?`;
}

/** The line under Retry: whose calls it is about, and what it does for them. */
export function retryHelp(recipients: number): string {
  const whose = recipients === 1 ? 'recipient’s call wasn’t answered' : 'recipients’ calls weren’t answered';
  return `${count(recipients)} ${whose}. Retry gives ${recipients === 1 ? 'them' : 'each of them'} one more call.`;
}

/** What Cancel will and won't do, for its question. */
export function cancelConsequences(queued: number, inFlight: number): string[] {
  return [
    queued > 0
      ? `The ${plural(queued, 'recipient', 'recipients')} still waiting won’t be called.`
      : 'Nobody else will be called.',
    inFlight > 0
      ? `The ${plural(inFlight, 'call', 'calls')} in progress ${inFlight === 1 ? 'finishes' : 'finish'} normally.`
      : 'A call that has already started finishes normally.',
    'This can’t be undone, and a cancelled campaign can’t be retried.',
  ];
}

/** A Retry or Cancel that went through, and the campaign's retries before it. */
export type Steered = { action: 'retry' | 'cancel'; result: ActionResult; retriesBefore: number };

/**
 * Whether an action's message still tells the truth about the campaign as it is now. Trouble
 * stays until the next action (it says what didn't happen). A retry's "7 recipients will be
 * called again" goes once those calls have ended: the campaign counts the retry and has
 * nothing more to do. Cancel's message says only what was done ("…won't be called"), which
 * stays true; the calls it left under way are followed by the status line.
 */
export function stillTrue(done: Steered, detail: CampaignDetail): boolean {
  if (done.result.problems.length > 0) return true;
  if (done.action === 'cancel') return true;
  return !(detail.retry.retryCount > done.retriesBefore && isSettled(detail.summary.status));
}

/** The problems to list under a message: none that the message already says. */
export function problemsBelow(result: ActionResult): string[] {
  return result.problems.filter((p) => !result.message.includes(p));
}

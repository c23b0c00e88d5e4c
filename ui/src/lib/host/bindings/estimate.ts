// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

import type { Outcome, SideFigures, Difference } from './campaign';

export type Assumptions = { 
/**
 * Share of calls picked up, 0–1.
 */
pickedUpShare?: number, 
/**
 * Minutes a picked-up call lasts.
 */
minutesPerCall?: number, 
/**
 * Price of one call minute in US dollars (Settings; none: minutes only).
 */
pricePerMinute?: number, };

export type Range = { low: number, high: number, };

export type Basis = { "kind": "history", calls: number, } | { "kind": "default" } | { "kind": "chosen" };

export type Estimate = { calls: number, pickedUpShare: Range, pickedUpBasis: Basis, minutesPerCall: Range, minutesBasis: Basis, 
/**
 * Total call minutes.
 */
minutes: Range, 
/**
 * In US dollars, when a price per minute is set.
 */
cost?: Range, pricePerMinute?: number, 
/**
 * "about 1,700–2,100 call minutes, $125–155 at $0.074 a minute".
 */
words: string, 
/**
 * "45–57 % picked up (from this agent's last 300 calls); 3.1–3.6 minutes a call (…)".
 */
assumptionsWords: string, };

export type Spent = { minutes: number, cost?: number, 
/**
 * "412 call minutes so far, $30.49".
 */
words: string, };

export type KeptEstimate = { estimate: Estimate, finishAt?: string, };

export type OutcomeCount = { outcome: Outcome, label: string, count: number, };

export type SideView = { figures: SideFigures, 
/**
 * The side's share of the recipients as chosen, in percent.
 */
sharePercent: number, outcomes: Array<OutcomeCount>, };

export type Compared = { a: SideView, b: SideView, difference: Difference, };

export type CampaignSpending = { estimate?: KeptEstimate, spent: Spent, compared?: Compared, 
/**
 * Parts whose calls couldn't be read just now (the figures leave them out).
 */
problems: Array<string>, };

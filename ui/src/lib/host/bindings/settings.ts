// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

import type { HoursChoice } from './wizard';

export type Settings = { 
/**
 * Where Batchline sends API calls once a key is saved (`https://api.cartesia.ai`).
 */
apiBaseUrl: string, 
/**
 * Two-letter country used for phone numbers written without a country code.
 */
defaultCountry: string, 
/**
 * The account plan's limit of simultaneous calls (Free 8, Pro 12, Startup 20, Scale 60).
 */
orgConcurrencyLimit: number, 
/**
 * Used for the estimated finish time.
 */
averageCallMinutes: number, 
/**
 * The calling hours a new campaign starts with; `None`: Monday–Saturday, 9:00–20:00.
 */
callingHours?: HoursChoice, 
/**
 * The state rules the person turned off (each only after a warning, with a reason, and
 * written to the audit log); changed only by [`Settings::change_rule`].
 */
rulesOff: Array<RuleOff>, 
/**
 * Phrases that, said by a recipient on a call, mean "don't call me again" (matched without
 * regard to case); such calls are flagged on the campaign's page.
 */
optOutPhrases: Array<string>, 
/**
 * The manager's own phone number for test calls ("Call me first"), as last used.
 */
testCallNumber?: string, 
/**
 * Every campaign needs a consent column (date and source), filled in for every row: the
 * launch is refused otherwise, naming the rows.
 */
consentRequired: boolean, 
/**
 * The price of one call minute in US dollars, for the estimate and the cost so far; `None`:
 * minutes only.
 */
pricePerMinute?: number, };

export type RuleOff = { 
/**
 * The rule's state, "US-FL".
 */
region: string, 
/**
 * Why, as the person wrote it.
 */
reason: string, 
/**
 * When it was turned off, RFC 3339.
 */
since: string, };

export type RuleChange = { 
/**
 * The rule's state, "US-FL".
 */
region: string, 
/**
 * `false` turns it off, `true` back on.
 */
on: boolean, 
/**
 * Why (required to turn it off).
 */
reason: string, 
/**
 * The person read the warning and confirmed (required to turn it off).
 */
confirmed: boolean, };

export type StateRuleRow = { 
/**
 * "US-FL".
 */
region: string, 
/**
 * "Florida".
 */
name: string, 
/**
 * "8 am–8 pm, at most 3 calls a day to one person".
 */
words: string, 
/**
 * Where the rule comes from.
 */
source: string, note?: string, 
/**
 * Set when the person turned it off.
 */
off?: RuleOff, };

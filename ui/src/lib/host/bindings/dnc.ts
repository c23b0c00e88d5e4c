// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

import type { Problem } from './wizard';

export type ListedRow = { 
/**
 * Spreadsheet row.
 */
row: number, number: string, 
/**
 * Their name, when the file has a name column.
 */
name: string | null, };

export type DncFile = { fileName: string, columns: Array<string>, 
/**
 * The column that looks like phone numbers, if one does.
 */
phoneColumn: string | null, 
/**
 * The first rows, cell by cell.
 */
examples: Array<Array<string>>, };

export type DncImportChoices = { 
/**
 * Two-letter country for numbers written without a country code (Settings' default).
 */
country: string, 
/**
 * The column with the numbers; `None`: the one that looks like phone numbers.
 */
phoneColumn: string | null, 
/**
 * Why these numbers are on the list, kept with each; optional for a file.
 */
reason: string | null, };

export type DncImportReport = { fileName: string, phoneColumn: string, 
/**
 * Data rows read.
 */
rows: number, added: number, 
/**
 * Numbers the list held already (their first entry is kept).
 */
already: number, 
/**
 * Rows with the same number as an earlier row of the file.
 */
repeated: number, 
/**
 * The first refused rows, with why.
 */
refused: Array<Problem>, refusedTotal: number, };

export type DncPage = { 
/**
 * Every number on the list, whatever the search.
 */
total: number, entries: Array<DncEntry>, 
/**
 * More entries match after this page.
 */
more: boolean, };

export type DncEntry = { number: string, addedAt: string, source: DncSource, 
/**
 * The file's or campaign's name.
 */
sourceName: string | null, reason: string | null, };

export type DncSource = "file" | "campaign" | "hand";

export type DontCallOutcome = { 
/**
 * Numbers new to the list.
 */
added: number, 
/**
 * Numbers that were on it already.
 */
already: number, 
/**
 * In words.
 */
message: string, };

export type OptOutCall = { 
/**
 * Their number (E.164).
 */
toNumber: string, 
/**
 * Their name as sent with the call, else their number.
 */
name: string, 
/**
 * What they said (the phrase matched).
 */
phrase: string, 
/**
 * Already on the do-not-call list.
 */
listed: boolean, };

export type OptOuts = { 
/**
 * Each call (one per number) where the recipient asked not to be called again.
 */
calls: Array<OptOutCall>, 
/**
 * "4 people asked not to be called again", counting those not yet listed; `None` when
 * nobody is left to add.
 */
message: string | null, 
/**
 * Calls whose transcript couldn't be read (told, not hidden).
 */
unread: number, };

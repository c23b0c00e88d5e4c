// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

export type SavedFile = { path: string, fileName: string, folder: string, };

export type SavedRecord = { html: SavedFile, csv: SavedFile, };

export type HistoryLine = { 
/**
 * When, RFC 3339 (UTC).
 */
at: string, 
/**
 * When, in the reader's zone: "Tue 8 Dec 2026 14:02 EST".
 */
when: string, 
/**
 * What happened: "Launched by maria: 3 parts, 12 people".
 */
words: string, };

// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

export type ErrorCode = "key_refused" | "key_for_other_address" | "key_not_saved" | "recipients" | "setup" | "schedule" | "not_confirmed" | "cancelled" | "bad_number" | "no_reason";

export type IpcError = { code: ErrorCode | null, message: string, };

export type AppInfo = { name: string, version: string, developmentBuild: boolean, connection: Connection, };

export type Connection = { "mode": "practice" } | { "mode": "connected", keyLast4: string, } | { "mode": "keyForOtherAddress", keyLast4: string, 
/**
 * The origin the key was checked against.
 */
keyAddress: string, 
/**
 * The API address in Settings.
 */
address: string, } | { "mode": "keyringUnavailable", message: string, };

export type ActionResult = { message: string, 
/**
 * Parts the action could not be applied to, with why.
 */
problems: Array<string>, };

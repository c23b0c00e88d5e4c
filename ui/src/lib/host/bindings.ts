// Generated from src-tauri/src/ipc.rs by `cargo test -p batchline-app bindings` with
// UPDATE_BINDINGS=1. Do not edit by hand.

export type IpcError = { code: string | null, message: string, };

export type AppInfo = { name: string, version: string, developmentBuild: boolean, connection: Connection, };

export type Connection = { "mode": "practice" } | { "mode": "connected", keyLast4: string, } | { "mode": "keyringUnavailable", message: string, };

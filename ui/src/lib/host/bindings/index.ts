// Generated from the core crates' types (their `ts` feature) and src-tauri/src/ipc.rs by
// `cargo test -p batchline-app bindings` with UPDATE_BINDINGS=1. Do not edit by hand.

export * from './shell';
export * from './settings';
export * from './wizard';
export * from './record';
export * from './dnc';
export * from './campaign';
export * from './estimate';

//! Payloads that cross the IPC bridge. The TypeScript types in `ui/src/lib/host/bindings.ts` are
//! generated from these; a test fails when the committed file drifts from them.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub development_build: bool,
    pub connection: Connection,
}

/// Where calls go: the built-in practice line or the user's Cartesia account.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum Connection {
    /// No key saved: everything runs against the built-in practice server; no real calls.
    Practice,
    /// A key is saved in the OS keyring; only its last four characters ever leave the backend.
    #[serde(rename_all = "camelCase")]
    Connected { key_last4: String },
    /// The OS password store could not be read.
    KeyringUnavailable { message: String },
}

/// Every exported declaration, in a stable order, as one TypeScript module.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        crate::error::IpcError::decl(&cfg),
        AppInfo::decl(&cfg),
        Connection::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/ipc.rs by `cargo test -p batchline-app bindings` with\n\
         // UPDATE_BINDINGS=1. Do not edit by hand.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/host/bindings.ts");
        let fresh = super::typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/host/bindings.ts is out of date with src-tauri/src/ipc.rs; run \
             `UPDATE_BINDINGS=1 cargo test -p batchline-app bindings` and commit the result"
        );
    }
}

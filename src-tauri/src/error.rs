//! The one error shape the UI receives: `{ "code": ..., "message": ... }`.
//!
//! `message` is written for a campaign manager; `code` is set only where the UI branches on it.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: Option<String>,
    pub message: String,
}

impl IpcError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            code: None,
            message: message.into(),
        }
    }
}

impl From<crate::secrets::KeyStoreError> for IpcError {
    fn from(error: crate::secrets::KeyStoreError) -> Self {
        Self::new(error.to_string())
    }
}

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

impl IpcError {
    /// An error the UI branches on (e.g. `bad_key` keeps the key field open).
    pub fn coded(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: Some(code.to_owned()),
            message: message.into(),
        }
    }
}

/// When Cartesia refuses the saved key, every screen sends the person to Settings.
pub const KEY_REFUSED: &str = "key_refused";

impl From<cartesia::Error> for IpcError {
    fn from(error: cartesia::Error) -> Self {
        if error.is_unauthorized() {
            return Self::coded(
                KEY_REFUSED,
                "Cartesia no longer accepts the saved API key. Open Settings and connect your \
                 account again with a current key.",
            );
        }
        Self::new(error.user_message())
    }
}

/// The error code of an action refused for want of the person's confirmation.
pub const NOT_CONFIRMED: &str = "not_confirmed";

impl From<campaign::Error> for IpcError {
    fn from(error: campaign::Error) -> Self {
        match error {
            campaign::Error::Api(e) => e.into(),
            campaign::Error::NotConfirmed(message) => Self::coded(NOT_CONFIRMED, message),
            other => Self::new(other.to_string()),
        }
    }
}

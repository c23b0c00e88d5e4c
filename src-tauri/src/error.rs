//! The one error shape the UI receives: `{ "code": ..., "message": ... }`.
//!
//! `message` is written for a campaign manager; `code` is set only where the UI branches on it,
//! and the codes are a closed set ([`ErrorCode`], a TypeScript union in the bindings) so a code
//! the UI doesn't know can't be sent.

use serde::Serialize;
use ts_rs::TS;

/// What the UI does differently for an error, besides showing its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ErrorCode {
    /// Cartesia refused the saved key: wherever it happens, the UI offers "Open Settings".
    KeyRefused,
    /// The saved key was checked against another API address: "Open Settings" too.
    KeyForOtherAddress,
    /// The key being connected was not saved (refused, empty, or Cartesia unreachable): the key
    /// field stays open with what was typed.
    KeyNotSaved,
    /// Nothing in the recipients can be launched: the wizard goes back to the Recipients step.
    Recipients,
    /// A setup value is missing or out of range: the wizard goes to the Setup step.
    Setup,
    /// The start time has passed or is too far ahead: the wizard goes to the Schedule step.
    Schedule,
    /// The person didn't confirm what the command would do (consent unticked, or the counts
    /// changed since they were shown): the UI shows the current numbers and asks again.
    NotConfirmed,
    /// The person cancelled the work (an import): the UI shows no error.
    Cancelled,
    /// The phone number typed can't be used (or is already listed): shown at the number field.
    BadNumber,
    /// A reason is required and none was written: shown at the reason field.
    NoReason,
}

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub(crate) struct IpcError {
    pub code: Option<ErrorCode>,
    pub message: String,
}

impl IpcError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            code: None,
            message: message.into(),
        }
    }

    /// An error the UI branches on (e.g. [`ErrorCode::KeyNotSaved`] keeps the key field open).
    pub(crate) fn coded(code: ErrorCode, message: impl Into<String>) -> Self {
        tracing::debug!("the window is told: {code:?}");
        Self {
            code: Some(code),
            message: message.into(),
        }
    }
}

impl From<crate::secrets::KeyStoreError> for IpcError {
    fn from(error: crate::secrets::KeyStoreError) -> Self {
        tracing::warn!("{error}");
        Self::new(error.to_string())
    }
}

impl From<cartesia::Error> for IpcError {
    fn from(error: cartesia::Error) -> Self {
        crate::logging::cartesia_failure(&error);
        if error.is_unauthorized() {
            let refused = campaign::settings::KeyError::NoLongerAccepted;
            return Self::coded(ErrorCode::KeyRefused, refused.to_string());
        }
        Self::new(error.user_message())
    }
}

impl From<campaign::Error> for IpcError {
    fn from(error: campaign::Error) -> Self {
        match error {
            // Logged as it becomes an IpcError, like every Cartesia failure.
            campaign::Error::Api(e) => e.into(),
            campaign::Error::NotConfirmed(message) => Self::coded(ErrorCode::NotConfirmed, message),
            other => {
                crate::logging::campaign_failure(&other);
                Self::new(other.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_reach_the_ui_as_the_words_it_branches_on() {
        let json = |code| {
            serde_json::to_value(IpcError::coded(code, "m")).expect("serializes")["code"].clone()
        };
        assert_eq!(json(ErrorCode::KeyRefused), "key_refused");
        assert_eq!(json(ErrorCode::KeyForOtherAddress), "key_for_other_address");
        assert_eq!(json(ErrorCode::Schedule), "schedule");
        assert_eq!(
            serde_json::to_value(IpcError::new("m")).expect("serializes")["code"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn a_refused_key_sends_the_person_to_settings() {
        let refused = cartesia::Error::Api(Box::new(cartesia::ApiError {
            status: 401,
            error_code: None,
            title: "Unauthorized".into(),
            message: "bad".into(),
            request_id: None,
            target: cartesia::Target::ListBatches,
            recipient: None,
            too_many: None,
            retry_after: None,
        }));
        let error = IpcError::from(campaign::Error::Api(refused));
        assert_eq!(error.code, Some(ErrorCode::KeyRefused));
        assert!(error.message.contains("Open Settings"), "{}", error.message);
    }
}

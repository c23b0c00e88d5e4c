//! The person's preferences: where calls go once a key is saved, the country of numbers written
//! without a country code, the plan's limit of calls at once and the average call length (for
//! the estimated finish). What each may be is decided here; where they are kept is the app's
//! business. Nothing secret: the API key lives in the OS keyring.

use serde::{Deserialize, Serialize};

/// Most calls at once a plan can have, as far as Batchline checks (Scale has 60).
pub const MAX_ORG_CONCURRENCY: u32 = 1_000;
/// The Free plan's limit, until the person says otherwise.
pub const DEFAULT_ORG_CONCURRENCY: u32 = 8;
/// The average call length assumed until the person says otherwise, in minutes.
pub const DEFAULT_AVERAGE_CALL_MINUTES: f64 = 2.0;
/// What a person may give as the average call length, in minutes: no longer than a call may last.
const AVERAGE_CALL_MINUTES: std::ops::RangeInclusive<f64> =
    0.1..=(*limits::MAX_CALL_DURATION_MINUTES.end() as f64);

/// What the person set in Settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Where Batchline sends API calls once a key is saved (`https://api.cartesia.ai`).
    pub api_base_url: String,
    /// Two-letter country used for phone numbers written without a country code.
    pub default_country: String,
    /// The account plan's limit of simultaneous calls (Free 8, Pro 12, Startup 20, Scale 60).
    pub org_concurrency_limit: u32,
    /// Used for the estimated finish time.
    pub average_call_minutes: f64,
    /// The calling hours a new campaign starts with; `None`: Monday–Saturday, 9:00–20:00.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub calling_hours: Option<crate::schedule::HoursChoice>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api_base_url: cartesia::DEFAULT_BASE_URL.into(),
            default_country: "US".into(),
            org_concurrency_limit: DEFAULT_ORG_CONCURRENCY,
            average_call_minutes: DEFAULT_AVERAGE_CALL_MINUTES,
            calling_hours: None,
        }
    }
}

/// A setting that can't be kept, said so the person knows what to change.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The API address is not one a key may be sent to (Cartesia's own rule and words).
    #[error("{}", .0.user_message())]
    Address(cartesia::Error),
    #[error(
        "\"{0}\" is not a country code Batchline knows. Use a two-letter code such as US, GB or DE."
    )]
    Country(String),
    #[error("The number of calls at once must be between 1 and 1,000.")]
    Concurrency,
    /// The default calling hours can't be used.
    #[error("{0}")]
    Hours(hours::HoursError),
}

impl Settings {
    /// The calling hours a new campaign starts with.
    pub fn default_hours(&self) -> crate::schedule::HoursChoice {
        self.calling_hours.clone().unwrap_or_default()
    }
}

/// Why an API key can't be used, said so the person knows what to do. A key is checked with
/// Cartesia before it is kept, and sent only to the address it was checked with.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Nothing was pasted.
    #[error(
        "Paste your Cartesia API key first. You'll find it in the Cartesia dashboard under API keys."
    )]
    Empty,
    /// The API address in Settings names no place a key could be checked with.
    #[error("The API address in Settings is not valid.")]
    BadAddress,
    /// Cartesia refused the pasted key.
    #[error(
        "Cartesia didn't accept this key. Check that you copied the whole key from the Cartesia \
         dashboard (API keys), then paste it again. Nothing was saved."
    )]
    Refused,
    /// The key couldn't be checked (Cartesia unreachable, busy, …).
    #[error("{} The key was not saved.", .0.user_message())]
    NotChecked(cartesia::Error),
    /// Cartesia refused the key that was saved and worked before.
    #[error(
        "Cartesia no longer accepts the saved API key. Open Settings and connect your account \
         again with a current key."
    )]
    NoLongerAccepted,
    /// The saved key was checked with another address than the one in Settings now: nothing is
    /// sent until it is entered again.
    #[error(
        "Not connected: your API key was checked with {key_origin}, and the API address in \
         Settings is now {address}. Batchline sends the key only where it was checked, so \
         nothing was sent. Enter the key again in Settings to use this address, or set the \
         address back."
    )]
    ForOtherAddress { key_origin: String, address: String },
}

impl KeyError {
    /// Why checking a pasted key failed: refused, or not checked at all.
    pub fn from_check(error: cartesia::Error) -> KeyError {
        if error.is_unauthorized() {
            KeyError::Refused
        } else {
            KeyError::NotChecked(error)
        }
    }
}

impl Settings {
    /// The settings as they are kept: the address without a trailing `/` (empty: Cartesia's
    /// own), the country in capitals, an average call length out of range back to the default.
    /// Refuses an address a key must not go to, an unknown country and an impossible limit.
    pub fn validated(mut self) -> Result<Settings, SettingsError> {
        let address = self.api_base_url.trim().trim_end_matches('/');
        self.api_base_url = if address.is_empty() {
            cartesia::DEFAULT_BASE_URL.to_owned()
        } else {
            address.to_owned()
        };
        cartesia::validate_base_url(&self.api_base_url).map_err(SettingsError::Address)?;
        self.default_country = self.default_country.trim().to_ascii_uppercase();
        if recipients::Country::from_code(&self.default_country).is_err() {
            return Err(SettingsError::Country(self.default_country));
        }
        if !(1..=MAX_ORG_CONCURRENCY).contains(&self.org_concurrency_limit) {
            return Err(SettingsError::Concurrency);
        }
        if let Some(hours) = &self.calling_hours {
            hours.calling_hours().map_err(SettingsError::Hours)?;
        }
        if !(self.average_call_minutes.is_finite()
            && AVERAGE_CALL_MINUTES.contains(&self.average_call_minutes))
        {
            self.average_call_minutes = DEFAULT_AVERAGE_CALL_MINUTES;
        }
        Ok(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn with_address(address: &str) -> Result<Settings, SettingsError> {
        Settings {
            api_base_url: address.into(),
            ..Settings::default()
        }
        .validated()
    }

    #[test]
    fn the_address_is_https_or_this_computer() {
        for ok in [
            "https://api.cartesia.ai",
            "http://127.0.0.1:8787",
            "http://localhost:8787",
            "http://[::1]:8787",
        ] {
            assert!(with_address(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://api.cartesia.ai",
            "http://10.0.0.5",
            "ftp://x",
            "not a url",
        ] {
            assert!(
                matches!(with_address(refused), Err(SettingsError::Address(_))),
                "{refused}"
            );
        }
        let error = with_address("http://api.cartesia.ai").unwrap_err();
        assert!(error.to_string().contains("https://"), "{error}");
    }

    #[test]
    fn what_is_typed_is_tidied() {
        let s = Settings {
            api_base_url: " https://example.test/ ".into(),
            default_country: " gb".into(),
            average_call_minutes: f64::NAN,
            ..Settings::default()
        }
        .validated()
        .unwrap();
        assert_eq!(s.api_base_url, "https://example.test");
        assert_eq!(s.default_country, "GB");
        assert_eq!(s.average_call_minutes, DEFAULT_AVERAGE_CALL_MINUTES);
        assert_eq!(
            with_address("  ").unwrap().api_base_url,
            cartesia::DEFAULT_BASE_URL
        );
    }

    #[test]
    fn a_key_for_another_address_says_both_and_what_to_do() {
        let said = KeyError::ForOtherAddress {
            key_origin: "https://api.cartesia.ai".into(),
            address: "https://staging.example.test".into(),
        }
        .to_string();
        assert!(
            said.starts_with(
                "Not connected: your API key was checked with https://api.cartesia.ai, and the \
                 API address in Settings is now https://staging.example.test."
            ),
            "{said}"
        );
        assert!(said.contains("nothing was sent"), "{said}");
        assert!(said.contains("Enter the key again in Settings"), "{said}");
    }

    #[test]
    fn a_refused_key_is_told_apart_from_one_that_could_not_be_checked() {
        let api = |status| {
            cartesia::Error::Api(Box::new(cartesia::ApiError {
                status,
                error_code: None,
                title: "t".into(),
                message: "m".into(),
                request_id: None,
                target: cartesia::Target::ListBatches,
                recipient: None,
                too_many: None,
                retry_after: None,
            }))
        };
        let refused = KeyError::from_check(api(401));
        assert!(matches!(refused, KeyError::Refused), "{refused:?}");
        assert!(refused.to_string().ends_with("Nothing was saved."));
        let busy = KeyError::from_check(api(503));
        assert!(matches!(busy, KeyError::NotChecked(_)), "{busy:?}");
        assert!(
            busy.to_string().ends_with(" The key was not saved."),
            "{busy}"
        );
    }

    #[test]
    fn an_unknown_country_or_an_impossible_limit_is_refused() {
        let country = Settings {
            default_country: "xx".into(),
            ..Settings::default()
        }
        .validated()
        .unwrap_err();
        assert_eq!(
            country.to_string(),
            "\"XX\" is not a country code Batchline knows. Use a two-letter code such as US, GB \
             or DE."
        );
        for limit in [0, MAX_ORG_CONCURRENCY + 1] {
            let error = Settings {
                org_concurrency_limit: limit,
                ..Settings::default()
            }
            .validated()
            .unwrap_err();
            assert!(matches!(error, SettingsError::Concurrency), "{limit}");
        }
        let most = Settings {
            org_concurrency_limit: MAX_ORG_CONCURRENCY,
            ..Settings::default()
        };
        assert!(most.validated().is_ok());
    }
}

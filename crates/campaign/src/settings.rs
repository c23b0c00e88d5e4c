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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api_base_url: cartesia::DEFAULT_BASE_URL.into(),
            default_country: "US".into(),
            org_concurrency_limit: DEFAULT_ORG_CONCURRENCY,
            average_call_minutes: DEFAULT_AVERAGE_CALL_MINUTES,
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

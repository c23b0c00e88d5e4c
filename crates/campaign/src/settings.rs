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
    /// The state rules the person turned off (each only after a warning, with a reason, and
    /// written to the audit log); changed only by [`Settings::change_rule`].
    #[serde(default)]
    pub rules_off: Vec<RuleOff>,
    /// Phrases that, said by a recipient on a call, mean "don't call me again" (matched without
    /// regard to case); such calls are flagged on the campaign's page.
    #[serde(default = "default_opt_out_phrases")]
    pub opt_out_phrases: Vec<String>,
    /// The manager's own phone number for test calls ("Call me first"), as last used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub test_call_number: Option<String>,
    /// Every campaign needs a consent column (date and source), filled in for every row: the
    /// launch is refused otherwise, naming the rows.
    #[serde(default)]
    pub consent_required: bool,
    /// The price of one call minute in US dollars, for the estimate and the cost so far; `None`:
    /// minutes only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub price_per_minute: Option<f64>,
}

/// A state rule the person turned off in Settings: calls to that state's recipients then follow
/// only the campaign's own hours (never wider than 8:00–21:00).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleOff {
    /// The rule's state, "US-FL".
    pub region: String,
    /// Why, as the person wrote it.
    pub reason: String,
    /// When it was turned off, RFC 3339.
    pub since: String,
}

/// Turning a state rule off or back on, as asked in Settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleChange {
    /// The rule's state, "US-FL".
    pub region: String,
    /// `false` turns it off, `true` back on.
    pub on: bool,
    /// Why (required to turn it off).
    pub reason: String,
    /// The person read the warning and confirmed (required to turn it off).
    pub confirmed: bool,
}

/// What the audit log keeps of a rule change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleAudit {
    pub kind: crate::store::AuditKind,
    /// "Florida (US-FL): the client's lawyer confirmed the calls are not telemarketing".
    pub detail: String,
}

/// A state rule as the Settings screen lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StateRuleRow {
    /// "US-FL".
    pub region: String,
    /// "Florida".
    pub name: String,
    /// "8 am–8 pm, at most 3 calls a day to one person".
    pub words: String,
    /// Where the rule comes from.
    pub source: String,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Set when the person turned it off.
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off: Option<RuleOff>,
}

/// A price per call minute at or above this (US dollars) is taken for a typing mistake.
pub const MAX_PRICE_PER_MINUTE: f64 = 100.0;

/// The opt-out phrases Settings starts with ([`crate::dnc_enforce::DEFAULT_OPT_OUT_PHRASES`]).
pub fn default_opt_out_phrases() -> Vec<String> {
    crate::dnc_enforce::DEFAULT_OPT_OUT_PHRASES
        .iter()
        .map(|p| p.to_string())
        .collect()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api_base_url: cartesia::DEFAULT_BASE_URL.into(),
            default_country: "US".into(),
            org_concurrency_limit: DEFAULT_ORG_CONCURRENCY,
            average_call_minutes: DEFAULT_AVERAGE_CALL_MINUTES,
            calling_hours: None,
            rules_off: Vec::new(),
            opt_out_phrases: default_opt_out_phrases(),
            test_call_number: None,
            consent_required: false,
            price_per_minute: None,
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
    #[error("Batchline has no calling rule for \"{0}\". Pick a state from the list in Settings.")]
    UnknownRule(String),
    /// The audit entry couldn't be written, so the rule was not changed.
    #[error("{0}")]
    Store(#[from] crate::Error),
    #[error(
        "The rule was not turned off: confirm that you take responsibility for calls in the \
         hours it forbids, in the dialog that asks."
    )]
    RuleOffNotConfirmed,
    #[error(
        "The rule was not turned off: write why you turn it off (it is kept in the audit log)."
    )]
    RuleOffNoReason,
    #[error(
        "The price per call minute must be a number of dollars above 0 and under 100, such as \
         0.074. Leave it empty to see minutes only."
    )]
    Price,
}

impl Settings {
    /// The calling hours a new campaign starts with.
    pub fn default_hours(&self) -> crate::schedule::HoursChoice {
        self.calling_hours.clone().unwrap_or_default()
    }

    /// The settings the person saved from the Settings form, keeping the rules turned off as
    /// they are in `current`: those change only through [`Settings::change_rule`].
    pub fn edited(mut self, current: &Settings) -> Settings {
        self.rules_off = current.rules_off.clone();
        self
    }

    /// The state rules turned off, as the planner takes them.
    pub fn rule_overrides(&self) -> Vec<hours::RuleOverride> {
        self.rules_off
            .iter()
            .map(|r| hours::RuleOverride {
                region: r.region.clone(),
                reason: r.reason.clone(),
            })
            .collect()
    }

    /// [`Settings::change_rule`] with its audit entry written to `store` first: a rule is never
    /// off without its entry, and a refused change writes nothing. The caller keeps (saves) the
    /// settings returned.
    pub fn change_rule_logged(
        &self,
        change: &RuleChange,
        store: &crate::Store,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Settings, SettingsError> {
        let (next, audit) = self.change_rule(change, now)?;
        store.audit(
            audit.kind,
            &crate::AuditEntry {
                detail: Some(&audit.detail),
                ..crate::AuditEntry::default()
            },
        )?;
        Ok(next)
    }

    /// These settings remembering `number` as the person's own for test calls (as typed, trimmed);
    /// `None` when it is the one remembered already.
    pub fn with_test_call_number(&self, number: &str) -> Option<Settings> {
        let number = number.trim();
        (self.test_call_number.as_deref() != Some(number)).then(|| Settings {
            test_call_number: Some(number.to_string()),
            ..self.clone()
        })
    }

    /// These settings with a state rule turned off (only `confirmed`, with a reason) or back on,
    /// and what the audit log keeps of it. Turning off a rule already off keeps its first date;
    /// turning on one that is on changes nothing but is still recorded.
    pub fn change_rule(
        &self,
        change: &RuleChange,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Settings, RuleAudit), SettingsError> {
        let region = change.region.trim().to_ascii_uppercase();
        let rule = hours::rules::rule_for(&region)
            .ok_or_else(|| SettingsError::UnknownRule(change.region.trim().to_owned()))?;
        let reason = change.reason.trim();
        let mut next = self.clone();
        next.rules_off.retain(|r| r.region != region);
        let kind = if change.on {
            crate::store::AuditKind::RuleTurnedOn
        } else {
            if !change.confirmed {
                return Err(SettingsError::RuleOffNotConfirmed);
            }
            if reason.is_empty() {
                return Err(SettingsError::RuleOffNoReason);
            }
            let since = self
                .rules_off
                .iter()
                .find(|r| r.region == region)
                .map_or_else(|| now.to_rfc3339(), |r| r.since.clone());
            next.rules_off.push(RuleOff {
                region: region.clone(),
                reason: reason.to_owned(),
                since,
            });
            next.rules_off.sort_by(|a, b| a.region.cmp(&b.region));
            crate::store::AuditKind::RuleTurnedOff
        };
        let detail = match reason {
            "" => format!("{} ({region})", rule.name),
            _ => format!("{} ({region}): {reason}", rule.name),
        };
        Ok((next, RuleAudit { kind, detail }))
    }

    /// Every state rule Batchline ships, in plain words, with whether it is off.
    pub fn state_rules(&self) -> Vec<StateRuleRow> {
        hours::rules::us_state_rules()
            .iter()
            .map(|rule| StateRuleRow {
                region: rule.region.clone(),
                name: rule.name.clone(),
                words: crate::schedule::rule_terms(rule),
                source: rule.source.clone(),
                note: rule.note.clone(),
                off: self
                    .rules_off
                    .iter()
                    .find(|r| r.region == rule.region)
                    .cloned(),
            })
            .collect()
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
        // One phrase per entry, trimmed, no blanks or repeats (case aside).
        let mut phrases: Vec<String> = Vec::new();
        for p in &self.opt_out_phrases {
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            if !p.is_empty() && !phrases.iter().any(|q| q.eq_ignore_ascii_case(&p)) {
                phrases.push(p);
            }
        }
        self.opt_out_phrases = phrases;
        if let Some(price) = self.price_per_minute {
            if !(price.is_finite() && price > 0.0 && price < MAX_PRICE_PER_MINUTE) {
                return Err(SettingsError::Price);
            }
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
    fn a_rule_change_is_written_to_the_audit_log_before_it_is_kept_and_a_refusal_writes_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = crate::Store::open(dir.path().join("c.db")).unwrap_or_else(|e| panic!("{e}"));
        let now = chrono::Utc::now();
        let off = |reason: &str, confirmed| RuleChange {
            region: "US-FL".into(),
            on: false,
            reason: reason.into(),
            confirmed,
        };
        let settings = Settings::default();
        assert!(settings
            .change_rule_logged(&off("reminders only", false), &store, now)
            .is_err());
        assert!(settings
            .change_rule_logged(&off("", true), &store, now)
            .is_err());
        let log = |s: &crate::Store| s.audit_log(10).unwrap_or_else(|e| panic!("{e}"));
        assert!(log(&store).is_empty(), "refused: nothing written");
        let next = settings
            .change_rule_logged(&off("reminders only", true), &store, now)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(next.rules_off.len(), 1);
        let entries = log(&store);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].kind, "rule_turned_off");
        assert!(entries[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("reminders only")));
    }

    #[test]
    fn the_test_call_number_is_remembered_once_trimmed() {
        let s = Settings::default();
        let next = s.with_test_call_number(" (415) 555-0004 ");
        assert_eq!(
            next.as_ref().and_then(|n| n.test_call_number.as_deref()),
            Some("(415) 555-0004")
        );
        assert!(next
            .and_then(|n| n.with_test_call_number("(415) 555-0004"))
            .is_none());
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
        for bad in [0.0, -0.5, f64::NAN, 250.0] {
            let e = Settings {
                price_per_minute: Some(bad),
                ..Settings::default()
            }
            .validated()
            .unwrap_err();
            assert!(
                e.to_string().starts_with("The price per call minute"),
                "{e}"
            );
        }
        let priced = Settings {
            price_per_minute: Some(0.074),
            ..Settings::default()
        };
        assert_eq!(priced.validated().unwrap().price_per_minute, Some(0.074));
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

    fn turn(
        settings: &Settings,
        region: &str,
        on: bool,
        reason: &str,
        confirmed: bool,
    ) -> Result<(Settings, RuleAudit), SettingsError> {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-07T16:00:00Z")
            .unwrap()
            .to_utc();
        settings.change_rule(
            &RuleChange {
                region: region.into(),
                on,
                reason: reason.into(),
                confirmed,
            },
            now,
        )
    }

    #[test]
    fn a_state_rule_goes_off_only_confirmed_with_a_reason_and_is_audited_both_ways() {
        let settings = Settings::default();
        assert!(matches!(
            turn(&settings, "US-FL", false, "lawyer says ok", false),
            Err(SettingsError::RuleOffNotConfirmed)
        ));
        assert!(matches!(
            turn(&settings, "US-FL", false, "   ", true),
            Err(SettingsError::RuleOffNoReason)
        ));
        let unknown = turn(&settings, "US-ZZ", false, "x", true).unwrap_err();
        assert!(matches!(unknown, SettingsError::UnknownRule(_)));
        assert!(unknown.to_string().contains("US-ZZ"), "{unknown}");

        let (off, audit) = turn(&settings, "us-fl", false, " lawyer says ok ", true).unwrap();
        assert_eq!(audit.kind, crate::store::AuditKind::RuleTurnedOff);
        assert_eq!(audit.detail, "Florida (US-FL): lawyer says ok");
        assert_eq!(
            off.rules_off,
            vec![RuleOff {
                region: "US-FL".into(),
                reason: "lawyer says ok".into(),
                since: "2026-12-07T16:00:00+00:00".into(),
            }]
        );
        let overrides = off.rule_overrides();
        assert_eq!(overrides.len(), 1);
        assert_eq!(overrides[0].region, "US-FL");
        let rows = off.state_rules();
        let florida = rows.iter().find(|r| r.region == "US-FL").unwrap();
        assert_eq!(
            florida.words,
            "8 am–8 pm, at most 3 calls a day to one person"
        );
        assert!(florida.source.contains("501.616"), "{}", florida.source);
        assert!(florida.off.is_some());
        assert!(rows
            .iter()
            .filter(|r| r.region != "US-FL")
            .all(|r| r.off.is_none()));

        // Kept between runs as the file is written and read.
        let text = serde_json::to_string(&off).unwrap();
        let back: Settings = serde_json::from_str(&text).unwrap();
        assert_eq!(back, off);
        let older: Settings = serde_json::from_str(
            r#"{"apiBaseUrl":"https://api.cartesia.ai","defaultCountry":"US","orgConcurrencyLimit":8,"averageCallMinutes":2.0}"#,
        )
        .unwrap();
        assert!(
            older.rules_off.is_empty(),
            "a file from before keeps every rule on"
        );

        // The Settings form can't turn a rule on or off by itself.
        let from_form = Settings::default().edited(&off);
        assert_eq!(from_form.rules_off, off.rules_off);

        let (on, audit) = turn(&off, "US-FL", true, "", false).unwrap();
        assert_eq!(audit.kind, crate::store::AuditKind::RuleTurnedOn);
        assert_eq!(audit.detail, "Florida (US-FL)");
        assert!(on.rules_off.is_empty());
        assert!(on.rule_overrides().is_empty());
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

//! The US states whose calling rules are stricter than the federal ones, as data with a source per
//! row (`data/us-state-rules.json`, built into the binary and read once). A state's rule is always
//! applied on top of a campaign's hours for recipients in that state; only a [`RuleOverride`] the
//! caller passes (and writes to the audit log) turns it off.

use chrono::{NaiveTime, Weekday};
use serde::Deserialize;
use std::sync::OnceLock;

const DATA: &str = include_str!("../data/us-state-rules.json");

/// One state's rule.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StateRule {
    /// ISO 3166-2 code, e.g. "US-FL".
    pub region: String,
    /// The state's name, for people ("Florida").
    pub name: String,
    /// The state's hours in the recipient's local time, when it has its own.
    #[serde(default, with = "opt_time")]
    pub from: Option<NaiveTime>,
    #[serde(default, with = "opt_time")]
    pub to: Option<NaiveTime>,
    /// Shorter Saturday hours (Rhode Island).
    #[serde(default, with = "opt_time")]
    pub saturday_from: Option<NaiveTime>,
    #[serde(default, with = "opt_time")]
    pub saturday_to: Option<NaiveTime>,
    #[serde(default)]
    pub no_sundays: bool,
    /// No calls on holidays (the US federal ones are the holidays known here).
    #[serde(default)]
    pub no_holidays: bool,
    /// Most calls to one person in 24 hours, when the state limits it.
    #[serde(default)]
    pub calls_per_24h: Option<u32>,
    /// Where the rule comes from.
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

impl StateRule {
    /// The state's own from–to on `day` (before the campaign's hours are applied), or `None` when
    /// it allows no calls that day.
    pub fn hours_on(&self, day: Weekday) -> Option<(Option<NaiveTime>, Option<NaiveTime>)> {
        if day == Weekday::Sun && self.no_sundays {
            return None;
        }
        if day == Weekday::Sat && (self.saturday_from.is_some() || self.saturday_to.is_some()) {
            return Some((self.saturday_from, self.saturday_to));
        }
        Some((self.from, self.to))
    }
}

/// A state rule turned off for one campaign, on purpose: the caller records who and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOverride {
    /// The rule's region ("US-FL").
    pub region: String,
    /// Why, as the manager said it (for the audit log).
    pub reason: String,
}

#[derive(Deserialize)]
struct File {
    rules: Vec<StateRule>,
}

/// Every state rule shipped with Batchline.
pub fn us_state_rules() -> &'static [StateRule] {
    static RULES: OnceLock<Vec<StateRule>> = OnceLock::new();
    RULES.get_or_init(|| parse(DATA).unwrap_or_default())
}

fn parse(text: &str) -> Result<Vec<StateRule>, serde_json::Error> {
    serde_json::from_str::<File>(text).map(|f| f.rules)
}

/// The rule for `region` ("US-FL"), if the state has one.
pub fn rule_for(region: &str) -> Option<&'static StateRule> {
    us_state_rules().iter().find(|r| r.region == region)
}

mod opt_time {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveTime>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| NaiveTime::parse_from_str(&t, "%H:%M").map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse_and_every_row_names_its_source() {
        let rules = parse(DATA).unwrap_or_else(|e| panic!("us-state-rules.json: {e}"));
        assert!(rules.len() >= 14, "{} rules", rules.len());
        assert_eq!(us_state_rules().len(), rules.len());
        for r in &rules {
            assert!(r.source.trim().len() > 10, "{} has no source", r.region);
            assert!(
                r.region.starts_with("US-") && r.region.len() == 5,
                "{}",
                r.region
            );
            assert_eq!(
                r.from.is_some(),
                r.to.is_some(),
                "{}: from without to",
                r.region
            );
            if let (Some(from), Some(to)) = (r.from, r.to) {
                assert!(from < to, "{}", r.region);
            }
            let restricts = r.from.is_some() || r.no_sundays || r.no_holidays;
            assert!(restricts, "{} restricts nothing", r.region);
        }
        let mut regions: Vec<_> = rules.iter().map(|r| &r.region).collect();
        regions.sort();
        regions.dedup();
        assert_eq!(regions.len(), rules.len(), "a state is listed twice");
    }

    #[test]
    fn florida_calls_end_at_eight_and_rhode_island_keeps_sundays_free() {
        let t = |h| NaiveTime::from_hms_opt(h, 0, 0);
        let fl = rule_for("US-FL");
        assert_eq!(fl.map(|r| (r.from, r.to)), Some((t(8), t(20))));
        assert_eq!(fl.and_then(|r| r.calls_per_24h), Some(3));
        let ri = rule_for("US-RI");
        assert_eq!(ri.map(|r| r.hours_on(Weekday::Sun)), Some(None));
        assert_eq!(
            ri.map(|r| r.hours_on(Weekday::Sat)),
            Some(Some((t(10), t(17))))
        );
        assert_eq!(
            rule_for("US-CT").map(|r| r.to),
            Some(t(20)),
            "Connecticut: the stricter of the two sources"
        );
        assert!(rule_for("US-TX").is_none());
    }
}

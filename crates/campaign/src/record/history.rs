//! A campaign's history — its audit entries — in plain words, for its page and its record:
//! "Tue 8 Dec 14:02 — Launched by maria: 3 parts, 12,400 people".

use crate::store::AuditRecord;
use crate::view::{capital, plural};
use chrono::{DateTime, Utc};
use serde::Serialize;
use whereabouts::Tz;

/// One thing that happened to a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HistoryLine {
    /// When, RFC 3339 (UTC).
    pub at: String,
    /// When, in the reader's zone: "Tue 8 Dec 2026 14:02 EST".
    pub when: String,
    /// What happened: "Launched by maria: 3 parts, 12 people".
    pub words: String,
}

/// What the history needs to know of the campaign besides its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryContext<'a> {
    /// The computer's user who launched it, when kept.
    pub launched_by: Option<&'a str>,
    /// Its recipients.
    pub recipients: u32,
}

/// `at` in `zone`: "Tue 8 Dec 2026 14:02 EST".
pub fn when_words(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%a %-d %b %Y %H:%M %Z")
        .to_string()
}

/// "12 recipients in 3 parts" → (12, 3).
fn recipients_in_parts(detail: &str) -> Option<(u32, u32)> {
    let mut words = detail.split_whitespace();
    let people = words.next()?.replace(',', "").parse().ok()?;
    let parts = words.nth(2)?.parse().ok()?;
    Some((people, parts))
}

/// The words of one entry. `first_launch`: the campaign's first launch entry (the one that
/// names who launched it).
fn words(a: &AuditRecord, first_launch: bool, ctx: HistoryContext<'_>, zone: Tz) -> String {
    let detail = a.detail.as_deref().unwrap_or("").trim();
    let with = |label: &str| {
        if detail.is_empty() {
            label.to_string()
        } else {
            format!("{label}: {detail}")
        }
    };
    match a.kind.as_str() {
        "created" => {
            let from = a
                .file_name
                .as_deref()
                .map(|f| format!(" from \u{201c}{f}\u{201d}"))
                .unwrap_or_default();
            match recipients_in_parts(detail) {
                Some((people, parts)) => format!(
                    "Set up{from}: {} in {}",
                    plural(people, "person", "people"),
                    plural(parts, "part", "parts")
                ),
                None => with(&format!("Set up{from}")),
            }
        }
        "scheduled" => match detail
            .strip_prefix("calling starts ")
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        {
            Some(t) => format!("Calls set to start {}", when_words(t.to_utc(), zone)),
            None => with("Scheduled"),
        },
        "launched" => {
            let parts: Option<u32> = detail
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok());
            let parts = parts.map(|n| plural(n, "part", "parts"));
            match (first_launch, ctx.launched_by, parts) {
                (true, by, Some(parts)) => format!(
                    "Launched{}: {parts}, {}",
                    by.map(|b| format!(" by {b}")).unwrap_or_default(),
                    plural(ctx.recipients, "person", "people")
                ),
                (_, _, Some(parts)) => format!("Sent to Cartesia: {parts}"),
                _ => with("Launched"),
            }
        }
        "retried" => with("Retry failed"),
        "cancelled" => with("Cancelled"),
        "exported" if detail.starts_with("compliance record") => capital(detail),
        "exported" => with("Results exported"),
        "not_all_scheduled" => with("Cartesia took a part short"),
        "renamed" => with("Renamed"),
        "archived" => "Archived".to_string(),
        "unarchived" => "Taken out of the archive".to_string(),
        "moved" => with("Calls moved"),
        "edited" => capital(if detail.is_empty() {
            "changed before it started"
        } else {
            detail
        }),
        "rule_turned_off" => with("State rule turned off"),
        "rule_turned_on" => with("State rule turned back on"),
        "dnc_added" => with("Added to the do-not-call list"),
        "dnc_removed" => with("Taken off the do-not-call list"),
        "dnc_left_out" => with("Do-not-call list applied"),
        "test_call" => with("Test call"),
        "pilot_released" => with("Rest launched after the pilot"),
        "pilot_stopped" => with("Ended with its pilot: the rest is not called"),
        other => with(&capital(&other.replace('_', " "))),
    }
}

/// The campaign's `entries` (newest first, as the store gives them) in words, newest first,
/// their times told in `zone`.
pub fn history(entries: &[AuditRecord], ctx: HistoryContext<'_>, zone: Tz) -> Vec<HistoryLine> {
    let first_launch = entries.iter().rposition(|a| a.kind == "launched");
    entries
        .iter()
        .enumerate()
        .map(|(i, a)| HistoryLine {
            at: a.at.to_rfc3339(),
            when: when_words(a.at, zone),
            words: words(a, Some(i) == first_launch, ctx, zone),
        })
        .collect()
}

/// A campaign's history as its page shows it: its audit entries in words, newest first, told
/// in `zone` (the manager's; UTC when it isn't a zone).
pub fn campaign_history(
    store: &crate::store::Store,
    campaign_id: crate::store::CampaignId,
    zone: &str,
) -> crate::error::Result<Vec<HistoryLine>> {
    let campaign = store.campaign(campaign_id)?;
    let kept = store.launch_kept(campaign_id)?;
    let entries = store.campaign_audit(campaign_id)?;
    Ok(history(
        &entries,
        HistoryContext {
            launched_by: kept.launched_by.as_deref(),
            recipients: campaign.recipient_count,
        },
        zone.parse().unwrap_or(Tz::UTC),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn entry(at: &str, kind: &str, detail: Option<&str>) -> AuditRecord {
        AuditRecord {
            at: DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
            kind: kind.into(),
            campaign_id: Some(1),
            file_name: (kind == "created").then(|| "spring leads.csv".into()),
            file_sha256: None,
            detail: detail.map(str::to_string),
        }
    }

    #[test]
    fn entries_read_as_plain_words_newest_first_in_the_readers_zone() {
        // Newest first, as the store gives them.
        let entries = [
            entry(
                "2026-12-08T19:30:00Z",
                "cancelled",
                Some("4 recipients not to be called (part 1 of 3)"),
            ),
            entry(
                "2026-12-08T19:10:00Z",
                "launched",
                Some("1 part(s) started"),
            ),
            entry(
                "2026-12-08T19:02:30Z",
                "launched",
                Some("3 part(s) started"),
            ),
            entry(
                "2026-12-08T19:02:00Z",
                "scheduled",
                Some("calling starts 2026-12-09T14:00:00+00:00"),
            ),
            entry(
                "2026-12-08T19:02:00Z",
                "created",
                Some("12400 recipients in 3 parts"),
            ),
            entry("2026-12-08T19:01:00Z", "some_new_kind", None),
        ];
        let ctx = HistoryContext {
            launched_by: Some("maria"),
            recipients: 12_400,
        };
        let lines = history(&entries, ctx, chrono_tz::America::New_York);
        let said: Vec<String> = lines
            .iter()
            .map(|l| format!("{} — {}", l.when, l.words))
            .collect();
        assert_eq!(
            said,
            [
                "Tue 8 Dec 2026 14:30 EST — Cancelled: 4 recipients not to be called (part 1 of 3)",
                "Tue 8 Dec 2026 14:10 EST — Sent to Cartesia: 1 part",
                "Tue 8 Dec 2026 14:02 EST — Launched by maria: 3 parts, 12,400 people",
                "Tue 8 Dec 2026 14:02 EST — Calls set to start Wed 9 Dec 2026 09:00 EST",
                "Tue 8 Dec 2026 14:02 EST — Set up from \u{201c}spring leads.csv\u{201d}: 12,400 people in 3 parts",
                "Tue 8 Dec 2026 14:01 EST — Some new kind",
            ]
        );
        assert_eq!(lines[0].at, "2026-12-08T19:30:00+00:00");
        // Nothing a manager shouldn't read: no ids, no JSON.
        assert!(
            said.iter().all(|l| !l.contains('{') && !l.contains("_")),
            "{said:?}"
        );
    }
}

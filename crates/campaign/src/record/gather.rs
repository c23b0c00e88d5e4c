//! Reads a campaign's record from the store (who, the words, consent, hours, history) and
//! Cartesia (every call of every part, as the results export reads them).

use super::history::{history, HistoryContext};
use super::{Attempt, DncFigures, Person, Record, RuleApplied};
use crate::error::Result;
use crate::schedule::{self, HoursChoice, KeptPlanning};
use crate::store::{AuditRecord, CampaignId, Store};
use crate::view::{end_reason_label, recipients_complete, Outcome};
use cartesia::{Call, CallStatus, Client};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};
use whereabouts::Tz;
use whereabouts::Whereabouts;

/// How far back the audit log is read for the reason a state rule was turned off.
const RULE_AUDIT_LOOKBACK: u32 = 10_000;

/// "Mon–Sat, 09:00–20:00 in each recipient's local time; US federal holidays skipped".
fn hours_words(h: &HoursChoice) -> String {
    const WEEK: [(&str, &str); 7] = [
        ("mon", "Mon"),
        ("tue", "Tue"),
        ("wed", "Wed"),
        ("thu", "Thu"),
        ("fri", "Fri"),
        ("sat", "Sat"),
        ("sun", "Sun"),
    ];
    let on: Vec<usize> = WEEK
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| h.days.iter().any(|d| d.eq_ignore_ascii_case(k)))
        .map(|(i, _)| i)
        .collect();
    let consecutive = on.windows(2).all(|w| w[1] == w[0] + 1);
    let days = match (on.first(), on.last()) {
        (Some(&a), Some(&b)) if consecutive && b > a + 1 => format!("{}–{}", WEEK[a].1, WEEK[b].1),
        _ => on.iter().map(|&i| WEEK[i].1).collect::<Vec<_>>().join(", "),
    };
    format!(
        "{days}, {}–{} in each recipient's local time; US federal holidays {}{}",
        h.from,
        h.to,
        if h.skip_holidays { "skipped" } else { "called" },
        if h.leave_out_unplaced {
            "; numbers whose time zone can't be known left out"
        } else {
            ""
        }
    )
}

/// One call as an attempt, in the results' words.
fn attempt(c: &Call) -> Attempt {
    let reason = c.end_reason.as_ref().map(|r| r.as_str().to_string());
    let outcome = match (&reason, &c.status) {
        (Some(r), _) => Outcome::of_end_reason(r).label().to_string(),
        (None, CallStatus::Completed) => Outcome::Answered.label().to_string(),
        (None, CallStatus::Failed) => Outcome::CouldntConnect.label().to_string(),
        (None, _) => "Still under way".to_string(),
    };
    Attempt {
        started: c.start_time,
        ended: c.end_time,
        outcome,
        why: reason.as_deref().map(end_reason_label),
    }
}

/// Where each number of the campaign's parts was placed, as the plan placed them (the
/// campaign's location columns, else those found in the call data).
fn places(
    store: &Store,
    campaign_id: CampaignId,
    kept: Option<&KeptPlanning>,
) -> Result<HashMap<String, Whereabouts>> {
    let mut people: Vec<recipients::Recipient> = Vec::new();
    for part in store.parts(campaign_id)? {
        let request = store.part_request(part.id)?;
        people.extend(
            request
                .recipients
                .iter()
                .map(|r| schedule::as_recipient(0, r)),
        );
    }
    let columns = kept
        .and_then(|k| k.location_columns.clone())
        .unwrap_or_else(|| schedule::detect_location_columns(&people));
    let found = schedule::locate(&people, &columns);
    Ok(people.into_iter().map(|p| p.to_number).zip(found).collect())
}

/// What the audit log says of `region`'s rule being turned off, before `by`.
fn why_off(log: &[AuditRecord], region: &str, by: DateTime<Utc>, zone: Tz) -> String {
    let tag = format!("({region})");
    log.iter()
        .filter(|a| a.kind == "rule_turned_off" && a.at <= by)
        .find(|a| a.detail.as_deref().is_some_and(|d| d.contains(&tag)))
        .and_then(|a| {
            a.detail
                .as_ref()
                .map(|d| format!("{d} (on {})", super::when_words(a.at, zone)))
        })
        .unwrap_or_else(|| format!("{region}: the reason isn't in the audit log"))
}

/// The state rules that touch the list's people, and those turned off for the campaign.
fn rules(
    places: &HashMap<String, Whereabouts>,
    kept: Option<&KeptPlanning>,
    log: &[AuditRecord],
    by: DateTime<Utc>,
    zone: Tz,
) -> Vec<RuleApplied> {
    let off: Vec<&str> = kept
        .map(|k| k.rules_off.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let regions: BTreeSet<&str> = places
        .values()
        .flat_map(|w| w.region.iter().chain(&w.other_regions))
        .map(String::as_str)
        .collect();
    hours::rules::us_state_rules()
        .iter()
        .filter(|r| regions.contains(r.region.as_str()) || off.contains(&r.region.as_str()))
        .map(|r| RuleApplied {
            name: r.name.clone(),
            terms: schedule::rule_terms(r),
            source: r.source.clone(),
            off: off
                .contains(&r.region.as_str())
                .then(|| why_off(log, &r.region, by, zone)),
        })
        .collect()
}

/// The do-not-call list's size at launch, who it took out when the campaign was recorded
/// (`campaigns.left_out`) and what it took out later (its audit entries).
fn dnc_figures(
    store: &Store,
    campaign_id: CampaignId,
    kept: &crate::store::LaunchKept,
    audit: &[AuditRecord],
) -> Result<DncFigures> {
    let mut taken_out: Vec<String> = store
        .campaign_left_out(campaign_id)?
        .into_iter()
        .filter(|l| l.reason == crate::dnc::LEFT_OUT_REASON)
        .map(|l| format!("{} (row {})", l.to_number, l.row))
        .collect();
    taken_out.extend(
        audit
            .iter()
            .rev()
            .filter(|a| a.kind == "dnc_left_out")
            .filter_map(|a| a.detail.clone()),
    );
    Ok(DncFigures {
        list_size: kept.dnc_at_launch,
        taken_out,
        note: kept.dnc_at_launch.is_none().then(|| {
            "The list's size wasn't recorded for this campaign (launched by an older \
             Batchline)."
                .to_string()
        }),
    })
}

/// The compliance record of a campaign as of `now`, campaign-level times told in `zone` (the
/// manager's). Reads every call of every part from Cartesia (by batch, as the export does);
/// fails rather than make a partial record when a part can't be read.
pub async fn gather(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Record> {
    let campaign = store.campaign(campaign_id)?;
    let kept = store.launch_kept(campaign_id)?;
    let audit = store.campaign_audit(campaign_id)?;
    let planning = KeptPlanning::read(store.campaign_calling_hours(campaign_id)?.as_deref());
    let placed = places(store, campaign_id, planning.as_ref())?;
    let table = recipients_complete(client, store, campaign_id).await?;
    let mut calls: HashMap<String, Vec<Attempt>> = HashMap::new();
    let parts = store.parts(campaign_id)?;
    for part in &parts {
        let Some(batch_id) = part.api_batch_id.as_deref() else {
            continue;
        };
        let mut listed = client.list_all_calls(batch_id, false).await?;
        listed.sort_by_key(|c| c.start_time);
        for call in &listed {
            if let Some(to) = call.telephony_params.as_ref().and_then(|t| t.to.clone()) {
                calls.entry(to).or_default().push(attempt(call));
            }
        }
    }
    let consent: HashMap<&str, (u64, &str)> = kept
        .consent
        .rows
        .iter()
        .map(|c| (c.number.as_str(), (c.row, c.consent.as_str())))
        .collect();
    let mut people: Vec<Person> = Vec::with_capacity(table.rows.len());
    let mut seen = std::collections::HashSet::new();
    for row in &table.rows {
        // A person moved to a new part appears once, with every attempt.
        if !seen.insert(row.to_number.clone()) {
            continue;
        }
        let place = placed.get(&row.to_number);
        let mut attempts = calls.remove(&row.to_number).unwrap_or_default();
        attempts.sort_by_key(|a| a.started);
        people.push(Person {
            number: row.to_number.clone(),
            row: consent.get(row.to_number.as_str()).map(|c| c.0),
            consent: consent.get(row.to_number.as_str()).map(|c| c.1.to_string()),
            zone: place.and_then(|w| w.zones.first().copied()),
            region: place.and_then(|w| w.region.clone()),
            status: row.status_label.clone(),
            attempts,
        });
    }
    let launched_at = audit
        .iter()
        .rev()
        .find(|a| a.kind == "launched")
        .map(|a| a.at);
    let log = store.audit_log(RULE_AUDIT_LOOKBACK)?;
    let by = launched_at.unwrap_or(campaign.created_at);
    let lines = history(
        &audit,
        HistoryContext {
            launched_by: kept.launched_by.as_deref(),
            recipients: campaign.recipient_count,
        },
        zone,
    );
    Ok(Record {
        name: campaign.setup.name.clone(),
        made_at: now,
        zone,
        created_at: campaign.created_at,
        launched_at,
        launched_by: kept.launched_by.clone(),
        acknowledgement: kept.acknowledgement.clone(),
        agent: campaign
            .setup
            .agent_name
            .clone()
            .unwrap_or_else(|| campaign.setup.agent_id.clone()),
        from_number: campaign.setup.from_number.clone(),
        source_file: campaign.setup.source_file_name.clone(),
        source_sha256: campaign.setup.source_sha256.clone(),
        recipients: campaign.recipient_count,
        parts: parts
            .iter()
            .filter(|p| p.carried_from.is_none())
            .count()
            .try_into()
            .unwrap_or(u32::MAX),
        hours: planning.as_ref().map(|k| hours_words(&k.hours)),
        rules: rules(&placed, planning.as_ref(), &log, by, zone),
        dnc: dnc_figures(store, campaign_id, &kept, &audit)?,
        consent_column: kept.consent.column.clone(),
        people,
        history: lines.into_iter().rev().collect(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn the_hours_read_as_days_and_times() {
        assert_eq!(
            hours_words(&HoursChoice::default()),
            "Mon–Sat, 09:00–20:00 in each recipient's local time; US federal holidays skipped"
        );
        let h = HoursChoice {
            days: vec!["mon".into(), "wed".into()],
            from: "10:00".into(),
            to: "18:00".into(),
            skip_holidays: false,
            leave_out_unplaced: true,
        };
        assert_eq!(
            hours_words(&h),
            "Mon, Wed, 10:00–18:00 in each recipient's local time; US federal holidays called; \
             numbers whose time zone can't be known left out"
        );
    }
}

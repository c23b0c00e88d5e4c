//! Every recipient of a campaign: what was sent, joined with each one's latest attempt.
//!
//! Only Cartesia knows the latest attempts, so this is the part of the view that asks it (one
//! Get Call Batch per part). The join is by number and order, because Cartesia's recipients
//! carry no id of ours; a part that can't be asked still shows what was sent.

use super::call::{
    AGENT_MACHINE_PHRASES, ANSWERING_MACHINE_PHRASES, GREETING_TURNS, MACHINE_IN_TRANSCRIPT,
};
use super::charts::Outcome;
use crate::error::{Error, Result};
use crate::store::{CampaignId, LaunchState, Part, PartId, Store};
use cartesia::{BatchRecipient, CallBatch, Client, NewRecipient};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};

/// Cartesia's statuses of a recipient whose latest attempt hasn't ended, in the order a call
/// goes through them. Once it has ended, the recipient reads as its [`Outcome`].
pub const RECIPIENT_STATUSES: [&str; 3] = ["queued", "dispatched", "started"];

/// A recipient whose call hasn't ended, in a word or two. `None` for a status that ends a call
/// (its word is the outcome's) or one Batchline doesn't know yet.
pub fn recipient_status_word(status: &str) -> Option<&'static str> {
    Some(match status {
        "queued" => "Waiting",
        "dispatched" => "Dialing",
        "started" => "On the phone",
        _ => return None,
    })
}

/// Where a recipient stands, in one word: how the call ended once it has (the table's one
/// Status column, its filter, the call panel and the export all say this), else where the
/// call is; unknown values as Cartesia sent them.
pub fn recipient_status_label(status: &str, outcome: Option<Outcome>) -> String {
    if let Some(o) = outcome {
        return o.label().to_string();
    }
    match recipient_status_word(status) {
        Some(word) => word.to_string(),
        None if status.is_empty() => "Not sent to Cartesia".to_string(),
        None => format!("Cartesia says \u{201c}{status}\u{201d}"),
    }
}

/// Why a call ended, in words.
pub fn end_reason_label(reason: &str) -> String {
    match reason {
        "agent_hangup" => "The agent ended the call".to_string(),
        "client_hangup" => "The recipient hung up".to_string(),
        "api_cancelled" => "Cancelled before it was called".to_string(),
        "max_duration" => "Reached the longest allowed call length".to_string(),
        "inactivity" => "Ended after a long silence".to_string(),
        "client_disconnected" => "The line dropped".to_string(),
        "dial_busy" => "The line was busy".to_string(),
        "dial_failed" => "The call couldn't be connected".to_string(),
        "dial_no_answer" => "Nobody answered".to_string(),
        "error" => "It failed before dialing".to_string(),
        r if Outcome::of_end_reason(r) == Outcome::Voicemail => {
            "An answering machine took the call".to_string()
        }
        other => format!("Ended: {other}"),
    }
}

/// The words of docs/outcomes.md: every word a recipient's Status can say, what it means, and
/// the end reasons that lead to it, from [`Outcome::TABLE`] and [`recipient_status_word`].
pub fn outcomes_doc() -> String {
    let mut out = String::from(
        "# What each recipient's status means\n\n\
         Generated from `campaign::view` (`Outcome::TABLE`) by \
         `UPDATE_DOCS=1 cargo test -p campaign --lib outcomes_doc`; a test fails when they differ. \
         The recipients table, the call panel, the charts, the results export and the \
         notifications all use these words.\n\n\
         ## While a call is under way\n\n\
         | status | what it means | Cartesia's status |\n|---|---|---|\n",
    );
    let meaning = |status: &str| match status {
        "queued" => "Waiting for its turn to be called.",
        "dispatched" => "Being dialed: the phone is ringing.",
        _ => "Someone picked up; the conversation is going on.",
    };
    for status in RECIPIENT_STATUSES {
        let word = recipient_status_word(status).unwrap_or(status);
        out.push_str(&format!("| {word} | {} | `{status}` |\n", meaning(status)));
    }
    out.push_str(
        "\n## Once the call has ended\n\n\
         | status | what it means | end reasons |\n|---|---|---|\n",
    );
    for (outcome, meaning, reasons) in Outcome::TABLE {
        let reasons = if outcome == Outcome::Voicemail {
            "any reason containing `voicemail` or `machine`".to_string()
        } else if reasons.is_empty() {
            "any other".to_string()
        } else {
            reasons
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {} | {meaning} | {reasons} |\n",
            outcome.label()
        ));
    }
    out.push_str(
        "\nWithout an end reason, a `completed` recipient is Answered, a `failed` one Couldn't \
         connect and a `cancelled` one Not dialed. A part Batchline never sent reads \
         \"Not sent to Cartesia\"; a status newer than this list is shown as Cartesia sent it.\n\n",
    );
    out.push_str(&format!(
        "**Voicemail from the transcript.** Cartesia reports no end reason for an answering \
         machine: an agent that talked to a greeting ends the call like an answered one. Where \
         the call's transcript is at hand (the call panel and the results export), a call that \
         would read Answered \
         reads Voicemail, with the words \"{MACHINE_IN_TRANSCRIPT}\", when one of the \
         recipient's first {GREETING_TURNS} turns says {}, or the agent says {} before the \
         recipient's turn after those. Later turns never count, so a conversation that mentions a \
         message later stays Answered. The recipients table and the charts read end reasons \
         only (Cartesia's batch has no transcripts), so there such a call stays Answered.\n\n",
        quoted(&ANSWERING_MACHINE_PHRASES),
        quoted(&AGENT_MACHINE_PHRASES),
    ));
    out.push_str(
        "**Retry** calls again the recipients whose latest call Cartesia marked `failed` \
         (Busy, No answer, Couldn't connect, and Voicemail when Cartesia reports it as failed).\n",
    );
    out
}

/// `"a", "b" or "c"`.
fn quoted(phrases: &[&str]) -> String {
    let all: Vec<String> = phrases
        .iter()
        .map(|p| format!("\u{201c}{p}\u{201d}"))
        .collect();
    match all.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// One recipient of a campaign, as the table and the export show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecipientRow {
    /// 1-based position in the campaign (across parts).
    pub index: u32,
    pub part: u32,
    pub to_number: String,
    /// Cartesia's status as sent (`queued`, `completed`, … or a newer value, kept as is);
    /// empty when Cartesia doesn't have this recipient (part not sent, or not checked).
    pub status: String,
    pub status_label: String,
    pub end_reason: Option<String>,
    pub end_reason_label: Option<String>,
    /// `None` while the latest attempt hasn't ended.
    pub outcome: Option<Outcome>,
    pub agent_call_id: Option<String>,
    pub error_message: Option<String>,
    /// Values of [`RecipientTable::columns`], in that order ("" when absent).
    pub metadata: Vec<String>,
    /// Times the recipient's part was retried.
    pub retry_count: u32,
}

/// Every recipient of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecipientTable {
    /// The call-data (metadata) columns, in the order first seen in the stored requests.
    pub columns: Vec<String>,
    pub rows: Vec<RecipientRow>,
    /// Parts whose recipients couldn't be checked with Cartesia, with why; their rows show
    /// what was sent, without a status.
    pub problems: Vec<String>,
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The metadata columns of requests: keys in the order first seen.
pub fn metadata_columns<'a>(recipients: impl IntoIterator<Item = &'a NewRecipient>) -> Vec<String> {
    columns_of(recipients.into_iter().filter_map(|r| r.metadata.as_ref()))
}

/// The keys of call data, in the order first seen.
pub(crate) fn columns_of<'a>(
    metadata: impl IntoIterator<Item = &'a serde_json::Map<String, serde_json::Value>>,
) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut columns = Vec::new();
    for k in metadata.into_iter().flat_map(|m| m.keys()) {
        if !seen.contains(k.as_str()) {
            seen.insert(k.clone());
            columns.push(k.clone());
        }
    }
    columns
}

/// Where each column is, for [`join_part`].
pub(crate) fn column_positions(columns: &[String]) -> HashMap<&str, usize> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect()
}

/// Joins what was sent for one part with what Cartesia reports, by number and order (the same
/// number twice is matched first to first). Rows come in the order sent; recipients Cartesia
/// reports that weren't sent come last, with their own metadata.
pub(crate) fn join_part(
    part: u32,
    retry_count: u32,
    sent: &[NewRecipient],
    live: Option<&[BatchRecipient]>,
    columns: &HashMap<&str, usize>,
    missing_label: &str,
    next_index: &mut u32,
) -> Vec<RecipientRow> {
    let width = columns.len();
    let meta_of = |m: Option<&serde_json::Map<String, serde_json::Value>>| {
        let mut out = vec![String::new(); width];
        for (k, v) in m.into_iter().flatten() {
            if let Some(&i) = columns.get(k.as_str()) {
                out[i] = cell(v);
            }
        }
        out
    };
    let mut next = || {
        *next_index += 1;
        *next_index
    };
    let unmatched = |r: &NewRecipient, index: u32| RecipientRow {
        index,
        part,
        to_number: r.to_number.clone(),
        status: String::new(),
        status_label: missing_label.to_string(),
        end_reason: None,
        end_reason_label: None,
        outcome: None,
        agent_call_id: None,
        error_message: None,
        metadata: meta_of(r.metadata.as_ref()),
        retry_count,
    };
    let matched = |to_number: &str, b: &BatchRecipient, metadata: Vec<String>, index: u32| {
        let status = b.status.as_str().to_string();
        let end_reason = b.end_reason.as_ref().map(|r| r.as_str().to_string());
        let outcome = Outcome::of_recipient(&status, end_reason.as_deref());
        RecipientRow {
            index,
            part,
            to_number: to_number.to_string(),
            status_label: recipient_status_label(&status, outcome),
            status,
            end_reason_label: end_reason.as_deref().map(end_reason_label),
            end_reason,
            outcome,
            agent_call_id: b.agent_call_id.clone(),
            error_message: b.error_message.clone(),
            metadata,
            retry_count,
        }
    };
    let Some(live) = live else {
        return sent.iter().map(|r| unmatched(r, next())).collect();
    };
    let aligned = live.len() == sent.len()
        && live
            .iter()
            .zip(sent)
            .all(|(l, s)| l.to_number == s.to_number);
    if aligned {
        return sent
            .iter()
            .zip(live)
            .map(|(s, l)| matched(&s.to_number, l, meta_of(s.metadata.as_ref()), next()))
            .collect();
    }
    let mut by_number: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, l) in live.iter().enumerate() {
        by_number
            .entry(l.to_number.as_str())
            .or_default()
            .push_back(i);
    }
    let mut used = vec![false; live.len()];
    let mut rows = Vec::with_capacity(sent.len().max(live.len()));
    for s in sent {
        let hit = by_number
            .get_mut(s.to_number.as_str())
            .and_then(VecDeque::pop_front);
        rows.push(match hit {
            Some(i) => {
                used[i] = true;
                matched(&s.to_number, &live[i], meta_of(s.metadata.as_ref()), next())
            }
            None => unmatched(s, next()),
        });
    }
    for (i, l) in live.iter().enumerate().filter(|(i, _)| !used[*i]) {
        let meta = l.metadata.as_ref().and_then(|m| m.as_object());
        rows.push(matched(&l.to_number, &live[i], meta_of(meta), next()));
    }
    rows
}

/// One part's stored request and Cartesia's batch (from Get Call Batch): `Ok(None)` when
/// Cartesia doesn't have the part, `Err(why)` when it couldn't be asked.
pub type PartSource = (
    Part,
    cartesia::CreateBatchRequest,
    std::result::Result<Option<CallBatch>, String>,
);

/// Builds the table from stored requests and, per part, Cartesia's batch (or why it's missing),
/// for a caller that already holds the batches (e.g. the tracker's latest Get Call Batch).
pub fn build_table(parts: &[PartSource]) -> RecipientTable {
    let columns = metadata_columns(parts.iter().flat_map(|(_, req, _)| &req.recipients));
    let index = column_positions(&columns);
    let mut rows = Vec::with_capacity(parts.iter().map(|(_, r, _)| r.recipients.len()).sum());
    let mut problems = Vec::new();
    let mut next = 0u32;
    for (part, req, live) in parts {
        let (batch, label) = match live {
            // Sent, but not among the recipients Cartesia scheduled (a part it took short).
            Ok(Some(b)) if b.recipients.is_some() => (Some(b), "Not scheduled by Cartesia"),
            Ok(Some(b)) => (Some(b), ""),
            Ok(None) => (None, "Not sent to Cartesia"),
            Err(why) => {
                problems.push(match super::part_name(part.part, part.parts) {
                    Some(name) => format!("{} couldn't be checked: {why}", super::capital(&name)),
                    None => format!("The recipients couldn't be checked: {why}"),
                });
                (None, "Couldn't be checked")
            }
        };
        let retry_count = batch.map_or(0, |b| b.retry_count);
        rows.extend(join_part(
            part.part,
            retry_count,
            &req.recipients,
            batch.and_then(|b| b.recipients.as_deref()),
            &index,
            label,
            &mut next,
        ));
    }
    RecipientTable {
        columns,
        rows,
        problems,
    }
}

async fn fetch_table(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
    strict: bool,
) -> Result<RecipientTable> {
    store.campaign(campaign_id)?;
    let mut parts = Vec::new();
    for part in store.live_parts(campaign_id)? {
        let req = store.part_request(part.id)?;
        let live = match (&part.state, &part.api_batch_id) {
            (LaunchState::Created, Some(id)) => match client.get_batch(id).await {
                Ok(b) => Ok(Some(b)),
                // A refused key or a strict caller: nothing partial.
                Err(e) if strict || e.is_unauthorized() => return Err(Error::Api(e)),
                Err(e) => Err(e.user_message()),
            },
            _ => Ok(None),
        };
        let (req, live) = without_moved(&part, req, live);
        parts.push((part, req, live));
    }
    without_retried_apart(store, &mut parts)?;
    Ok(build_table(&parts))
}

/// Failed calls made again as a new part (the do-not-call list ruled out Cartesia's retry: see
/// [`crate::dnc_enforce`]) are shown in that new part only, as a retry shows each person once.
#[allow(clippy::type_complexity)]
fn without_retried_apart(
    store: &Store,
    parts: &mut [(
        Part,
        cartesia::CreateBatchRequest,
        std::result::Result<Option<CallBatch>, String>,
    )],
) -> Result<()> {
    let mut again: HashMap<PartId, HashSet<String>> = HashMap::new();
    for (part, req, _) in parts.iter() {
        if let Some(from) = part.carried_from {
            if store.retried_apart(from)? {
                again
                    .entry(from)
                    .or_default()
                    .extend(req.recipients.iter().map(|r| r.to_number.clone()));
            }
        }
    }
    for (part, req, live) in parts.iter_mut() {
        let Some(numbers) = again.get(&part.id) else {
            continue;
        };
        let Ok(Some(batch)) = live else {
            continue;
        };
        // Rows are joined to what was sent by number, in order: drop both sides together.
        let mut dropped: HashMap<&str, u32> = HashMap::new();
        if let Some(rs) = batch.recipients.as_mut() {
            rs.retain(|r| {
                let gone =
                    r.status == cartesia::RecipientStatus::Failed && numbers.contains(&r.to_number);
                if gone {
                    *dropped
                        .entry(numbers.get(&r.to_number).map_or("", |n| n.as_str()))
                        .or_default() += 1;
                }
                !gone
            });
        }
        req.recipients
            .retain(|r| match dropped.get_mut(r.to_number.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            });
    }
    Ok(())
}

/// A part whose people not yet dialed moved to later parts (see [`crate::carry`]) shows only
/// those who stayed: the others are shown in the part they moved to.
fn without_moved(
    part: &Part,
    mut req: cartesia::CreateBatchRequest,
    live: std::result::Result<Option<CallBatch>, String>,
) -> (
    cartesia::CreateBatchRequest,
    std::result::Result<Option<CallBatch>, String>,
) {
    let (true, Ok(Some(mut batch))) = (part.carried_count.is_some_and(|m| m > 0), live.clone())
    else {
        return (req, live);
    };
    let Some(moved) = crate::carry::undialed(&req, &batch) else {
        return (req, live);
    };
    let mut left: HashMap<String, u32> = HashMap::new();
    for r in &moved {
        *left.entry(r.to_number.clone()).or_default() += 1;
    }
    req.recipients.retain(|r| match left.get_mut(&r.to_number) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    });
    if let Some(rs) = batch.recipients.as_mut() {
        rs.retain(|r| {
            !(r.status == cartesia::RecipientStatus::Cancelled && r.agent_call_id.is_none())
        });
    }
    (req, Ok(Some(batch)))
}

/// Every recipient of a campaign: what was sent (number, metadata) joined with each one's
/// latest attempt as Cartesia reports it (one Get Call Batch per part). A part Cartesia can't
/// be asked about shows its recipients without a status and is named in `problems`; a refused
/// key is an error.
pub async fn recipients(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
) -> Result<RecipientTable> {
    fetch_table(client, store, campaign_id, false).await
}

/// [`recipients`], but any part that can't be checked is an error (for exports).
pub async fn recipients_complete(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
) -> Result<RecipientTable> {
    fetch_table(client, store, campaign_id, true).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use cartesia::{EndReason, RecipientStatus};

    fn sent(numbers: &[&str]) -> Vec<NewRecipient> {
        numbers
            .iter()
            .enumerate()
            .map(|(i, n)| NewRecipient {
                to_number: n.to_string(),
                metadata: serde_json::json!({"name": format!("N{i}"), "n": i})
                    .as_object()
                    .cloned(),
            })
            .collect()
    }

    fn live(numbers: &[&str]) -> Vec<BatchRecipient> {
        numbers
            .iter()
            .enumerate()
            .map(|(i, n)| BatchRecipient {
                id: format!("r{i}"),
                to_number: n.to_string(),
                status: if i == 0 {
                    RecipientStatus::Failed
                } else {
                    RecipientStatus::Unknown("voicemail".into())
                },
                agent_call_id: None,
                end_reason: (i == 0).then_some(EndReason::DialBusy),
                error_message: None,
                metadata: Some(serde_json::json!({"name": "from cartesia"})),
                created_at: None,
            })
            .collect()
    }

    #[test]
    fn rows_join_by_number_and_order_and_keep_unknown_statuses() {
        let s = sent(&["+1", "+2", "+1"]);
        let columns = metadata_columns(&s);
        assert_eq!(
            columns,
            vec!["name", "n"],
            "keys in the order they were sent"
        );
        let idx: HashMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        // Same order: zipped.
        let mut next = 0;
        let rows = join_part(
            1,
            2,
            &s,
            Some(&live(&["+1", "+2", "+1"])),
            &idx,
            "",
            &mut next,
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].status_label, "Busy");
        assert_eq!(rows[0].outcome, Some(Outcome::Busy));
        assert_eq!(rows[1].status, "voicemail");
        assert_eq!(
            rows[1].status_label,
            "Cartesia says \u{201c}voicemail\u{201d}"
        );
        assert_eq!(rows[2].metadata, vec!["N2", "2"]);
        assert_eq!((rows[2].index, rows[2].retry_count), (3, 2));
        // Reordered, one missing, one extra: matched by number, first to first.
        let rows = join_part(
            2,
            0,
            &s,
            Some(&live(&["+1", "+9", "+1"])),
            &idx,
            "",
            &mut next,
        );
        let got: Vec<(u32, &str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.index,
                    r.to_number.as_str(),
                    r.status.as_str(),
                    r.metadata[0].as_str(), // "name", the first key sent
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (4, "+1", "failed", "N0"),
                (5, "+2", "", "N1"),
                (6, "+1", "voicemail", "N2"),
                (7, "+9", "voicemail", "from cartesia"),
            ]
        );
        // Not sent: every row from the request, labelled.
        let rows = join_part(3, 0, &s, None, &idx, "Not sent to Cartesia", &mut next);
        assert!(rows
            .iter()
            .all(|r| r.status.is_empty() && r.status_label == "Not sent to Cartesia"));
        assert_eq!(rows.last().unwrap().index, 10);
    }

    /// One word per recipient in the Status column and its filter: where the call is while it
    /// runs, how it ended once it has (busy is busy, not a failure).
    #[test]
    fn a_recipient_status_reads_as_its_one_word() {
        assert_eq!(recipient_status_label("queued", None), "Waiting");
        assert_eq!(recipient_status_label("dispatched", None), "Dialing");
        assert_eq!(recipient_status_label("started", None), "On the phone");
        let ended = |status: &str, reason: Option<&str>| {
            recipient_status_label(status, Outcome::of_recipient(status, reason))
        };
        assert_eq!(ended("completed", Some("agent_hangup")), "Answered");
        assert_eq!(ended("completed", None), "Answered");
        assert_eq!(ended("failed", Some("dial_busy")), "Busy");
        assert_eq!(ended("failed", Some("dial_no_answer")), "No answer");
        assert_eq!(ended("failed", Some("dial_failed")), "Couldn't connect");
        assert_eq!(ended("failed", None), "Couldn't connect");
        assert_eq!(ended("failed", Some("voicemail_detected")), "Voicemail");
        assert_eq!(ended("cancelled", None), "Not dialed");
        assert_eq!(ended("failed", Some("api_cancelled")), "Not dialed");
        assert_eq!(recipient_status_label("", None), "Not sent to Cartesia");
        assert_eq!(
            recipient_status_label("paused", None),
            "Cartesia says \u{201c}paused\u{201d}"
        );
        for status in RECIPIENT_STATUSES {
            assert!(recipient_status_word(status).is_some(), "{status}");
        }
        for ended in ["completed", "failed", "cancelled", "voicemail"] {
            assert_eq!(recipient_status_word(ended), None, "{ended}");
        }
        assert_eq!(
            end_reason_label("answering_machine"),
            "An answering machine took the call"
        );
    }

    /// docs/outcomes.md says what the code does: regenerated with UPDATE_DOCS=1.
    #[test]
    fn outcomes_doc_matches_the_taxonomy() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/outcomes.md");
        let want = outcomes_doc();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            have, want,
            "docs/outcomes.md is out of date: run UPDATE_DOCS=1 cargo test -p campaign --lib outcomes_doc"
        );
        for o in Outcome::ALL {
            assert!(want.contains(&format!("| {} |", o.label())), "{o:?}");
        }
        for (o, _, reasons) in Outcome::TABLE {
            for r in reasons {
                assert_eq!(Outcome::of_end_reason(r), o, "{r}");
            }
        }
    }
}

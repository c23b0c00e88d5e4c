//! A campaign's results as a spreadsheet-ready CSV file.
//!
//! The file starts with the columns the person imported (the number, then the call data in
//! order), then what happened to each recipient, so it can be sorted, filtered and mailed on.
//! It is UTF-8 with a byte-order mark: without it Excel on Windows reads UTF-8 as the local
//! code page and mangles every accented name.
//!
//! Every cell, headers included, goes through [`userfile::neutralize`], the one rule the import's
//! problems file follows too: a cell a spreadsheet would run as a formula gets a leading `'`,
//! except the phone column's number itself.

use crate::error::{Error, Result};
use crate::store::{AuditEntry, AuditKind, CampaignId, LaunchState, Store};
use crate::view::{recipients_complete, Outcome, RecipientRow};
use cartesia::{Call, Client};
use std::collections::{HashMap, HashSet};
use userfile::neutralize;

/// The phone column's heading.
pub const PHONE_COLUMN: &str = "Phone number";

/// The result columns after the call data, in order.
pub const RESULT_COLUMNS: [&str; 7] = [
    "Status",
    "How it ended",
    "Call ID",
    "Started (UTC)",
    "Duration (seconds)",
    "Error",
    "Retry count",
];

const BOM: &[u8] = "\u{feff}".as_bytes();

/// A heading that doesn't clash with the file's own columns.
fn ours(name: &str, columns: &[String]) -> String {
    if columns.iter().any(|c| c == name) {
        format!("{name} (Batchline)")
    } else {
        name.to_string()
    }
}

/// The results as CSV bytes (UTF-8 with BOM): phone number, the call-data `columns` (in the
/// order of each row's `metadata`), then status, outcome, call id, start, duration, error and the
/// part's retry count. Start and duration come from `calls` (by call id) when given.
pub fn results_csv(
    rows: &[RecipientRow],
    columns: &[String],
    calls: Option<&HashMap<String, Call>>,
) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::Export(e.to_string());
    let mut out = csv::WriterBuilder::new()
        .flexible(false)
        .from_writer(BOM.to_vec());
    let mut header: Vec<String> = vec![ours(PHONE_COLUMN, columns)];
    header.extend(columns.iter().map(|c| neutralize(c, false).into_owned()));
    header.extend(RESULT_COLUMNS.iter().map(|c| ours(c, columns)));
    out.write_record(&header).map_err(fail)?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for row in rows {
        record.clear();
        record.push(neutralize(&row.to_number, true).into_owned());
        for i in 0..columns.len() {
            let v = row.metadata.get(i).map_or("", String::as_str);
            record.push(neutralize(v, false).into_owned());
        }
        let call = row
            .agent_call_id
            .as_ref()
            .and_then(|id| calls.and_then(|c| c.get(id)));
        let started = call
            .and_then(|c| c.start_time)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        let duration = call
            .and_then(Call::duration)
            .map(|d| ((d.num_milliseconds() as f64) / 1000.0).round().to_string())
            .unwrap_or_default();
        let fields = [
            row.status_label.as_str(),
            row.end_reason_label.as_deref().unwrap_or(""),
            row.agent_call_id.as_deref().unwrap_or(""),
            &started,
            &duration,
            row.error_message.as_deref().unwrap_or(""),
        ];
        record.extend(fields.iter().map(|f| neutralize(f, false).into_owned()));
        record.push(row.retry_count.to_string());
        out.write_record(&record).map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| Error::Export(e.error().to_string()))
}

/// Every recipient's result for a campaign, as [`results_csv`], with each call's start and
/// duration from List Calls (by batch, 100 calls per request, every page: a 5,000-recipient
/// part costs about 50 requests, not 5,000). Fails rather than write a partial file if any
/// part can't be read. The export is noted in the audit log.
pub async fn export_results(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
) -> Result<Vec<u8>> {
    let mut table = recipients_complete(client, store, campaign_id).await?;
    let mut calls: HashMap<String, Call> = HashMap::new();
    let mut machines: HashSet<String> = HashSet::new();
    for part in store.live_parts(campaign_id)? {
        if let (LaunchState::Created, Some(batch_id)) = (part.state, part.api_batch_id.as_deref()) {
            // With transcripts (the same requests, bigger answers), so a call an answering
            // machine took reads Voicemail here as in the call panel; only that is kept of them.
            for mut call in client.list_all_calls(batch_id, true).await? {
                if crate::view::answering_machine(&call.transcript) {
                    machines.insert(call.id.clone());
                }
                call.transcript = Vec::new();
                calls.insert(call.id.clone(), call);
            }
        }
    }
    for row in &mut table.rows {
        if row.outcome == Some(Outcome::Answered)
            && row
                .agent_call_id
                .as_ref()
                .is_some_and(|id| machines.contains(id))
        {
            row.outcome = Some(Outcome::Voicemail);
            row.status_label = Outcome::Voicemail.label().to_string();
            row.end_reason_label = Some(crate::view::MACHINE_IN_TRANSCRIPT.to_string());
        }
    }
    let bytes = results_csv(&table.rows, &table.columns, Some(&calls))?;
    let detail = format!("results of {} recipients", table.rows.len());
    if let Err(e) = store.audit(
        AuditKind::Exported,
        &AuditEntry {
            campaign_id: Some(campaign_id),
            detail: Some(&detail),
            ..AuditEntry::default()
        },
    ) {
        // The file is made; not being able to note it must not take it away.
        tracing::warn!("export not noted in the audit log: {e}");
    }
    Ok(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::view::Outcome;

    fn row(number: &str, metadata: &[&str], call: Option<&str>) -> RecipientRow {
        RecipientRow {
            index: 1,
            part: 1,
            to_number: number.into(),
            status: "completed".into(),
            status_label: "Answered".into(),
            end_reason: Some("agent_hangup".into()),
            end_reason_label: Some("The agent ended the call".into()),
            outcome: Some(Outcome::Answered),
            agent_call_id: call.map(String::from),
            error_message: None,
            metadata: metadata.iter().map(|s| s.to_string()).collect(),
            retry_count: 1,
        }
    }

    fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
        assert!(bytes.starts_with(BOM), "no BOM");
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[BOM.len()..]);
        r.records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn csv_has_the_columns_in_order_with_formulas_neutralized_and_unicode_intact() {
        let columns = vec!["name".to_string(), "=cmd".to_string(), "Status".to_string()];
        let call: Call = serde_json::from_value(serde_json::json!({
            "id": "ac_1", "status": "completed",
            "start_time": "2026-03-01T12:00:00Z", "end_time": "2026-03-01T12:01:29.600Z"
        }))
        .unwrap();
        let calls: HashMap<String, Call> = [("ac_1".to_string(), call)].into_iter().collect();
        let rows = vec![
            row(
                "+14155550100",
                &["José Ñúñez 山田", "=HYPERLINK(\"http://x\")", "vip"],
                Some("ac_1"),
            ),
            row("+14155550101", &["@evil", "-1", ""], None),
        ];
        let bytes = results_csv(&rows, &columns, Some(&calls)).unwrap();
        let table = parse(&bytes);
        assert_eq!(
            table[0],
            vec![
                "Phone number",
                "name",
                "'=cmd",
                "Status",
                "Status (Batchline)",
                "How it ended",
                "Call ID",
                "Started (UTC)",
                "Duration (seconds)",
                "Error",
                "Retry count"
            ]
        );
        assert_eq!(
            table[1],
            vec![
                "+14155550100",
                "José Ñúñez 山田",
                "'=HYPERLINK(\"http://x\")",
                "vip",
                "Answered",
                "The agent ended the call",
                "ac_1",
                "2026-03-01 12:00:00",
                "90",
                "",
                "1"
            ]
        );
        assert_eq!(&table[2][..4], &["+14155550101", "'@evil", "'-1", ""]);
        assert_eq!(&table[2][6..9], &["", "", ""]);
        assert_eq!(table.len(), 3);
        // No call data at all: the same columns, empty times.
        let bare = parse(&results_csv(&rows, &columns, None).unwrap());
        assert_eq!(bare[1].len(), 11);
        assert_eq!(bare[1][7], "");
    }
}

//! "Duplicate": a campaign's recipients and setup become a new draft, to run it again or with
//! changes. The recipients are written out as a CSV (the number, then the call data columns in
//! their order), which the wizard imports like any file, so every choice can be changed.

use crate::commands::import::run_import;
use crate::error::IpcError;
use crate::ipc::{ImportChoices, StartChoice, WizardState};
use crate::state::{AppState, ImportSession};
use campaign::{CampaignId, Store};
use cartesia::CreateBatchRequest;

/// The number's column in the written file (a call-data column of that name gets a suffix).
const NUMBER_COLUMN: &str = "Number to call";

/// The recipients of every part, in order, as a CSV: the number first, then each call-data
/// column in the order first seen. Also returns the number column's name.
pub fn recipients_csv(parts: &[CreateBatchRequest]) -> Result<(Vec<u8>, String), IpcError> {
    let mut columns: Vec<String> = Vec::new();
    for part in parts {
        for r in &part.recipients {
            for key in r.metadata.iter().flat_map(|m| m.keys()) {
                if !columns.contains(key) {
                    columns.push(key.clone());
                }
            }
        }
    }
    let number_column = if columns.iter().any(|c| c == NUMBER_COLUMN) {
        format!("{NUMBER_COLUMN} (Batchline)")
    } else {
        NUMBER_COLUMN.to_owned()
    };
    let fail =
        |e: csv::Error| IpcError::new(format!("The copy couldn't be written ({e}). Try again."));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(
        std::iter::once(number_column.as_str()).chain(columns.iter().map(String::as_str)),
    )
    .map_err(fail)?;
    for part in parts {
        for r in &part.recipients {
            let values = columns
                .iter()
                .map(|c| match r.metadata.as_ref().and_then(|m| m.get(c)) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                });
            out.write_record(std::iter::once(r.to_number.clone()).chain(values))
                .map_err(fail)?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| IpcError::new(format!("The copy couldn't be written ({e}). Try again.")))?;
    Ok((bytes, number_column))
}

fn parse_id(id: &str) -> Result<CampaignId, IpcError> {
    id.parse().map_err(|_| {
        IpcError::new("Only campaigns launched from Batchline can be duplicated. Start a new campaign instead.")
    })
}

/// The new draft's file, choices and answers.
pub fn duplicate_draft(
    store: &Store,
    campaign_id: CampaignId,
    country: &str,
) -> Result<(ImportSession, WizardState), IpcError> {
    let campaign = store.campaign(campaign_id)?;
    let parts = store
        .parts(campaign_id)?
        .iter()
        .map(|p| store.part_request(p.id))
        .collect::<Result<Vec<_>, _>>()?;
    let (csv, number_column) = recipients_csv(&parts)?;
    let name = format!("{} (copy)", campaign.setup.name);
    let first = parts.first();
    let session = ImportSession::new(
        format!("{name}.csv"),
        csv,
        ImportChoices {
            country: country.to_owned(),
            phone_column: Some(number_column),
            ..ImportChoices::default()
        },
    );
    let wizard = WizardState {
        // Straight to Setup: the list is the same; the start time is asked again.
        step: 3,
        name,
        agent_id: Some(campaign.setup.agent_id.clone()),
        from_number_id: Some(campaign.setup.from_number_id.clone()),
        concurrency: campaign.setup.concurrency,
        ringing_timeout_seconds: first.and_then(|p| p.ringing_timeout_seconds),
        max_call_duration_minutes: first.and_then(|p| p.max_call_duration_minutes),
        start: StartChoice::Now,
        compliance_acknowledged: false,
    };
    Ok((session, wizard))
}

#[tauri::command]
pub async fn duplicate_campaign(
    id: String,
    state: tauri::State<'_, AppState>,
) -> Result<(), IpcError> {
    let campaign_id = parse_id(&id)?;
    let runtime = state.runtime().await?;
    let country = state.settings.lock().await.default_country.clone();
    let (session, wizard) = duplicate_draft(&runtime.store, campaign_id, &country)?;
    let session = run_import(session).await?;
    state.save_import(session).await?;
    state.drafts()?.save_wizard(&wizard)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartesia::NewRecipient;

    fn recipient(number: &str, meta: serde_json::Value) -> NewRecipient {
        NewRecipient {
            to_number: number.into(),
            metadata: meta.as_object().cloned(),
        }
    }

    #[test]
    fn every_part_in_order_with_the_call_data_columns() {
        let a = CreateBatchRequest::new(
            "A (part 1 of 2)",
            "agent",
            "num",
            vec![
                recipient(
                    "+14155550100",
                    serde_json::json!({"First": "Ada", "Note": "=1+1"}),
                ),
                recipient("+14155550101", serde_json::json!({"First": "Grace, \"G\""})),
            ],
        );
        let b = CreateBatchRequest::new(
            "A (part 2 of 2)",
            "agent",
            "num",
            vec![recipient(
                "+14155550102",
                serde_json::json!({"City": "Zürich", "Number to call": "x"}),
            )],
        );
        let (csv, column) = recipients_csv(&[a, b]).expect("csv");
        assert_eq!(column, "Number to call (Batchline)");
        let csv = String::from_utf8(csv).expect("utf8");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "Number to call (Batchline),First,Note,City,Number to call"
        );
        assert_eq!(lines[1], "+14155550100,Ada,=1+1,,");
        assert_eq!(lines[2], "+14155550101,\"Grace, \"\"G\"\"\",,,");
        assert_eq!(lines[3], "+14155550102,,,Zürich,x");
    }

    #[test]
    fn the_copy_reads_back_as_the_same_recipients() {
        let a = CreateBatchRequest::new(
            "A",
            "agent",
            "num",
            vec![
                recipient("+14155550100", serde_json::json!({"First": "Ada"})),
                recipient("+442071838750", serde_json::json!({"First": "Alan"})),
            ],
        );
        let (csv, column) = recipients_csv(std::slice::from_ref(&a)).expect("csv");
        let options = recipients::ImportOptions {
            phone_column: Some(column),
            ..recipients::ImportOptions::default()
        };
        let report = recipients::import(&csv, "A (copy).csv", &options).expect("imports");
        let numbers: Vec<&str> = report
            .recipients
            .iter()
            .map(|r| r.to_number.as_str())
            .collect();
        assert_eq!(numbers, ["+14155550100", "+442071838750"]);
        assert!(report.rejected.is_empty() && report.duplicates.is_empty());
    }
}

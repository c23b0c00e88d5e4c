//! "Duplicate": a campaign's recipients and setup become a new draft, to run it again or with
//! changes. The recipients are written out as a CSV (the number, then the call-data columns as
//! the campaign's recipient table shows them), which the wizard reads like any file, so every
//! choice about it can still be changed.

use super::{DraftError, DraftSetup, DraftStart, ImportChoices, ImportSession, WizardStep};
use crate::actions::duplicate_setup;
use crate::view::{metadata_columns, PageId};
use crate::{CampaignId, Store};
use cartesia::NewRecipient;

/// The number's column in the written file (a call-data column of that name gets a suffix).
const NUMBER_COLUMN: &str = "Number to call";

/// A copy of a campaign as a new draft: its file, not read yet, and the wizard's answers.
#[derive(Debug, Clone)]
pub struct Duplicate {
    pub import: ImportSession,
    pub setup: DraftSetup,
}

/// The campaign a page id (`view::PageId` as text) names, if it can be copied: only a campaign
/// launched from Batchline can be (a batch made elsewhere has no setup here).
pub fn campaign_to_copy(page: &str) -> Result<CampaignId, DraftError> {
    match page.parse::<PageId>() {
        Ok(PageId::Campaign(id)) => Ok(id),
        _ => Err(DraftError::NotCopyable),
    }
}

/// The new draft for a copy of a campaign. Numbers written without a country code are read as
/// `country`'s (the copy's numbers all have one).
pub fn duplicate(
    store: &Store,
    campaign_id: CampaignId,
    country: &str,
) -> Result<Duplicate, DraftError> {
    let copy = duplicate_setup(store, campaign_id)?;
    let (csv, number_column) = recipients_csv(&copy.recipients)?;
    let name = format!("{} (copy)", copy.setup.name);
    let import = ImportSession::new(
        format!("{name}.csv"),
        csv,
        ImportChoices {
            phone_column: Some(number_column),
            ..ImportChoices::for_country(country)
        },
    );
    let setup = DraftSetup {
        // Straight to Setup: the list is the same; the start time is asked again.
        step: WizardStep::Setup,
        name,
        agent_id: Some(copy.setup.agent_id),
        from_number_id: Some(copy.setup.from_number_id),
        concurrency: copy.setup.concurrency,
        ringing_timeout_seconds: copy.ringing_timeout_seconds,
        max_call_duration_minutes: copy.max_call_duration_minutes,
        start: DraftStart::Now,
        compliance_acknowledged: false,
        calling_hours: None,
        call_minutes: None,
        compare: None,
    };
    Ok(Duplicate { import, setup })
}

/// The recipients as a CSV: the number first, then each call-data column in the order first
/// seen. Also returns the number column's name.
fn recipients_csv(recipients: &[NewRecipient]) -> Result<(Vec<u8>, String), DraftError> {
    let columns = metadata_columns(recipients);
    let number_column = if columns.iter().any(|c| c == NUMBER_COLUMN) {
        format!("{NUMBER_COLUMN} (Batchline)")
    } else {
        NUMBER_COLUMN.to_owned()
    };
    let fail = |e: &dyn std::fmt::Display| DraftError::CopyNotWritten(e.to_string());
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(
        std::iter::once(number_column.as_str()).chain(columns.iter().map(String::as_str)),
    )
    .map_err(|e| fail(&e))?;
    for r in recipients {
        let values = columns
            .iter()
            .map(|c| match r.metadata.as_ref().and_then(|m| m.get(c)) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            });
        out.write_record(std::iter::once(r.to_number.clone()).chain(values))
            .map_err(|e| fail(&e))?;
    }
    let bytes = out.into_inner().map_err(|e| fail(&e))?;
    Ok((bytes, number_column))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::NewCampaign;
    use cartesia::CreateBatchRequest;
    use recipients::Cancel;

    fn recipient(number: &str, meta: serde_json::Value) -> NewRecipient {
        NewRecipient {
            to_number: number.into(),
            metadata: meta.as_object().cloned(),
        }
    }

    #[test]
    fn only_a_campaign_launched_here_can_be_copied() {
        assert_eq!(campaign_to_copy("12").unwrap(), 12);
        for other in ["batch:acb_1", "", "twelve"] {
            let refused = campaign_to_copy(other).unwrap_err();
            assert!(
                refused
                    .to_string()
                    .starts_with("Only campaigns launched from Batchline"),
                "{other}: {refused}"
            );
        }
    }

    #[test]
    fn every_recipient_in_order_with_the_call_data_columns() {
        let (csv, column) = recipients_csv(&[
            recipient(
                "+14155550100",
                serde_json::json!({"First": "Ada", "Note": "=1+1"}),
            ),
            recipient("+14155550101", serde_json::json!({"First": "Grace, \"G\""})),
            recipient(
                "+14155550102",
                serde_json::json!({"City": "Zürich", "Number to call": "x", "Age": 36}),
            ),
        ])
        .unwrap();
        assert_eq!(column, "Number to call (Batchline)");
        let csv = String::from_utf8(csv).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "Number to call (Batchline),First,Note,City,Number to call,Age"
        );
        assert_eq!(lines[1], "+14155550100,Ada,=1+1,,,");
        assert_eq!(lines[2], "+14155550101,\"Grace, \"\"G\"\"\",,,,");
        assert_eq!(lines[3], "+14155550102,,,Zürich,x,36");
    }

    #[test]
    fn a_copy_is_a_draft_at_setup_that_reads_back_as_the_same_recipients() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("c.db")).unwrap();
        let part = |name: &str, recipients| {
            let mut r = CreateBatchRequest::new(name, "agent_1", "pn_1", recipients);
            r.ringing_timeout_seconds = Some(25);
            r.max_call_duration_minutes = Some(9);
            r
        };
        let id = store
            .create_campaign(
                &NewCampaign {
                    name: "Spring".into(),
                    agent_id: "agent_1".into(),
                    from_number_id: "pn_1".into(),
                    concurrency: Some(3),
                    scheduled_at: Some(chrono::Utc::now()),
                    ..NewCampaign::default()
                },
                &[
                    part(
                        "Spring (part 1 of 2)",
                        vec![
                            recipient("+14155550100", serde_json::json!({"First": "Ada"})),
                            recipient("+442071838750", serde_json::json!({"First": "Alan"})),
                        ],
                    ),
                    part(
                        "Spring (part 2 of 2)",
                        vec![recipient("+14155550101", serde_json::json!({}))],
                    ),
                ],
            )
            .unwrap();
        let copy = duplicate(&store, id, "DE").unwrap();
        assert_eq!(
            copy.setup,
            DraftSetup {
                step: WizardStep::Setup,
                name: "Spring (copy)".into(),
                agent_id: Some("agent_1".into()),
                from_number_id: Some("pn_1".into()),
                concurrency: Some(3),
                ringing_timeout_seconds: Some(25),
                max_call_duration_minutes: Some(9),
                start: DraftStart::Now,
                compliance_acknowledged: false,
                calling_hours: None,
                call_minutes: None,
                compare: None,
            },
            "the start and the consent are asked again"
        );
        assert_eq!(copy.import.file_name, "Spring (copy).csv");
        let read = copy.import.read(&Cancel::new()).unwrap();
        let numbers: Vec<String> = read.ready().into_iter().map(|r| r.to_number).collect();
        assert_eq!(numbers, ["+14155550100", "+442071838750", "+14155550101"]);
        let summary = read.summary().unwrap();
        assert_eq!((summary.rejected, summary.duplicates), (0, 0));
        assert_eq!(summary.choices.country, "DE");
        assert!(matches!(
            duplicate(&store, 999, "US"),
            Err(DraftError::Store(crate::Error::NotFound { .. }))
        ));
    }
}

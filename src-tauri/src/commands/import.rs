//! The wizard's recipient steps: a dropped file's bytes in, a summary out. The recipients stay
//! here in the backend (and in the draft); the UI only ever sees counts, a preview and problems.

use crate::error::{ErrorCode, IpcError};
use crate::files;
use crate::ipc::{
    DataColumn, ImportChoices, ImportSummary, PreviewRow, Problem, ProblemKind, SavedFile,
};
use crate::state::{AppState, ImportSession};
use recipients::{Cancel, ColumnMapping, Country, ImportOptions, ImportReport, SuppressionList};
use std::collections::HashMap;
use std::sync::Arc;
use tauri::ipc::{InvokeBody, Request};

/// How many problems travel to the UI; the problems CSV has them all.
const PROBLEMS_SHOWN: usize = 500;

impl From<recipients::ImportError> for IpcError {
    fn from(error: recipients::ImportError) -> Self {
        match error {
            recipients::ImportError::Cancelled { .. } => {
                IpcError::coded(ErrorCode::Cancelled, error.to_string())
            }
            other => IpcError::new(other.to_string()),
        }
    }
}

fn header(request: &Request<'_>, name: &str) -> Option<String> {
    let raw = request.headers().get(name)?.to_str().ok()?;
    Some(percent_decode(raw))
}

/// Undoes the UI's `encodeURIComponent`, so file names and JSON survive any character.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn body(request: &Request<'_>) -> Vec<u8> {
    match request.body() {
        InvokeBody::Raw(bytes) => bytes.clone(),
        InvokeBody::Json(_) => Vec::new(),
    }
}

fn options(
    choices: &ImportChoices,
    suppression: Option<SuppressionList>,
) -> Result<ImportOptions, IpcError> {
    Ok(ImportOptions {
        country: Country::from_code(&choices.country)?,
        phone_column: choices.phone_column.clone(),
        no_header: choices.no_header,
        sheet: choices.sheet.clone(),
        delimiter: None,
        mapping: ColumnMapping {
            exclude: choices.excluded_columns.clone(),
            rename: choices
                .renamed_columns
                .iter()
                .map(|r| (r.from.clone(), r.to.clone()))
                .collect(),
        },
        suppression,
    })
}

/// Runs the import off the UI thread: a large workbook takes a while.
pub(crate) async fn run_import(session: ImportSession) -> Result<ImportSession, IpcError> {
    run_import_cancellable(session, Arc::new(Cancel::new())).await
}

/// [`run_import`] that the window's Cancel (`cancel_import`) can stop.
pub(crate) async fn run_import_cancellable(
    session: ImportSession,
    cancel: Arc<Cancel>,
) -> Result<ImportSession, IpcError> {
    tauri::async_runtime::spawn_blocking(move || {
        let country = Country::from_code(&session.choices.country)?;
        let suppression = match &session.suppression {
            Some((name, bytes)) => Some(SuppressionList::from_file(bytes, name, country)?),
            None => None,
        };
        let opts = options(&session.choices, suppression)?;
        let report =
            recipients::import_cancellable(&session.bytes, &session.file_name, &opts, &cancel)?;
        let preview =
            recipients::preview_cancellable(&session.bytes, &session.file_name, &opts, &cancel)?;
        Ok(ImportSession {
            report: Some(Arc::new(report)),
            preview: Some(Arc::new(preview)),
            ..session
        })
    })
    .await
    .map_err(|_| IpcError::new("Reading the file stopped unexpectedly. Please try again."))?
}

fn format_label(report: &ImportReport) -> String {
    use recipients::Format;
    let delimiter = match report.delimiter.as_deref() {
        Some(";") => " (semicolons)",
        Some("|") => " (vertical bars)",
        Some("\t") => " (tabs)",
        _ => "",
    };
    match report.format {
        Format::Csv => format!("CSV file{delimiter}"),
        Format::Tsv => "Tab-separated file".into(),
        Format::Xlsx => "Excel workbook".into(),
        Format::Xls => "Excel 97–2003 workbook".into(),
        Format::Ods => "OpenDocument spreadsheet".into(),
        #[allow(unreachable_patterns)]
        _ => "Spreadsheet".into(),
    }
}

/// What the wizard shows of an import.
pub(crate) fn summarize(session: &ImportSession) -> Option<ImportSummary> {
    let report = session.report.as_ref()?;
    let preview = session.preview.as_ref()?;
    let choices = &session.choices;

    let mut outcome: HashMap<u64, (String, bool)> = HashMap::new();
    for r in &report.recipients {
        outcome.insert(r.row, (r.to_number.clone(), true));
    }
    for r in &report.rejected {
        outcome.insert(r.row, (r.reason.clone(), false));
    }
    for d in &report.duplicates {
        outcome.insert(
            d.row,
            (format!("Same number as row {}", d.first_row), false),
        );
    }
    for s in &report.suppressed {
        outcome.insert(s.row, ("On your do-not-call list".into(), false));
    }

    let phone_index = report
        .columns
        .iter()
        .position(|c| *c == report.phone_column);
    let data_columns = report
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != phone_index)
        .map(|(i, name)| {
            let same = |other: &String| other.trim().eq_ignore_ascii_case(name.trim());
            DataColumn {
                name: name.clone(),
                included: !choices.excluded_columns.iter().any(same),
                rename_to: choices
                    .renamed_columns
                    .iter()
                    .find(|r| same(&r.from))
                    .map(|r| r.to.clone()),
                example: preview
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .find(|c| !c.trim().is_empty())
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect();

    let mut problems: Vec<Problem> = report
        .rejected
        .iter()
        .map(|r| Problem {
            row: clamp(r.row),
            kind: ProblemKind::Rejected,
            value: r.value.clone(),
            reason: r.reason.clone(),
        })
        .chain(report.duplicates.iter().map(|d| Problem {
            row: clamp(d.row),
            kind: ProblemKind::Duplicate,
            value: d.to_number.clone(),
            reason: format!("Same number as row {}; that row is kept.", d.first_row),
        }))
        .chain(report.suppressed.iter().map(|s| Problem {
            row: clamp(s.row),
            kind: ProblemKind::Suppressed,
            value: s.to_number.clone(),
            reason: "On your do-not-call list.".into(),
        }))
        .collect();
    problems.sort_by_key(|p| p.row);
    let problems_total = problems.len();
    problems.truncate(PROBLEMS_SHOWN);

    Some(ImportSummary {
        file_name: session.file_name.clone(),
        format_label: format_label(report),
        encoding: report.encoding.clone(),
        sheets: preview.sheets.clone(),
        sheet: report.sheet.clone(),
        columns: report.columns.clone(),
        phone_column: report.phone_column.clone(),
        data_columns,
        choices: ImportChoices {
            phone_column: Some(report.phone_column.clone()),
            ..choices.clone()
        },
        preview_headers: if report.has_header {
            report.columns.clone()
        } else {
            (1..=report.columns.len())
                .map(|i| format!("Column {i}"))
                .collect()
        },
        preview_rows: preview
            .rows
            .iter()
            .map(|r| {
                let (text, ok) = outcome
                    .get(&r.row)
                    .cloned()
                    .unwrap_or_else(|| ("Blank row".into(), false));
                PreviewRow {
                    row: clamp(r.row),
                    cells: r.cells.clone(),
                    outcome: text,
                    ok,
                }
            })
            .collect(),
        rows: clamp(report.rows),
        ready: clamp(report.recipients.len() as u64),
        rejected: clamp(report.rejected.len() as u64),
        duplicates: clamp(report.duplicates.len() as u64),
        suppressed: clamp(report.suppressed.len() as u64),
        parts: clamp(report.batches as u64),
        problems,
        problems_total: clamp(problems_total as u64),
        suppression_file: session.suppression.as_ref().map(|(n, _)| n.clone()),
    })
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

async fn store_and_summarize(
    state: &AppState,
    session: ImportSession,
) -> Result<ImportSummary, IpcError> {
    state.import_cancel.reset();
    let session = run_import_cancellable(session, state.import_cancel.clone()).await?;
    let summary = summarize(&session)
        .ok_or_else(|| IpcError::new("The file was read but nothing came of it. Try again."))?;
    state.save_import(session).await?;
    Ok(summary)
}

#[tauri::command]
pub async fn import_file(
    request: Request<'_>,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    let file_name = header(&request, "x-file-name").unwrap_or_else(|| "recipients.csv".into());
    let choices: ImportChoices = header(&request, "x-choices")
        .and_then(|c| serde_json::from_str(&c).ok())
        .unwrap_or_else(|| ImportChoices {
            country: "US".into(),
            ..ImportChoices::default()
        });
    let session = ImportSession::new(file_name, body(&request), choices);
    store_and_summarize(&state, session).await
}

/// A small list to try Batchline with: US practice numbers, a few with problems to fix, and
/// the practice line's special numbers (ending 0001 busy, 0002 no answer, 0003 not dialled).
pub const SAMPLE_CSV: &str = include_str!("../../resources/sample-recipients.csv");

#[tauri::command]
pub async fn import_sample(
    choices: ImportChoices,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    let session = ImportSession::new(
        "Sample recipients.csv".into(),
        SAMPLE_CSV.as_bytes().to_vec(),
        choices,
    );
    store_and_summarize(&state, session).await
}

#[tauri::command]
pub async fn reimport(
    choices: ImportChoices,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    let current = state.current_import().await.ok_or_else(no_file)?;
    store_and_summarize(&state, ImportSession { choices, ..current }).await
}

#[tauri::command]
pub async fn set_suppression(
    request: Request<'_>,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    let current = state.current_import().await.ok_or_else(no_file)?;
    let name = header(&request, "x-file-name").unwrap_or_default();
    let bytes = body(&request);
    let suppression = (!name.is_empty()).then_some((name, Arc::new(bytes)));
    store_and_summarize(
        &state,
        ImportSession {
            suppression,
            ..current
        },
    )
    .await
}

/// Stops the file being read (the wizard's Cancel); the import in progress ends with the
/// `cancelled` error and the previous list, if any, stays.
#[tauri::command]
pub fn cancel_import(state: tauri::State<'_, AppState>) {
    state.import_cancel.cancel();
}

#[tauri::command]
pub async fn save_problems<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> Result<SavedFile, IpcError> {
    let current = state.current_import().await.ok_or_else(no_file)?;
    let report = current.report.as_ref().ok_or_else(no_file)?;
    let stem = files::stem(&current.file_name);
    let csv = recipients::problems_csv(report);
    let saved = files::save_to_downloads(&app, &format!("{stem} problems.csv"), csv.as_bytes())?;
    Ok(saved)
}

/// A starting point for people who build their list by hand.
pub const TEMPLATE_CSV: &str = "Phone Number,First Name,Last Name,Appointment\r\n\
+14155552671,Ada,Lovelace,Tuesday 10:00\r\n\
(415) 555-0134,Grace,Hopper,Wednesday 14:30\r\n";

#[tauri::command]
pub async fn save_template<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
) -> Result<SavedFile, IpcError> {
    files::save_to_downloads(
        &app,
        "Batchline recipients template.csv",
        TEMPLATE_CSV.as_bytes(),
    )
}

fn no_file() -> IpcError {
    IpcError::new(
        "There is no recipient file in this campaign yet. Drop one on the window first.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_restores_any_file_name() {
        assert_eq!(percent_decode("Leads%20%C3%A9t%C3%A9.csv"), "Leads été.csv");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%é%4"), "%é%4");
    }

    #[tokio::test]
    async fn a_messy_file_summarizes_with_spreadsheet_rows_and_reasons() {
        let csv = "Name,Phone\nAda,(415) 555-2671\nBob,N/A\nCy,415.555.2671\n";
        let session = ImportSession::new(
            "leads.csv".into(),
            csv.as_bytes().to_vec(),
            ImportChoices {
                country: "US".into(),
                ..ImportChoices::default()
            },
        );
        let session = run_import(session).await.unwrap();
        let summary = summarize(&session).unwrap();
        assert_eq!(summary.phone_column, "Phone");
        assert_eq!(
            (summary.ready, summary.rejected, summary.duplicates),
            (1, 1, 1)
        );
        assert_eq!(summary.problems[0].row, 3);
        assert_eq!(summary.problems[1].row, 4);
        assert!(summary.problems[1].reason.contains("row 2"));
        assert_eq!(summary.preview_rows[0].outcome, "+14155552671");
        assert_eq!(summary.data_columns[0].name, "Name");
        assert_eq!(summary.data_columns[0].example, "Ada");
        assert_eq!(summary.format_label, "CSV file");
    }

    #[tokio::test]
    async fn the_sample_list_shows_every_kind_of_problem() {
        let session = ImportSession::new(
            "Sample recipients.csv".into(),
            SAMPLE_CSV.as_bytes().to_vec(),
            ImportChoices {
                country: "US".into(),
                ..ImportChoices::default()
            },
        );
        let summary = summarize(&run_import(session).await.unwrap()).unwrap();
        assert_eq!(summary.rows, 30);
        assert_eq!(
            (summary.ready, summary.rejected, summary.duplicates),
            (26, 3, 1)
        );
    }

    #[tokio::test]
    async fn a_file_that_is_not_a_list_says_so() {
        let session = ImportSession::new(
            "photo.png".into(),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            ImportChoices {
                country: "US".into(),
                ..ImportChoices::default()
            },
        );
        let error = run_import(session).await.expect_err("not a list");
        assert_eq!(error.code, None, "nothing to branch on: the message says it");
        assert!(error.message.contains("photo.png"));
    }

    #[tokio::test]
    async fn a_cancelled_import_says_so_and_keeps_nothing() {
        let csv = "Name,Phone\nAda,(415) 555-2671\n".repeat(3_000);
        let session = ImportSession::new(
            "long.csv".into(),
            csv.into_bytes(),
            ImportChoices {
                country: "US".into(),
                ..ImportChoices::default()
            },
        );
        let cancel = Arc::new(Cancel::new());
        cancel.cancel();
        let error = run_import_cancellable(session, cancel)
            .await
            .expect_err("cancelled");
        assert_eq!(error.code, Some(crate::error::ErrorCode::Cancelled));
        assert_eq!(
            error.message,
            "Reading long.csv was cancelled. Choose the file again when you're ready."
        );
    }
}

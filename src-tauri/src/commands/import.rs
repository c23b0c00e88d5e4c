//! The wizard's recipient steps: a dropped file's bytes in, a summary out. The recipients stay
//! here in the backend (and in the draft); the UI only ever sees counts, a preview and problems.
//! How a file is read and summarized is `campaign::draft`'s; this is the wiring.

use crate::error::{ErrorCode, IpcError};
use crate::files;
use crate::ipc::{ImportChoices, ImportSummary, SavedFile};
use crate::state::{AppState, ImportSession};
use campaign::draft;
use recipients::Cancel;
use std::sync::Arc;
use tauri::ipc::{InvokeBody, Request};

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

pub(crate) fn header(request: &Request<'_>, name: &str) -> Option<String> {
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

pub(crate) fn body(request: &Request<'_>) -> Vec<u8> {
    match request.body() {
        InvokeBody::Raw(bytes) => bytes.clone(),
        InvokeBody::Json(_) => Vec::new(),
    }
}

/// The choices sent with a file. Missing or unreadable, the file is not read with guessed ones:
/// the person is told, and nothing changes.
fn choices(sent: Option<String>) -> Result<ImportChoices, IpcError> {
    sent.and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| {
            IpcError::new(
                "Batchline couldn't read the choices for this file (its country and columns), so \
                 it wasn't read. Drop the file again; if this keeps happening, restart Batchline.",
            )
        })
}

/// Reads the file off the UI thread (a large workbook takes a while), leaving out whoever is
/// on the account's do-not-call list (`list`: the account's store).
pub(crate) async fn read(
    session: ImportSession,
    list: Arc<campaign::Store>,
) -> Result<ImportSession, IpcError> {
    read_cancellable(session, Arc::new(Cancel::new()), list).await
}

/// [`read`] that the window's Cancel (`cancel_import`) can stop.
pub(crate) async fn read_cancellable(
    session: ImportSession,
    cancel: Arc<Cancel>,
    list: Arc<campaign::Store>,
) -> Result<ImportSession, IpcError> {
    tauri::async_runtime::spawn_blocking(move || -> Result<ImportSession, IpcError> {
        let read = session.read(&cancel)?;
        Ok(read.leave_out_listed(&list)?)
    })
    .await
    .map_err(|_| IpcError::new("Reading the file stopped unexpectedly. Please try again."))?
}

async fn store_and_summarize(
    state: &AppState,
    session: ImportSession,
) -> Result<ImportSummary, IpcError> {
    state.import_cancel.reset();
    let list = state.account_store()?;
    let session = read_cancellable(session, state.import_cancel.clone(), list).await?;
    let summary = session
        .summary()
        .ok_or_else(|| IpcError::new("The file was read but nothing came of it. Try again."))?;
    state.save_import(session).await?;
    Ok(summary)
}

#[tauri::command]
pub(crate) async fn import_file(
    request: Request<'_>,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    let file_name = header(&request, "x-file-name").unwrap_or_else(|| "recipients.csv".into());
    let choices = choices(header(&request, "x-choices"))?;
    let session = ImportSession::new(file_name, body(&request), choices);
    store_and_summarize(&state, session).await
}

/// The sample list (`campaign::draft::SAMPLE_CSV`), read with the person's choices.
#[tauri::command]
pub(crate) async fn import_sample(
    choices: ImportChoices,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    store_and_summarize(&state, draft::sample_import(choices)).await
}

#[tauri::command]
pub(crate) async fn reimport(
    choices: ImportChoices,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    let current = state.current_import().await.ok_or_else(no_file)?;
    store_and_summarize(&state, current.with_choices(choices)).await
}

#[tauri::command]
pub(crate) async fn set_suppression(
    request: Request<'_>,
    state: tauri::State<'_, AppState>,
) -> Result<ImportSummary, IpcError> {
    let current = state.current_import().await.ok_or_else(no_file)?;
    let name = header(&request, "x-file-name").unwrap_or_default();
    let suppression = (!name.is_empty()).then(|| (name, body(&request)));
    store_and_summarize(&state, current.with_suppression(suppression)).await
}

/// Stops the file being read (the wizard's Cancel); the import in progress ends with the
/// `cancelled` error and the previous list, if any, stays.
#[tauri::command]
pub(crate) fn cancel_import(state: tauri::State<'_, AppState>) {
    state.import_cancel.cancel();
}

#[tauri::command]
pub(crate) async fn save_problems<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> Result<SavedFile, IpcError> {
    let current = state.current_import().await.ok_or_else(no_file)?;
    let report = current.report.as_ref().ok_or_else(no_file)?;
    let csv = recipients::problems_csv(report).map_err(|e| IpcError::new(e.to_string()))?;
    let name = campaign::problems_file(&current.file_name);
    files::save_to_downloads(&app, &name, csv.as_bytes())
}

/// The template (`campaign::draft::TEMPLATE_CSV`), saved to the person's Downloads.
#[tauri::command]
pub(crate) async fn save_template<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
) -> Result<SavedFile, IpcError> {
    let template = draft::TEMPLATE_CSV.as_bytes();
    files::save_to_downloads(&app, draft::TEMPLATE_FILE_NAME, template)
}

fn no_file() -> IpcError {
    draft::DraftError::NoFile.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_list() -> (tempfile::TempDir, Arc<campaign::Store>) {
        let dir = tempfile::tempdir().expect("a folder");
        let store = campaign::Store::open(dir.path().join("c.db")).expect("a store");
        (dir, Arc::new(store))
    }

    #[test]
    fn percent_decoding_restores_any_file_name() {
        assert_eq!(percent_decode("Leads%20%C3%A9t%C3%A9.csv"), "Leads été.csv");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%é%4"), "%é%4");
    }

    #[test]
    fn choices_that_cant_be_read_are_refused_not_guessed() {
        let sent = r#"{"country":"GB","phoneColumn":"Mobile","sheet":null,"noHeader":false,
            "excludedColumns":[],"renamedColumns":[]}"#;
        let read = choices(Some(sent.into())).expect("readable");
        assert_eq!(read.country, "GB");
        assert_eq!(read.phone_column.as_deref(), Some("Mobile"));
        for unreadable in [None, Some("{\"country\":".into()), Some("{}".into())] {
            let error = choices(unreadable).expect_err("refused");
            assert!(
                error.message.contains("couldn't read the choices"),
                "{error}"
            );
            assert_eq!(error.code, None);
        }
    }

    #[tokio::test]
    async fn a_file_that_is_not_a_list_says_so() {
        let session = ImportSession::new(
            "photo.png".into(),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            ImportChoices::for_country("US"),
        );
        let (_dir, list) = empty_list();
        let error = read(session, list).await.expect_err("not a list");
        assert_eq!(error.code, None);
        assert!(error.message.contains("photo.png"));
    }

    #[tokio::test]
    async fn a_cancelled_import_says_so_and_keeps_nothing() {
        let csv = "Name,Phone\nAda,(415) 555-2671\n".repeat(3_000);
        let session = ImportSession::new(
            "long.csv".into(),
            csv.into_bytes(),
            ImportChoices::for_country("US"),
        );
        let cancel = Arc::new(Cancel::new());
        cancel.cancel();
        let (_dir, list) = empty_list();
        let error = read_cancellable(session, cancel, list)
            .await
            .expect_err("cancelled");
        assert_eq!(error.code, Some(ErrorCode::Cancelled));
        assert_eq!(
            error.message,
            "Reading long.csv was cancelled. Choose the file again when you're ready."
        );
    }
}

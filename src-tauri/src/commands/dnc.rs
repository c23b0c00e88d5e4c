//! The Do not call page: the account's do-not-call list, kept in the account's campaign store
//! (the same in practice mode: the list is the person's, not the line's, and outlives practice
//! runs). The rules are `campaign::dnc`'s; this is the wiring.

use crate::commands::import::{body, header};
use crate::error::{ErrorCode, IpcError};
use crate::files;
use crate::ipc::SavedFile;
use crate::state::AppState;
use campaign::dnc::{self, DncError, DncFile, DncImportChoices, DncImportReport, DncPage};
use campaign::DncEntry;
use std::sync::Arc;
use tauri::ipc::Request;

impl From<DncError> for IpcError {
    fn from(error: DncError) -> Self {
        match error {
            DncError::File(e) => e.into(),
            DncError::Store(e) => e.into(),
            DncError::Number { .. } | DncError::NoNumber | DncError::AlreadyListed { .. } => {
                IpcError::coded(ErrorCode::BadNumber, error.to_string())
            }
            DncError::NoReason => IpcError::coded(ErrorCode::NoReason, error.to_string()),
            DncError::NotConfirmed { .. } => {
                IpcError::coded(ErrorCode::NotConfirmed, error.to_string())
            }
            other => IpcError::new(other.to_string()),
        }
    }
}

/// Runs a piece of list work off the UI thread: a million-number file takes a few seconds.
async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, DncError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| IpcError::new("The do-not-call list stopped unexpectedly. Please try again."))?
        .map_err(IpcError::from)
}

async fn country(state: &AppState) -> String {
    state.settings.lock().await.default_country.clone()
}

/// One page of the list, newest first, with how many numbers it holds.
#[tauri::command]
pub(crate) async fn dnc_page(
    search: String,
    offset: u32,
    limit: u32,
    state: tauri::State<'_, AppState>,
) -> Result<DncPage, IpcError> {
    let store = state.account_store()?;
    off_thread(move || dnc::page(&store, &search, offset, limit)).await
}

/// A dropped file's columns and first rows, to choose its phone column.
#[tauri::command]
pub(crate) async fn dnc_look(
    request: Request<'_>,
    state: tauri::State<'_, AppState>,
) -> Result<DncFile, IpcError> {
    let file_name = header(&request, "x-file-name").unwrap_or_else(|| "do-not-call.csv".into());
    let bytes = body(&request);
    let country = country(&state).await;
    state.dnc_cancel.reset();
    let cancel = state.dnc_cancel.clone();
    off_thread(move || dnc::look(&bytes, &file_name, &country, &cancel)).await
}

/// Imports a file into the list; the page's Cancel (`dnc_cancel_import`) stops it with nothing
/// added.
#[tauri::command]
pub(crate) async fn dnc_import(
    request: Request<'_>,
    state: tauri::State<'_, AppState>,
) -> Result<DncImportReport, IpcError> {
    let file_name = header(&request, "x-file-name").unwrap_or_else(|| "do-not-call.csv".into());
    let bytes = body(&request);
    let sent: Option<DncImportChoices> =
        header(&request, "x-choices").and_then(|text| serde_json::from_str(&text).ok());
    let choices = DncImportChoices {
        country: country(&state).await,
        ..sent.unwrap_or_default()
    };
    let store = state.account_store()?;
    state.dnc_cancel.reset();
    let cancel: Arc<recipients::Cancel> = state.dnc_cancel.clone();
    off_thread(move || {
        dnc::import(
            &store,
            &bytes,
            &file_name,
            &choices,
            &cancel,
            campaign::app_now(),
        )
    })
    .await
}

/// Stops the file being imported into the list.
#[tauri::command]
pub(crate) fn dnc_cancel_import(state: tauri::State<'_, AppState>) {
    state.dnc_cancel.cancel();
}

/// Adds a number typed by hand, with why.
#[tauri::command]
pub(crate) async fn dnc_add(
    number: String,
    reason: String,
    state: tauri::State<'_, AppState>,
) -> Result<DncEntry, IpcError> {
    let store = state.account_store()?;
    let country = country(&state).await;
    off_thread(move || dnc::add_by_hand(&store, &number, &country, &reason, campaign::app_now()))
        .await
}

/// Takes a number off the list: only confirmed, with why.
#[tauri::command]
pub(crate) async fn dnc_remove(
    number: String,
    reason: String,
    confirmed: bool,
    state: tauri::State<'_, AppState>,
) -> Result<(), IpcError> {
    let store = state.account_store()?;
    off_thread(move || dnc::remove(&store, &number, &reason, confirmed, campaign::app_now())).await
}

/// Saves the whole list as CSV in the person's Downloads, times in `time_zone` (theirs).
#[tauri::command]
pub(crate) async fn dnc_export<R: tauri::Runtime>(
    time_zone: String,
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> Result<SavedFile, IpcError> {
    let store = state.account_store()?;
    let folder = files::downloads_dir(&app)?;
    let exported =
        off_thread(move || dnc::export_csv(&store, &folder, &time_zone, campaign::app_now()))
            .await?;
    Ok(files::saved_file(&exported.path))
}

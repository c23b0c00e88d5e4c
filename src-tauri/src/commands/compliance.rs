//! A campaign's compliance record and its history: the record is made by the core
//! (`campaign::record`) and saved here to the Downloads folder as a printable page and a
//! spreadsheet; "Open" shows a saved record in the system's own app for it. Only a record
//! Batchline saved there (an `.html` or `.csv` file directly in that folder) can be opened,
//! so the window can't use this to open anything else.

use crate::error::IpcError;
use crate::files;
use crate::ipc::SavedRecord;
use crate::state::AppState;
use campaign::record::{self, HistoryLine};
use campaign::view::PageId;
use std::path::Path;

fn campaign_id(id: &str) -> Result<campaign::CampaignId, IpcError> {
    Ok(id.parse::<PageId>()?.campaign()?)
}

/// Makes the campaign's compliance record and saves it twice (HTML and CSV) in Downloads.
/// `time_zone`: the manager's, for the campaign's own times (calls are in each recipient's).
#[tauri::command]
pub(crate) async fn save_compliance_record<R: tauri::Runtime>(
    id: String,
    time_zone: String,
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
) -> Result<SavedRecord, IpcError> {
    let campaign_id = campaign_id(&id)?;
    let runtime = state.runtime().await?;
    let files = record::record_files(
        &runtime.client,
        &runtime.store,
        campaign_id,
        &time_zone,
        campaign::app_now(),
    )
    .await?;
    Ok(SavedRecord {
        html: files::save_to_downloads(&app, &files.html.0, &files.html.1)?,
        csv: files::save_to_downloads(&app, &files.csv.0, &files.csv.1)?,
    })
}

/// The campaign's history in words, newest first, its times in `time_zone`.
#[tauri::command]
pub(crate) async fn campaign_history(
    id: String,
    time_zone: String,
    state: tauri::State<'_, AppState>,
) -> Result<Vec<HistoryLine>, IpcError> {
    let runtime = state.runtime().await?;
    Ok(record::campaign_history(
        &runtime.store,
        campaign_id(&id)?,
        &time_zone,
    )?)
}

/// Opens a saved record (`path`) with the system's default app for it.
#[tauri::command]
pub(crate) async fn open_saved_record<R: tauri::Runtime>(
    path: String,
    app: tauri::AppHandle<R>,
) -> Result<(), IpcError> {
    let downloads = files::downloads_dir(&app)?;
    let file = userfile::file_directly_in(Path::new(&path), &downloads)
        .filter(|f| {
            f.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("csv"))
        })
        .ok_or_else(|| {
            IpcError::new(
                "That record is no longer in your Downloads folder (it may have been moved or \
                 deleted). Save the record again to get a new copy.",
            )
        })?;
    tauri::async_runtime::spawn_blocking(move || tauri_plugin_opener::open_path(file, None::<&str>))
        .await
        .map_err(|_| IpcError::new("Batchline couldn't open the record. Try again."))?
        .map_err(|e| {
            tracing::warn!("a saved record could not be opened: {e}");
            IpcError::new(
            "Batchline couldn't find an app to open the record on this computer. It is in your \
             Downloads folder: open it from there.",
        )
        })
}

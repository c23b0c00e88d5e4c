//! A campaign's compliance record and its history: the record is made by the core
//! (`campaign::record`) and saved here where the person chooses (the system's save dialog) as a
//! printable page and, next to it, the same as a spreadsheet; "Open" shows a saved record in the
//! system's own app for it. Only a file Batchline saved as a record while it runs can be opened,
//! so the window can't use this to open anything else.

use crate::error::IpcError;
use crate::files;
use crate::ipc::SavedRecord;
use crate::state::AppState;
use campaign::record::{self, HistoryLine};
use campaign::view::PageId;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The records saved while Batchline runs: the only files "Open" opens.
#[derive(Default)]
pub(crate) struct SavedRecords(Mutex<HashSet<PathBuf>>);

impl SavedRecords {
    fn remember(&self, path: &str) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(PathBuf::from(path));
    }

    fn knows(&self, path: &Path) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(path)
    }
}

fn campaign_id(id: &str) -> Result<campaign::CampaignId, IpcError> {
    Ok(id.parse::<PageId>()?.campaign()?)
}

/// Makes the campaign's compliance record and saves it where the person chooses: the page
/// under the name they give, the spreadsheet next to it (neither ever replaces a file already
/// there: "name (2).html"). `None` when they cancel the save window. `time_zone`: the manager's,
/// for the campaign's own times (calls are in each recipient's).
#[tauri::command]
pub(crate) async fn save_compliance_record<R: tauri::Runtime>(
    id: String,
    time_zone: String,
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    saved: tauri::State<'_, SavedRecords>,
) -> Result<Option<SavedRecord>, IpcError> {
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
    let Some(chosen) = files::choose_save_path(
        &app,
        "Save the compliance record",
        &files.html.0,
        ("Web page", "html"),
    )
    .await?
    else {
        return Ok(None);
    };
    let folder = chosen
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| IpcError::new("Choose a folder to save the record in."))?;
    let (page, sheet) = files.names_for(&chosen);
    let save = |name: String, bytes: &[u8]| -> Result<crate::ipc::SavedFile, IpcError> {
        let path = userfile::save_new_file(&folder, &name, bytes)
            .map_err(|e| IpcError::new(e.to_string()))?;
        Ok(files::saved_file(&path))
    };
    let record = SavedRecord {
        html: save(page, &files.html.1)?,
        csv: save(sheet, &files.csv.1)?,
    };
    saved.remember(&record.html.path);
    saved.remember(&record.csv.path);
    record::note_saved(
        &runtime.store,
        campaign_id,
        &record.html.file_name,
        &record.csv.file_name,
    );
    Ok(Some(record))
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

/// Opens a record saved while Batchline runs (`path`) with the system's default app for it.
#[tauri::command]
pub(crate) async fn open_saved_record(
    path: String,
    saved: tauri::State<'_, SavedRecords>,
) -> Result<(), IpcError> {
    let file = PathBuf::from(&path);
    if !saved.knows(&file) || !file.is_file() {
        return Err(IpcError::new(
            "That record is no longer where it was saved (it may have been moved or deleted). \
             Save the record again to get a new copy.",
        ));
    }
    tauri::async_runtime::spawn_blocking(move || tauri_plugin_opener::open_path(file, None::<&str>))
        .await
        .map_err(|_| IpcError::new("Batchline couldn't open the record. Try again."))?
        .map_err(|e| {
            tracing::warn!("a saved record could not be opened: {e}");
            IpcError::new(
                "Batchline couldn't find an app to open the record on this computer. Open it \
                 from the folder you saved it in.",
            )
        })
}

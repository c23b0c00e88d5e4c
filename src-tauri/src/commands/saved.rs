//! "Show in folder" after Batchline saved a file for the person (an export, a problems list, a
//! template). Only a file in the folder Batchline saves to can be shown, so the window can't
//! use this to point the file manager anywhere else.

use crate::error::IpcError;
use crate::files;
use std::path::Path;

/// Opens the file manager at the saved file `path`, with the file selected.
#[tauri::command]
pub(crate) async fn show_in_folder<R: tauri::Runtime>(
    path: String,
    app: tauri::AppHandle<R>,
) -> Result<(), IpcError> {
    let downloads = files::downloads_dir(&app)?;
    let file = userfile::file_directly_in(Path::new(&path), &downloads).ok_or_else(|| {
        IpcError::new(
            "That file is no longer in your Downloads folder (it may have been moved or \
             deleted). Export it again to get a new copy.",
        )
    })?;
    tauri::async_runtime::spawn_blocking(move || tauri_plugin_opener::reveal_item_in_dir(file))
        .await
        .map_err(|_| IpcError::new("Batchline couldn't open the folder. Try again."))?
        .map_err(|e| {
            tracing::warn!("a saved file could not be shown: {e}");
            IpcError::new(
                "Batchline couldn't open a file manager on this computer. The file is in your \
                 Downloads folder: open that folder yourself to find it.",
            )
        })
}

//! Files Batchline writes for the user (problems lists, templates, exports) go to their Downloads
//! folder, the way a browser saves a download: no dialog to get lost in, never overwriting a file,
//! never half a file (see [`userfile::save_new_file`], which every one of them goes through).

use crate::error::IpcError;
use crate::ipc::SavedFile;
use std::path::PathBuf;
use tauri::Manager;

pub(crate) fn downloads_dir<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
) -> Result<PathBuf, IpcError> {
    app.path()
        .download_dir()
        .or_else(|_| app.path().home_dir().map(|h| h.join("Downloads")))
        .map_err(|_| IpcError::new("Batchline can't find your Downloads folder."))
}

pub(crate) fn save_to_downloads<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    name: &str,
    bytes: &[u8],
) -> Result<SavedFile, IpcError> {
    let folder = downloads_dir(app)?;
    let path =
        userfile::save_new_file(&folder, name, bytes).map_err(|e| IpcError::new(e.to_string()))?;
    Ok(saved_file(&path))
}

/// A file saved for the person, as the window tells them where it went.
pub(crate) fn saved_file(path: &std::path::Path) -> SavedFile {
    SavedFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        folder: path
            .parent()
            .and_then(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Downloads".into()),
        path: path.display().to_string(),
    }
}

/// Asks where to save a file with the system's save dialog, opening in Downloads with `name`
/// suggested and only `extension` files shown; `None` when the person cancels. Debug builds let
/// a test answer without a dialog: `BATCHLINE_TEST_SAVE_DIR` is taken as the folder chosen.
pub(crate) async fn choose_save_path<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    name: &str,
    (kind, extension): (&str, &str),
) -> Result<Option<PathBuf>, IpcError> {
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("BATCHLINE_TEST_SAVE_DIR") {
        return Ok(Some(PathBuf::from(dir).join(name)));
    }
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .add_filter(kind, &[extension]);
    if let Ok(downloads) = downloads_dir(app) {
        dialog = dialog.set_directory(downloads);
    }
    dialog.save_file(move |chosen| {
        let _ = tx.send(chosen);
    });
    let chosen = rx.await.map_err(|_| {
        IpcError::new("The save window closed before a place was chosen. Try again.")
    })?;
    match chosen {
        None => Ok(None),
        Some(path) => path.into_path().map(Some).map_err(|_| {
            IpcError::new("Batchline can't save to that place. Choose a folder on this computer.")
        }),
    }
}

//! "Show in folder" after Batchline saved a file for the person (an export, a problems list, a
//! template). Only a file in the folder Batchline saves to can be shown, so the window can't
//! use this to point the file manager anywhere else.

use crate::error::IpcError;
use crate::files;
use std::path::{Path, PathBuf};

/// Opens the file manager at the saved file `path`, with the file selected.
#[tauri::command]
pub(crate) async fn show_in_folder<R: tauri::Runtime>(
    path: String,
    app: tauri::AppHandle<R>,
) -> Result<(), IpcError> {
    let downloads = files::downloads_dir(&app)?;
    let file = saved_file(Path::new(&path), &downloads).ok_or_else(|| {
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

/// `path` as a file directly in `folder` (links and `..` resolved), or `None`.
fn saved_file(path: &Path, folder: &Path) -> Option<PathBuf> {
    let file = path.canonicalize().ok()?;
    let folder = folder.canonicalize().ok()?;
    (file.is_file() && file.parent() == Some(folder.as_path())).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::saved_file;

    #[test]
    fn only_a_file_in_the_save_folder_is_shown() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let downloads = root.path().join("Downloads");
        std::fs::create_dir_all(downloads.join("inner")).expect("folders");
        std::fs::write(downloads.join("results.csv"), "x").expect("a file");
        std::fs::write(root.path().join("secret.txt"), "x").expect("a file");
        std::fs::write(downloads.join("inner").join("deep.csv"), "x").expect("a file");

        let shown = saved_file(&downloads.join("results.csv"), &downloads);
        assert_eq!(
            shown.as_deref().and_then(|p| p.file_name()),
            Some("results.csv".as_ref())
        );
        for elsewhere in [
            root.path().join("secret.txt"),
            downloads.join("..").join("secret.txt"),
            downloads.join("inner").join("deep.csv"),
            downloads.join("gone.csv"),
            downloads.clone(),
        ] {
            assert_eq!(
                saved_file(&elsewhere, &downloads),
                None,
                "{}",
                elsewhere.display()
            );
        }
    }
}

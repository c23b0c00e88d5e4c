//! Files Batchline writes for the user (problems lists, templates, exports) go to their Downloads
//! folder, the way a browser saves a download: no dialog to get lost in, never overwriting a file.

use crate::error::IpcError;
use crate::ipc::SavedFile;
use std::io::Write;
use std::path::{Path, PathBuf};
use tauri::Manager;

/// "spring leads.xlsx" → "spring leads".
pub fn stem(file_name: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.trim().is_empty() {
        "recipients".into()
    } else {
        stem
    }
}

/// Keeps a name usable on every OS: no separators or characters Windows refuses.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() {
        "Batchline file".into()
    } else {
        trimmed.chars().take(150).collect()
    }
}

pub fn downloads_dir<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Result<PathBuf, IpcError> {
    app.path()
        .download_dir()
        .or_else(|_| app.path().home_dir().map(|h| h.join("Downloads")))
        .map_err(|_| IpcError::new("Batchline can't find your Downloads folder."))
}

/// Writes `bytes` as a new file in `folder`: "name.csv", else "name (2).csv", "name (3).csv"…
pub fn save_new_file(folder: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, std::io::Error> {
    std::fs::create_dir_all(folder)?;
    let name = safe_name(name);
    let (base, ext) = match name.rsplit_once('.') {
        Some((b, e)) if !b.is_empty() => (b.to_owned(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    for n in 1..10_000 {
        let candidate = if n == 1 {
            folder.join(format!("{base}{ext}"))
        } else {
            folder.join(format!("{base} ({n}){ext}"))
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut file) => {
                file.write_all(bytes)?;
                file.sync_all()?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many files with this name"))
}

pub fn save_to_downloads<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    name: &str,
    bytes: &[u8],
) -> Result<SavedFile, IpcError> {
    let folder = downloads_dir(app)?;
    let path = save_new_file(&folder, name, bytes).map_err(|e| {
        IpcError::new(format!(
            "The file couldn't be saved in {} ({e}). Check that the folder exists and has free space.",
            folder.display()
        ))
    })?;
    Ok(SavedFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        folder: folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Downloads".into()),
        path: path.display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_and_keeps_names_safe() {
        let dir = tempfile::tempdir().unwrap();
        let a = save_new_file(dir.path(), "leads problems.csv", b"a").unwrap();
        let b = save_new_file(dir.path(), "leads problems.csv", b"b").unwrap();
        assert_eq!(a.file_name().unwrap(), "leads problems.csv");
        assert_eq!(b.file_name().unwrap(), "leads problems (2).csv");
        assert_eq!(std::fs::read(&a).unwrap(), b"a");
        let odd = save_new_file(dir.path(), "../a/b:c.csv", b"c").unwrap();
        assert_eq!(odd.parent().unwrap(), dir.path());
        assert_eq!(stem("spring leads.xlsx"), "spring leads");
        assert_eq!(stem(""), "recipients");
    }
}

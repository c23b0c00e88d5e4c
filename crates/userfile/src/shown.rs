//! Where a saved file may be shown from.

use std::path::{Path, PathBuf};

/// `path` as a file directly in `folder` (links and `..` resolved), or `None`: what Batchline
/// may show in a file manager, so a path from the window can point it at nothing else.
pub fn file_directly_in(path: &Path, folder: &Path) -> Option<PathBuf> {
    let file = path.canonicalize().ok()?;
    let folder = folder.canonicalize().ok()?;
    (file.is_file() && file.parent() == Some(folder.as_path())).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::file_directly_in;

    #[test]
    fn only_a_file_in_the_save_folder_is_shown() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let downloads = root.path().join("Downloads");
        std::fs::create_dir_all(downloads.join("inner")).expect("folders");
        std::fs::write(downloads.join("results.csv"), "x").expect("a file");
        std::fs::write(root.path().join("secret.txt"), "x").expect("a file");
        std::fs::write(downloads.join("inner").join("deep.csv"), "x").expect("a file");

        let shown = file_directly_in(&downloads.join("results.csv"), &downloads);
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
                file_directly_in(&elsewhere, &downloads),
                None,
                "{}",
                elsewhere.display()
            );
        }
    }
}

//! Where Batchline keeps its campaigns on this computer, so that the app and `batchline campaign
//! launch` find the same ones.
//!
//! The app's data folder is named by its identifier. A development build has its own
//! identifier (`….dev`), hence its own data folder and keyring entry: trying a change must never
//! touch a real campaign manager's campaigns or key. Campaigns of a Cartesia account are kept in
//! one store; practice campaigns in another, which lives only as long as the practice line that
//! ran them (one app run), so it is cleared at each start.

use std::path::{Path, PathBuf};

/// The app's identifier in a release build (`identifier` in `src-tauri/tauri.conf.json`; a test
/// there checks they agree).
pub const RELEASE_IDENTIFIER: &str = "app.batchline.desktop";

/// The file of the campaign store of a Cartesia account, in the app's data folder: the app and
/// `batchline campaign launch` record campaigns in it.
pub const ACCOUNT_STORE_FILE: &str = "campaigns.sqlite";
/// The file of the practice campaigns, in the app's data folder.
pub const PRACTICE_STORE_FILE: &str = "practice.sqlite";

/// The identifier of a release build or, with `development`, of a development build.
pub fn app_identifier(development: bool) -> String {
    if development {
        format!("{RELEASE_IDENTIFIER}.dev")
    } else {
        RELEASE_IDENTIFIER.to_owned()
    }
}

/// The account's campaign store of the app build, under the OS's folder for app data
/// (`~/.local/share` on Linux): where the command line records a campaign by default.
pub fn default_store_path(os_data_dir: &Path, development: bool) -> PathBuf {
    os_data_dir
        .join(app_identifier(development))
        .join(ACCOUNT_STORE_FILE)
}

/// Removes the practice campaigns an earlier run left in `app_data_dir` (their batches lived in
/// that run's practice line, which is gone), with SQLite's side files. Nothing there is an error.
pub fn clear_practice_store(app_data_dir: &Path) {
    let path = app_data_dir.join(PRACTICE_STORE_FILE).into_os_string();
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone();
        file.push(suffix);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(
                "the last run's practice campaigns could not be cleared ({}): {e}",
                Path::new(&file).display()
            ),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::store::{NewCampaign, Store};

    #[test]
    fn development_builds_never_share_the_release_identifier() {
        assert_eq!(app_identifier(false), "app.batchline.desktop");
        assert_eq!(app_identifier(true), "app.batchline.desktop.dev");
        let os = Path::new("/home/ada/.local/share");
        assert_eq!(
            default_store_path(os, false),
            os.join("app.batchline.desktop/campaigns.sqlite")
        );
        assert_eq!(
            default_store_path(os, true),
            os.join("app.batchline.desktop.dev/campaigns.sqlite")
        );
    }

    #[test]
    fn practice_campaigns_are_cleared_and_the_accounts_kept() {
        let dir = tempfile::tempdir().unwrap();
        for file in [PRACTICE_STORE_FILE, ACCOUNT_STORE_FILE] {
            let store = Store::open(dir.path().join(file)).unwrap();
            let setup = NewCampaign {
                name: file.into(),
                ..NewCampaign::default()
            };
            store.create_campaign(&setup, &[]).unwrap();
        }
        std::fs::write(dir.path().join("practice.sqlite-wal"), b"left over").unwrap();
        clear_practice_store(dir.path());
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("practice"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let account = Store::open(dir.path().join(ACCOUNT_STORE_FILE)).unwrap();
        assert_eq!(account.campaigns().unwrap().len(), 1);
        assert!(Store::open(dir.path().join(PRACTICE_STORE_FILE))
            .unwrap()
            .campaigns()
            .unwrap()
            .is_empty());
        clear_practice_store(dir.path().join("nowhere").as_path());
    }
}

//! The app's log, for support: set up at start-up in the OS log folder (the `applog` crate does
//! the file, its cap and its levels), what failures are written to it, and the folder opened
//! from Settings.
//!
//! Nothing here logs what a person typed or imported (numbers, names, the key): failures are
//! described by their kind and Cartesia's own references, not by the message the window shows.

use crate::error::IpcError;
use std::path::{Path, PathBuf};

/// Set (to anything) to copy the log to standard error in a release build too: the start-up
/// benchmark reads it there. Development builds always do.
pub(crate) const STDERR_VAR: &str = "BATCHLINE_LOG_STDERR";

/// Installs the log for this process, writing to `dir`. Without a writable folder the log goes
/// to standard error only, and the app runs on.
pub(crate) fn start(dir: &Path, development: bool) {
    let levels = std::env::var(applog::ENV_VAR).ok();
    let stderr = development || std::env::var_os(STDERR_VAR).is_some();
    let options = applog::Options {
        stderr,
        levels: levels.as_deref(),
    };
    let build = if development {
        "development"
    } else {
        "release"
    };
    let version = env!("CARGO_PKG_VERSION");
    match applog::install(dir, options) {
        Ok(path) => tracing::info!(
            "Batchline {version} ({build} build) started; this log is {}",
            path.display()
        ),
        // The reason is already on standard error, where the log goes instead.
        Err(applog::InstallError::Folder { .. }) => {
            tracing::info!("Batchline {version} ({build} build) started without a log file")
        }
        Err(applog::InstallError::AlreadyInstalled) => {
            tracing::info!("Batchline {version} ({build} build) started")
        }
    }
}

/// The folder "Open log folder" shows, and how it is shown (the tests replace the file manager).
#[derive(Clone)]
pub(crate) struct LogFolder {
    dir: PathBuf,
    show: fn(&Path) -> Result<(), String>,
}

impl std::fmt::Debug for LogFolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogFolder").field("dir", &self.dir).finish()
    }
}

impl LogFolder {
    /// The log folder, shown with the OS file manager.
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self::with_viewer(dir, |dir| {
            tauri_plugin_opener::open_path(dir, None::<&str>).map_err(|e| e.to_string())
        })
    }

    pub(crate) fn with_viewer(dir: PathBuf, show: fn(&Path) -> Result<(), String>) -> Self {
        Self { dir, show }
    }

    /// Shows the folder, creating it first if nothing was logged yet.
    pub(crate) fn open(&self) -> Result<(), IpcError> {
        let dir = self.dir.display();
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            tracing::warn!("the log folder {dir} could not be created: {e}");
            IpcError::new(format!(
                "Batchline couldn't create its log folder {dir} ({e}). Check the disk and its \
                 permissions."
            ))
        })?;
        (self.show)(&self.dir).map_err(|e| {
            tracing::warn!("the log folder {dir} could not be shown: {e}");
            IpcError::new(format!(
                "Batchline couldn't open a file manager on this computer. The log files are in \
                 {dir}: open that folder yourself to find them."
            ))
        })
    }
}

/// Logs a failed Cartesia request by what support needs: its kind, status, Cartesia's error
/// code and request reference. Cartesia's own message may quote a phone number, so it is left out.
pub(crate) fn cartesia_failure(error: &cartesia::Error) {
    use cartesia::Error as E;
    let kind = match error {
        E::Api(_) if error.is_unauthorized() => "the key was refused",
        E::Api(_) => "Cartesia refused the request",
        E::Network {
            connected, detail, ..
        } => {
            // The HTTP client's own words: the address and what the network said, nothing sent.
            let what = if *connected {
                "the connection broke"
            } else {
                "Cartesia could not be reached"
            };
            tracing::warn!("Cartesia request failed: {what} ({detail})");
            return;
        }
        E::Timeout { .. } => "no answer in time",
        E::UnexpectedResponse { .. } => "an answer that could not be read",
        E::Redirected { .. } => "a redirect, not followed",
        E::InsecureBaseUrl { .. } | E::InvalidBaseUrl { .. } => "an unusable API address",
        E::UnusableKey => "a key with characters no key can have",
        E::Setup { .. } => "the HTTP client could not be set up",
        E::CreateUnconfirmed { .. } => "a create whose answer was lost could not be checked",
        #[allow(unreachable_patterns)]
        _ => "another failure",
    };
    tracing::warn!(
        status = error.status(),
        code = error.error_code(),
        request = error.request_id(),
        "Cartesia request failed: {kind}"
    );
}

/// Logs a failed campaign action. Store and lock failures carry what support needs (the folder,
/// the database's reason); the rest are logged by kind only.
pub(crate) fn campaign_failure(error: &campaign::Error) {
    use campaign::Error as E;
    match error {
        E::Api(e) => cartesia_failure(e),
        E::NotConfirmed(_) => tracing::debug!("an action was not confirmed; nothing was done"),
        E::PayloadMismatch { part, .. } => {
            tracing::warn!("part {part} changed after it was prepared; not sent")
        }
        E::NotFound { what } => tracing::debug!("a {what} that no longer exists was asked for"),
        E::NewerSchema { .. }
        | E::Corrupt { .. }
        | E::DiskFull
        | E::Unavailable { .. }
        | E::Busy
        | E::Database(_)
        | E::LaunchInProgress
        | E::LaunchLock { .. }
        | E::Export(_) => tracing::warn!("{error}"),
        #[allow(unreachable_patterns)]
        _ => tracing::warn!("a campaign action failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_folder_is_created_before_it_is_shown() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("logs");
        let folder = LogFolder::with_viewer(dir.clone(), |dir| {
            if dir.is_dir() {
                Ok(())
            } else {
                Err("no such folder".into())
            }
        });
        folder.open().expect("shown");
        assert!(dir.is_dir());
    }

    #[test]
    fn without_a_file_manager_the_person_is_told_where_the_logs_are() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("logs");
        let folder = LogFolder::with_viewer(dir.clone(), |_| Err("xdg-open: not found".into()));
        let error = folder.open().expect_err("not shown");
        assert!(
            error.message.contains(&dir.display().to_string()),
            "{error}"
        );
        assert!(
            error.message.contains("open that folder yourself"),
            "{error}"
        );
        assert!(!error.message.contains("xdg-open"), "{error}");
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_a_plain_error() {
        let tmp = tempfile::tempdir().expect("tmp");
        let file = tmp.path().join("not-a-folder");
        std::fs::write(&file, "x").expect("file");
        let folder = LogFolder::with_viewer(file.join("logs"), |_| Ok(()));
        let error = folder.open().expect_err("a file is in the way");
        assert!(
            error.message.contains("couldn't create its log folder"),
            "{error}"
        );
    }
}

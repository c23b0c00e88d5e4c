//! Batchline's log, for support: what the app did and what went wrong, in a file that can't fill
//! the disk.
//!
//! - [`RotatingFile`]: `batchline.log`, capped in size, with a few older files beside it
//!   (`tracing-appender` rotates by time only, so a busy day could still grow without bound).
//! - [`levels`]: Batchline's crates at `info`, everything else at `warn`, overridable in
//!   `RUST_LOG` syntax through [`ENV_VAR`] except for the HTTP stack, which stays at `warn`.
//! - [`install`]: both, as the process's one `tracing` subscriber; [`install_stderr_quiet`]:
//!   warnings on standard error, for the command line.
//!
//! What is logged never holds the API key: the key's type prints as a redaction, and the crates
//! that put requests (and their headers) into debug output are held at `warn`.
//!
//! No Tauri here: the desktop shell picks the folder, tests pick a temporary one.

mod filter;
mod rotate;

pub use filter::{levels, quiet_levels, BadOverride, OWN_CRATES, WIRE_CRATES};
pub use rotate::{RecordWriter, RotatingFile};

use std::io::IsTerminal;
use std::path::Path;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// Extra log levels in `RUST_LOG` syntax, e.g. `BATCHLINE_LOG=campaign=debug`.
pub const ENV_VAR: &str = "BATCHLINE_LOG";
/// The current file's name without `.log`.
pub const FILE_STEM: &str = "batchline";
/// About 1 MiB a file…
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// …and three older ones: at most about 4 MiB on disk.
pub const KEEP_OLD_FILES: usize = 3;

/// Where the log goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Also to standard error (development builds, benchmarks).
    pub stderr: bool,
    /// Levels on top of the usual ones (see [`levels`]); usually the value of [`ENV_VAR`].
    pub levels: Option<&'a str>,
}

/// Why logging could not be set up. The app runs on without a log.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("the log folder {} can't be written: {source}", dir.display())]
    Folder {
        dir: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("logging was already set up in this process")]
    AlreadyInstalled,
}

/// Opens `dir/batchline.log` and makes it this process's log (with events from the `log`
/// crate too). Returns the open file's path. Only the first call in a process can succeed.
///
/// If the folder can't be written, the log goes to standard error alone, with the reason as its
/// first line, and the error is returned: a missing log must not stop the app.
pub fn install(dir: &Path, options: Options<'_>) -> Result<std::path::PathBuf, InstallError> {
    let (to_file, result) = match RotatingFile::open(dir, FILE_STEM, MAX_FILE_BYTES, KEEP_OLD_FILES)
    {
        Ok(file) => {
            let path = file.path();
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(file);
            (Some(layer), Ok(path))
        }
        Err(source) => (
            None,
            Err(InstallError::Folder {
                dir: dir.to_owned(),
                source,
            }),
        ),
    };
    let to_stderr = (options.stderr || result.is_err()).then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .boxed()
    });
    let (filter, bad_override) = levels(options.levels);
    tracing_subscriber::registry()
        .with(filter)
        .with(to_file)
        .with(to_stderr)
        .try_init()
        .map_err(|_| InstallError::AlreadyInstalled)?;
    if let Err(error) = &result {
        tracing::warn!("no log file: {error}");
    }
    if let Some(bad) = bad_override {
        tracing::warn!("{ENV_VAR}: {bad}");
    }
    result
}

/// Logs to standard error alone, with the usual levels: for failures before the log folder is
/// known. Does nothing if logging is already set up.
pub fn install_stderr_only() {
    let (filter, _) = levels(None);
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .try_init();
}

/// Logs warnings to standard error alone, Batchline's crates included, with `levels` (usually
/// the value of [`ENV_VAR`]) on top: for the `batchline` command, so that a core crate's
/// warning is seen while standard output stays the command's own. An override that can't be
/// read is said as a warning. Does nothing if logging is already set up.
pub fn install_stderr_quiet(levels: Option<&str>) {
    let (filter, bad_override) = quiet_levels(levels);
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                // Colours only for a person at a terminal, never into a script's pipe or file.
                .with_ansi(std::io::stderr().is_terminal())
                .with_writer(std::io::stderr),
        )
        .try_init();
    if let (Ok(()), Some(bad)) = (installed, bad_override) {
        tracing::warn!("{ENV_VAR}: {bad}");
    }
}

//! What can go wrong keeping a campaign's memory, said so a campaign manager knows what to do.
//!
//! The database failures that matter to a person (a file from a newer Batchline, a damaged file,
//! a full disk, a file another program holds) each get their own variant, so the app can say
//! the right thing and, above all, never "fix" the problem by overwriting the file.

use std::path::PathBuf;

/// An error of the campaign store, launcher or tracker.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file was written by a newer Batchline; it is left exactly as it was.
    #[error(
        "Your campaign history was saved by a newer version of Batchline (format {found}; this \
         version reads up to {supported}). Nothing was changed. Update Batchline to open it."
    )]
    NewerSchema { found: i64, supported: i64 },

    /// The file is not a database Batchline can read (damaged, or not Batchline's).
    #[error(
        "Batchline's campaign history file at {} is damaged or is not a Batchline file, so it \
         can't be opened. It has been left untouched: keep a copy and contact support, or move \
         it elsewhere to start with an empty history.", path.display()
    )]
    Corrupt { path: PathBuf },

    /// The disk (or the folder's quota) is full; the change was not saved.
    #[error(
        "Your disk is full, so Batchline couldn't save this change. Free some space, then try \
         again; nothing saved earlier was lost."
    )]
    DiskFull,

    /// The file can't be written (read-only folder, permissions) or opened at all.
    #[error(
        "Batchline can't open or write its campaign history at {} ({reason}). Check that the \
         folder exists and that you may write to it.", path.display()
    )]
    Unavailable { path: PathBuf, reason: String },

    /// Another Batchline window or program kept the file busy for too long.
    #[error(
        "The campaign history is busy (another Batchline may be open). Close other Batchline \
         windows and try again."
    )]
    Busy,

    /// Anything else the database reported; kept for support.
    #[error("Batchline couldn't read or save its campaign history ({0}). Try again; if it keeps happening, restart Batchline.")]
    Database(String),

    /// A campaign, part or draft that isn't in the store.
    #[error(
        "That {what} no longer exists in Batchline's history. Refresh the list and try again."
    )]
    NotFound { what: &'static str },

    /// A stored part whose recipients no longer match what was recorded when it was planned.
    #[error(
        "Part {part} of \"{campaign}\" was changed after it was prepared, so Batchline won't send \
         it. Set up the campaign again from its file."
    )]
    PayloadMismatch { campaign: String, part: u32 },

    /// A launch is already running for this store (in this process or another).
    #[error(
        "A campaign is already being started (in this window, another Batchline window or the \
         batchline command). Wait for it to finish, then try again."
    )]
    LaunchInProgress,

    /// The person didn't confirm the action, or confirmed it for fewer people than it would
    /// now reach; the message says what was not done and what to do.
    #[error("{0}")]
    NotConfirmed(String),

    /// The lock that keeps two launchers apart could not be taken.
    #[error(
        "Batchline couldn't lock its campaign folder ({detail}), so it won't start calls now. \
         Check that the folder {} is writable, then try again.", path.display()
    )]
    LaunchLock { path: PathBuf, detail: String },

    /// A page id the window sent that names no campaign and no batch.
    #[error("That campaign couldn't be found. Open it again from the Campaigns page.")]
    UnknownPage,

    /// Retry, cancel or export asked of a batch made outside Batchline.
    #[error(
        "This batch was made outside Batchline: retry, cancel or export it where it was made."
    )]
    MadeElsewhere,

    /// A results file could not be put together.
    #[error("Batchline couldn't write the results file ({0}). Try again.")]
    Export(String),

    /// Something the campaign's state or the value given doesn't allow (e.g. deleting a campaign
    /// whose calls are under way, an empty name); the message says why and what to do.
    #[error("{0}")]
    Refused(String),

    /// Cartesia refused or could not be reached; its message is already in plain words.
    #[error("{0}")]
    Api(#[from] cartesia::Error),
}

/// A Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Maps a database failure to what it means for the person, given the file concerned.
    pub(crate) fn from_sqlite(e: rusqlite::Error, path: &std::path::Path) -> Error {
        use rusqlite::ErrorCode as C;
        match &e {
            rusqlite::Error::SqliteFailure(f, msg) => match f.code {
                C::DiskFull => Error::DiskFull,
                C::NotADatabase | C::DatabaseCorrupt => Error::Corrupt {
                    path: path.to_path_buf(),
                },
                C::DatabaseBusy | C::DatabaseLocked => Error::Busy,
                C::ReadOnly | C::CannotOpen | C::PermissionDenied | C::SystemIoFailure => {
                    Error::Unavailable {
                        path: path.to_path_buf(),
                        reason: msg.clone().unwrap_or_else(|| f.to_string()),
                    }
                }
                _ => Error::Database(e.to_string()),
            },
            _ => Error::Database(e.to_string()),
        }
    }
}

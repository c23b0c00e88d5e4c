//! Exclusive locks on files beside the store, held by a process for as long as it needs them.
//!
//! The app, a second copy of it and the `batchline` command can all open the same data folder.
//! SQLite keeps their writes apart, but not their intentions: two launchers that each read
//! "part 2 not sent" would both send it. A lock taken with the operating system's file locking
//! (`flock` on Linux and macOS, `LockFileEx` on Windows) is released when the file is closed —
//! including when the process dies — so a crash never leaves a lock behind.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// An exclusive lock, released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
    path: PathBuf,
}

impl FolderLock {
    /// Takes the lock at `path` (creating the file), or `Ok(None)` when another holder has it.
    pub fn try_acquire(path: &Path) -> Result<Option<FolderLock>> {
        let lock_error = |e: std::io::Error| Error::LaunchLock {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(lock_error)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(lock_error)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(FolderLock {
                _file: file,
                path: path.to_path_buf(),
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(lock_error(e)),
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_released_on_drop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("x.lock");
        let first = FolderLock::try_acquire(&path).expect("lock").expect("free");
        assert!(
            FolderLock::try_acquire(&path).expect("lock").is_none(),
            "held by the first"
        );
        drop(first);
        assert!(FolderLock::try_acquire(&path).expect("lock").is_some());
    }
}

//! Saving a new file for the user the way a browser saves a download: never replacing a file
//! already there ("name.csv", else "name (2).csv"…), and never leaving half a file behind.
//!
//! The bytes go to a hidden temporary file in the same folder, are flushed to the disk, and only
//! then get their real name — by a hard link, which fails instead of replacing a file that took
//! the name meanwhile (on drives without hard links, such as FAT-formatted ones: by reserving the
//! name and renaming onto the reservation). Whatever fails on the way (a full disk, a pulled drive,
//! the source itself), the temporary file is removed and nothing appears under the real name.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file wasn't saved, in words for the person who asked for it.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("Your disk is full, so \"{file}\" wasn't saved. Free some space and try again.")]
    DiskFull { file: String },
    #[error(
        "Batchline isn't allowed to save files in {}, so \"{file}\" wasn't saved. Check that \
         you can write in that folder and that the disk isn't read-only.",
        .folder.display()
    )]
    NotAllowed { file: String, folder: PathBuf },
    #[error(
        "{} already holds too many files named like \"{file}\". Move or delete some of them and \
         try again.",
        .folder.display()
    )]
    TooManyNamesakes { file: String, folder: PathBuf },
    #[error(
        "\"{file}\" couldn't be saved in {} ({source}). Check that the folder exists and has \
         free space.",
        .folder.display()
    )]
    Other {
        file: String,
        folder: PathBuf,
        source: io::Error,
    },
}

impl SaveError {
    fn new(file: &str, folder: &Path, e: io::Error) -> SaveError {
        let file = file.to_string();
        let folder = folder.to_path_buf();
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SaveError::DiskFull { file },
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                SaveError::NotAllowed { file, folder }
            }
            _ => SaveError::Other {
                file,
                folder,
                source: e,
            },
        }
    }
}

/// Writes everything `source` gives as a new file in `folder` (made if missing) named after
/// `name` — "name.csv", else "name (2).csv", "name (3).csv"… — and returns its path. The name is
/// made safe for every OS first. The file appears only once it is complete and on the disk.
pub fn save_new_file<R: Read>(folder: &Path, name: &str, source: R) -> Result<PathBuf, SaveError> {
    save_through(folder, name, source, |file| file)
}

/// Where the bytes go before they have their name: the temporary file itself, or (in tests) a
/// wrapper around it that fails the way a disk does.
trait Sink: Write {
    /// Waits until the bytes are on the disk.
    fn sync(&mut self) -> io::Result<()>;
}

impl Sink for File {
    fn sync(&mut self) -> io::Result<()> {
        self.sync_all()
    }
}

/// Removes the temporary file on every way out. After a hard link it is only the second name of
/// the saved file; after a rename it is gone already.
struct Temporary(PathBuf);

impl Drop for Temporary {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

fn save_through<R: Read, S: Sink>(
    folder: &Path,
    name: &str,
    mut source: R,
    sink: impl FnOnce(File) -> S,
) -> Result<PathBuf, SaveError> {
    let name = safe_name(name);
    let fail = |e| SaveError::new(&name, folder, e);
    fs::create_dir_all(folder).map_err(fail)?;
    let (temporary, file) = create_temporary(folder, &name).map_err(fail)?;
    let temporary = Temporary(temporary);
    {
        let mut out = sink(file);
        io::copy(&mut source, &mut out).map_err(fail)?;
        out.flush().map_err(fail)?;
        out.sync().map_err(fail)?;
    }
    let saved = publish(&temporary.0, folder, &name).map_err(fail)?;
    sync_folder(folder);
    Ok(saved)
}

/// A hidden file next to where the real one will be, unique to this save.
fn create_temporary(folder: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(format!(".{name}.{}-{n}.part", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Gives the finished temporary file the first free name, never replacing a file.
fn publish(temporary: &Path, folder: &Path, name: &str) -> io::Result<PathBuf> {
    let (base, ext) = match name.rsplit_once('.') {
        Some((b, e)) if !b.is_empty() => (b, format!(".{e}")),
        _ => (name, String::new()),
    };
    for n in 1..10_000 {
        let candidate = if n == 1 {
            folder.join(format!("{base}{ext}"))
        } else {
            folder.join(format!("{base} ({n}){ext}"))
        };
        match fs::hard_link(temporary, &candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(_) => {}
        }
        // No hard links here: reserve the name, then move the file onto the reservation.
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
        return match fs::rename(temporary, &candidate) {
            Ok(()) => Ok(candidate),
            Err(e) => {
                let _ = fs::remove_file(&candidate);
                Err(e)
            }
        };
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        "too many namesakes",
    ))
}

/// Makes the new name itself survive a power cut. Best effort: not every system can.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Keeps a name usable on every OS: no separators, characters Windows refuses or control
/// characters, no leading dot, and at most 150 bytes so the longer names made from it fit.
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
        return "Batchline file".into();
    }
    let mut end = trimmed.len().min(150);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    trimmed[..end].trim_end().to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The temporary file, failing like a full disk once `room` bytes are written.
    struct FullAfter {
        file: File,
        room: usize,
    }

    impl Write for FullAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(ErrorKind::StorageFull.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.file.write(&buf[..n])
        }
        fn flush(&mut self) -> io::Result<()> {
            self.file.flush()
        }
    }

    impl Sink for FullAfter {
        fn sync(&mut self) -> io::Result<()> {
            self.file.sync_all()
        }
    }

    /// A source that breaks after `left` bytes.
    struct BreaksAfter {
        left: usize,
    }

    impl Read for BreaksAfter {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::other("the connection dropped"));
            }
            let n = buf.len().min(self.left);
            buf[..n].fill(b'x');
            self.left -= n;
            Ok(n)
        }
    }

    #[test]
    fn a_disk_that_fills_up_midway_leaves_no_file_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = vec![b'x'; 100_000];
        let err = save_through(dir.path(), "spring results.csv", &bytes[..], |file| {
            FullAfter { file, room: 40_000 }
        })
        .unwrap_err();
        assert!(matches!(err, SaveError::DiskFull { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "Your disk is full, so \"spring results.csv\" wasn't saved. Free some space and try \
             again."
        );
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_source_that_breaks_midway_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = save_new_file(dir.path(), "a.csv", BreaksAfter { left: 20_000 }).unwrap_err();
        assert!(err.to_string().contains("the connection dropped"), "{err}");
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_failed_save_leaves_the_files_already_there_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.csv"), b"yesterday").unwrap();
        let err = save_through(dir.path(), "a.csv", &[b'x'; 10][..], |file| FullAfter {
            file,
            room: 3,
        });
        assert!(err.is_err());
        assert_eq!(names(dir.path()), vec!["a.csv"]);
        assert_eq!(fs::read(dir.path().join("a.csv")).unwrap(), b"yesterday");
    }

    #[test]
    fn never_overwrites_and_keeps_names_safe() {
        let dir = tempfile::tempdir().unwrap();
        let a = save_new_file(dir.path(), "leads problems.csv", &b"a"[..]).unwrap();
        let b = save_new_file(dir.path(), "leads problems.csv", &b"b"[..]).unwrap();
        assert_eq!(a.file_name().unwrap(), "leads problems.csv");
        assert_eq!(b.file_name().unwrap(), "leads problems (2).csv");
        assert_eq!(fs::read(&a).unwrap(), b"a");
        assert_eq!(fs::read(&b).unwrap(), b"b");
        let odd = save_new_file(dir.path(), "../a/b:c\u{1b}.csv", &b"c"[..]).unwrap();
        assert_eq!(odd.parent().unwrap(), dir.path());
        assert_eq!(odd.file_name().unwrap(), "-a-b-c-.csv");
        let hidden = save_new_file(dir.path(), "...", &b""[..]).unwrap();
        assert_eq!(hidden.file_name().unwrap(), "Batchline file");
        assert_eq!(
            names(dir.path()),
            vec![
                "-a-b-c-.csv",
                "Batchline file",
                "leads problems (2).csv",
                "leads problems.csv"
            ]
        );
    }

    #[test]
    fn long_names_are_cut_on_a_character_and_fit_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let long = format!("{}.csv", "山".repeat(200));
        let saved = save_new_file(dir.path(), &long, &b"x"[..]).unwrap();
        let name = saved.file_name().unwrap().to_str().unwrap();
        assert!(name.len() <= 150 && name.starts_with('山'), "{name}");
        assert_eq!(fs::read(&saved).unwrap(), b"x");
    }

    /// The real thing where the test may mount a 64 KiB RAM disk (root on Linux); skipped
    /// elsewhere, where the injected failure above stands in for it.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_really_full_disk_leaves_no_file() {
        struct Mounted(PathBuf);
        impl Drop for Mounted {
            fn drop(&mut self) {
                let _ = std::process::Command::new("umount").arg(&self.0).status();
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: can't mount a small RAM disk here");
            return;
        }
        let disk = Mounted(dir.path().to_path_buf());
        let err = save_new_file(&disk.0, "big.csv", &vec![b'x'; 256 * 1024][..]).unwrap_err();
        assert!(matches!(err, SaveError::DiskFull { .. }), "{err:?}");
        assert_eq!(names(&disk.0), Vec::<String>::new());
        let small = save_new_file(&disk.0, "big.csv", &b"fits"[..]).unwrap();
        assert_eq!(fs::read(small).unwrap(), b"fits");
    }
}

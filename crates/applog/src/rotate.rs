//! A log file that never grows past its cap: when the next record would overflow it, the file
//! becomes `NAME.1.log`, older ones move up (`NAME.2.log`, …) and the oldest beyond `keep` is
//! deleted. Old files keep the `.log` extension so a double-click opens them as text.
//!
//! Each record (one formatted event) is written whole to one file, never split across two.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use tracing_subscriber::fmt::MakeWriter;

/// The current log file and what is left of its room.
#[derive(Debug)]
pub struct RotatingFile {
    dir: PathBuf,
    stem: String,
    max_bytes: u64,
    keep: usize,
    current: Mutex<Current>,
}

#[derive(Debug)]
struct Current {
    file: Option<File>,
    size: u64,
}

impl RotatingFile {
    /// Opens (or creates, with its folder) `dir/STEM.log` for appending. The file holds at most
    /// `max_bytes` (a single record larger than that gets a file of its own), and `keep` older
    /// files are kept beside it.
    pub fn open(dir: &Path, stem: &str, max_bytes: u64, keep: usize) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let this = Self {
            dir: dir.to_owned(),
            stem: stem.to_owned(),
            max_bytes,
            keep,
            current: Mutex::new(Current {
                file: None,
                size: 0,
            }),
        };
        let file = this.open_current()?;
        let size = file.metadata()?.len();
        *this.lock() = Current {
            file: Some(file),
            size,
        };
        Ok(this)
    }

    /// The file being written now.
    pub fn path(&self) -> PathBuf {
        self.numbered(0)
    }

    /// The folder the log files are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `STEM.log` for 0, `STEM.N.log` for the Nth older file.
    fn numbered(&self, n: usize) -> PathBuf {
        match n {
            0 => self.dir.join(format!("{}.log", self.stem)),
            n => self.dir.join(format!("{}.{n}.log", self.stem)),
        }
    }

    fn open_current(&self) -> io::Result<File> {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path())
    }

    fn lock(&self) -> MutexGuard<'_, Current> {
        // A panic while holding the lock leaves nothing half-done worth refusing to log over.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes one record whole, moving to a fresh file first if it would not fit.
    pub fn write_record(&self, record: &[u8]) -> io::Result<()> {
        let mut current = self.lock();
        let len = record.len() as u64;
        if current.size > 0 && current.size.saturating_add(len) > self.max_bytes {
            self.rotate(&mut current);
        }
        let file = match &mut current.file {
            Some(file) => file,
            None => current.file.insert(self.open_current()?),
        };
        file.write_all(record)?;
        current.size = current.size.saturating_add(len);
        Ok(())
    }

    /// Shifts the files up by one and starts an empty current file. If the current file can't
    /// be moved aside (another program holds it open on Windows, say), it is emptied instead:
    /// the cap on disk use holds either way.
    fn rotate(&self, current: &mut Current) {
        // Closed first: Windows won't rename an open file.
        current.file = None;
        current.size = 0;
        if self.keep > 0 {
            // If this fails part-way, the truncation below still empties the current file.
            let _ = self.shift_old_files();
        }
        current.file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(self.path())
            .ok();
    }

    fn shift_old_files(&self) -> io::Result<()> {
        match fs::remove_file(self.numbered(self.keep)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        for n in (1..self.keep).rev() {
            match fs::rename(self.numbered(n), self.numbered(n + 1)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        fs::rename(self.path(), self.numbered(1))
    }
}

/// What `tracing-subscriber`'s formatter writes one event through: it formats the whole event
/// first and hands it over in one `write_all`, so one call here is one record.
#[derive(Debug)]
pub struct RecordWriter<'a>(&'a RotatingFile);

impl Write for RecordWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_record(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for RotatingFile {
    type Writer = RecordWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        RecordWriter(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_default()
    }

    /// Writes `count` records `record NNN xx…x\n`, each `len` bytes long.
    fn write_records(log: &RotatingFile, count: usize, len: usize) {
        for i in 0..count {
            let record = format!("record {i:03} {}\n", "x".repeat(len - 12));
            log.write_record(record.as_bytes()).expect("write");
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn creates_its_folder_and_appends_across_restarts() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("logs").join("deeper");
        let log = RotatingFile::open(&dir, "batchline", 1024, 3).expect("open");
        log.write_record(b"first run\n").expect("write");
        drop(log);
        let log = RotatingFile::open(&dir, "batchline", 1024, 3).expect("reopen");
        log.write_record(b"second run\n").expect("write");
        assert_eq!(read(&dir.join("batchline.log")), "first run\nsecond run\n");
        assert_eq!(names(&dir), ["batchline.log"]);
    }

    #[test]
    fn a_full_file_moves_aside_and_records_are_never_split() {
        let tmp = tempfile::tempdir().expect("tmp");
        let log = RotatingFile::open(tmp.path(), "batchline", 100, 3).expect("open");
        // 30 bytes each: three fit in 100, the fourth starts a new file.
        write_records(&log, 5, 30);
        let old = read(&tmp.path().join("batchline.1.log"));
        let new = read(&tmp.path().join("batchline.log"));
        assert_eq!(old.lines().count(), 3, "{old}");
        assert!(
            old.starts_with("record 000") && old.ends_with('\n'),
            "{old}"
        );
        assert_eq!(new.lines().count(), 2, "{new}");
        assert!(new.starts_with("record 003"), "{new}");
        assert!(old.len() <= 100 && new.len() <= 100);
    }

    #[test]
    fn keeps_only_the_newest_old_files_and_the_total_stays_capped() {
        let tmp = tempfile::tempdir().expect("tmp");
        let log = RotatingFile::open(tmp.path(), "batchline", 100, 3).expect("open");
        write_records(&log, 200, 32);
        assert_eq!(
            names(tmp.path()),
            [
                "batchline.1.log",
                "batchline.2.log",
                "batchline.3.log",
                "batchline.log"
            ]
        );
        let total: u64 = names(tmp.path())
            .iter()
            .map(|n| fs::metadata(tmp.path().join(n)).expect("meta").len())
            .sum();
        assert!(total <= 400, "{total} bytes on disk");
        // The newest record is in the current file, the ones before it in order behind it.
        assert!(read(&log.path()).contains("record 199"));
        let oldest = read(&tmp.path().join("batchline.3.log"));
        let older = read(&tmp.path().join("batchline.2.log"));
        assert!(oldest < older, "{oldest} / {older}");
    }

    #[test]
    fn with_nothing_to_keep_the_file_is_emptied_instead() {
        let tmp = tempfile::tempdir().expect("tmp");
        let log = RotatingFile::open(tmp.path(), "app", 20, 0).expect("open");
        log.write_record(b"0123456789\n").expect("write");
        log.write_record(b"abcdefghij\n").expect("write");
        assert_eq!(names(tmp.path()), ["app.log"]);
        assert_eq!(read(&log.path()), "abcdefghij\n");
    }

    #[test]
    fn a_record_larger_than_the_cap_gets_a_file_of_its_own() {
        let tmp = tempfile::tempdir().expect("tmp");
        let log = RotatingFile::open(tmp.path(), "app", 10, 2).expect("open");
        log.write_record(b"short\n").expect("write");
        log.write_record(b"a very long record indeed\n")
            .expect("write");
        log.write_record(b"next\n").expect("write");
        assert_eq!(read(&tmp.path().join("app.2.log")), "short\n");
        assert_eq!(
            read(&tmp.path().join("app.1.log")),
            "a very long record indeed\n"
        );
        assert_eq!(read(&log.path()), "next\n");
    }

    #[test]
    fn a_file_deleted_while_open_is_not_an_error() {
        let tmp = tempfile::tempdir().expect("tmp");
        let log = RotatingFile::open(tmp.path(), "app", 10, 1).expect("open");
        log.write_record(b"one\n").expect("write");
        fs::remove_file(log.path()).expect("someone clears the folder");
        log.write_record(b"two two two\n")
            .expect("write after deletion");
        log.write_record(b"three\n").expect("write after rotation");
        assert_eq!(read(&log.path()), "three\n");
    }
}

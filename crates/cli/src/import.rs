//! `batchline import`: reads a recipient list the way the app will and says what can be called.
//!
//! Exit status 0 means the file was read (even if some rows were rejected — they are listed);
//! a file with no list in it exits 1 with one line on stderr saying why.

use crate::out::{self, clean, Failure};
use clap::Args;
use recipients::{Country, ImportOptions, ImportReport, SuppressionList};
use std::path::{Path, PathBuf};

/// Which file to read, and how: the options `batchline import` and `batchline campaign launch`
/// share, so both read a list exactly as the app does.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The file to read (CSV, TSV, TXT, XLSX, XLS or ODS).
    pub file: PathBuf,
    /// Country for numbers written without +, as a two-letter code.
    #[arg(long, default_value = "US", value_name = "CC")]
    pub country: String,
    /// The column that holds phone numbers (detected when left out).
    #[arg(long, value_name = "NAME")]
    pub phone_column: Option<String>,
    /// The first row is a recipient, not column names.
    #[arg(long)]
    pub no_header: bool,
    /// The sheet to read from a workbook (the first one with data when left out).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// A do-not-call list: numbers in it are left out.
    #[arg(long, value_name = "FILE")]
    pub suppress: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Print the full report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How many rows of each kind the human summary lists before saying "and N more".
const LISTED: usize = 10;

/// A recipient file as read: its name (not its path), its bytes, and what the import made of it.
#[derive(Debug)]
pub(crate) struct ReadList {
    pub name: String,
    pub bytes: Vec<u8>,
    pub report: ImportReport,
}

impl ReadList {
    /// Says on stderr how many rows are left out, and how to see which and why.
    pub(crate) fn note_left_out(&self, path: &Path) {
        let r = &self.report;
        let left_out = r.rejected.len() + r.duplicates.len() + r.suppressed.len();
        if left_out > 0 {
            out::note(&format!(
                "{left_out} of the {} rows of {} are left out (unusable numbers, repeats or \
                 numbers on the do-not-call list). Run `batchline import {}` to see which and why.",
                r.rows,
                clean(&self.name),
                clean(&path.display().to_string())
            ));
        }
    }
}

/// Reads a recipient list (and its do-not-call list) the way the app does.
pub(crate) fn read_list(args: &ReadArgs) -> Result<ReadList, String> {
    let bytes = read(&args.file)?;
    list_from(args, bytes)
}

/// Imports the bytes of `args.file`, already read, as [`read_list`] does.
pub(crate) fn list_from(args: &ReadArgs, bytes: Vec<u8>) -> Result<ReadList, String> {
    let country = Country::from_code(&args.country).map_err(|e| e.to_string())?;
    let suppression = match &args.suppress {
        Some(path) => {
            let bytes = read(path)?;
            let list = SuppressionList::from_file(&bytes, &display_name(path), country)
                .map_err(|e| format!("Do-not-call list: {e}"))?;
            Some(list)
        }
        None => None,
    };
    let options = ImportOptions {
        country,
        phone_column: args.phone_column.clone(),
        no_header: args.no_header,
        sheet: args.sheet.clone(),
        suppression,
        ..ImportOptions::default()
    };
    let name = display_name(&args.file);
    let report = recipients::import(&bytes, &name, &options).map_err(|e| e.to_string())?;
    Ok(ReadList {
        name,
        bytes,
        report,
    })
}

pub(crate) fn run(args: ImportArgs) -> Result<(), Failure> {
    let report = read_list(&args.read)?.report;
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| format!("Could not write the report: {e}"))?;
        out::json(&json)?;
    } else {
        out::text(&summary(&report))?;
    }
    Ok(())
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if path.is_dir() => "it is a folder, not a file".to_string(),
            _ => e.to_string(),
        };
        format!("Could not read {}: {why}.", path.display())
    })
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn summary(report: &ImportReport) -> String {
    let mut out = String::new();
    let format = serde_json::to_value(report.format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_uppercase))
        .unwrap_or_default();
    out.push_str(&format!(
        "{}: {} ({}), {}, phone numbers in \"{}\"\n",
        clean(&report.file),
        format,
        clean(&report.encoding),
        plural(report.rows as usize, "row", "rows"),
        clean(&report.phone_column)
    ));
    out.push_str(&format!(
        "  {} ready to call{}\n",
        plural(report.recipients.len(), "recipient", "recipients"),
        if report.batches > 1 {
            format!(" (in {} parts of at most 5,000)", report.batches)
        } else {
            String::new()
        }
    ));
    if !report.rejected.is_empty() {
        out.push_str(&format!(
            "  {} that can't be called:\n",
            plural(report.rejected.len(), "row", "rows")
        ));
        for r in report.rejected.iter().take(LISTED) {
            out.push_str(&format!(
                "    row {}: \"{}\" — {}\n",
                r.row,
                clean(&r.value),
                clean(&r.reason)
            ));
        }
        more(&mut out, report.rejected.len());
    }
    if !report.duplicates.is_empty() {
        out.push_str(&format!(
            "  {} left out (same number as an earlier row):\n",
            plural(report.duplicates.len(), "duplicate", "duplicates")
        ));
        for d in report.duplicates.iter().take(LISTED) {
            out.push_str(&format!(
                "    row {}: {} is already in row {}\n",
                d.row,
                clean(&d.to_number),
                d.first_row
            ));
        }
        more(&mut out, report.duplicates.len());
    }
    if !report.suppressed.is_empty() {
        out.push_str(&format!(
            "  {} on the do-not-call list, left out:\n",
            plural(report.suppressed.len(), "row", "rows")
        ));
        for s in report.suppressed.iter().take(LISTED) {
            out.push_str(&format!("    row {}: {}\n", s.row, clean(&s.to_number)));
        }
        more(&mut out, report.suppressed.len());
    }
    out
}

fn more(out: &mut String, total: usize) {
    if total > LISTED {
        out.push_str(&format!("    … and {} more\n", total - LISTED));
    }
}

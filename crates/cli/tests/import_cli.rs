//! `batchline import` as a person runs it: the built binary, real files, exit codes and output.

#![allow(clippy::unwrap_used)] // test helpers build fixtures; a failure there is a test failure

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file in a fresh folder of its own, removed when the test ends.
struct TempFile {
    dir: PathBuf,
    path: PathBuf,
}

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "batchline-import-cli-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        TempFile { dir, path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn batchline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_batchline"))
        .args(args)
        .output()
        .unwrap()
}

const LEADS: &str = "First Name,Phone Number,Account\n\
José,(415) 555-2671,00123\n\
Ann,N/A,00124\n\
Bob,1-415-555-2671,00125\n\
Cy,212 555 0142,00126\n";

#[test]
fn json_report_has_the_promised_shape() {
    let f = TempFile::new("leads.csv", LEADS.as_bytes());
    let out = batchline(&["import", f.path.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["recipients"],
        serde_json::json!([
            {"row": 2, "to_number": "+14155552671", "metadata": {"First Name": "José", "Account": "00123"}},
            {"row": 5, "to_number": "+12125550142", "metadata": {"First Name": "Cy", "Account": "00126"}}
        ])
    );
    assert_eq!(json["file"], "leads.csv");
    assert_eq!(json["format"], "csv");
    assert_eq!(json["encoding"], "utf-8");
    assert_eq!(json["phone_column"], "Phone Number");
    assert_eq!(json["rows"], 4);
    assert_eq!(json["rejected"][0]["row"], 3);
    assert_eq!(json["rejected"][0]["value"], "N/A");
    assert_eq!(json["rejected"][0]["reason"], "not a phone number");
    assert_eq!(
        json["duplicates"],
        serde_json::json!([{"row": 4, "value": "1-415-555-2671", "to_number": "+14155552671", "first_row": 2}])
    );
    assert_eq!(json["suppressed"], serde_json::json!([]));
    assert_eq!(json["batches"], 1);
}

#[test]
fn human_summary_names_each_problem_row() {
    let f = TempFile::new("leads.csv", LEADS.as_bytes());
    let out = batchline(&["import", f.path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("leads.csv: CSV (utf-8), 4 rows, phone numbers in \"Phone Number\"\n"),
        "{text}"
    );
    assert!(text.contains("2 recipients ready to call"), "{text}");
    assert!(
        text.contains("row 3: \"N/A\" — not a phone number"),
        "{text}"
    );
    assert!(
        text.contains("row 4: +14155552671 is already in row 2"),
        "{text}"
    );
}

#[test]
fn options_country_column_header_and_do_not_call() {
    let list = TempFile::new("liste.tsv", "030 901820\tA\n040 428280\tB\n".as_bytes());
    let dnc = TempFile::new("dnc.csv", b"phone\n+49 40 428280\n");
    let out = batchline(&[
        "import",
        list.path.to_str().unwrap(),
        "--country",
        "DE",
        "--no-header",
        "--phone-column",
        "column 1",
        "--suppress",
        dnc.path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["recipients"][0]["to_number"], "+4930901820");
    assert_eq!(json["recipients"][0]["row"], 1);
    assert_eq!(
        json["suppressed"],
        serde_json::json!([{"row": 2, "value": "040 428280", "to_number": "+4940428280"}])
    );
}

fn fails_with(bytes: &[u8], name: &str, extra: &[&str], expected: &str) {
    let f = TempFile::new(name, bytes);
    let mut args = vec!["import", f.path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = batchline(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.trim_end(), expected);
}

#[test]
fn no_list_exits_1_with_one_line() {
    fails_with(
        b"",
        "empty.csv",
        &[],
        "empty.csv is empty — there is nothing to import. Check that you exported the right file.",
    );
    fails_with(
        b"Name,Phone\n",
        "head.csv",
        &["--json"],
        "head.csv has a header row but no recipients under it. Check that you exported the rows, \
         not only the column names.",
    );
    fails_with(
        b"%PDF-1.4\n\x00\x01binary",
        "list.csv",
        &[],
        "list.csv is not a spreadsheet or CSV file (it looks like a PDF document). Export your \
         list from Excel or your CRM as CSV or XLSX and try again.",
    );
    fails_with(
        b"Name,City\nAnn,Paris\n",
        "people.csv",
        &[],
        "No column in people.csv looks like phone numbers. Columns found: Name, City. Choose the \
         phone column by name.",
    );
    fails_with(
        LEADS.as_bytes(),
        "leads.csv",
        &["--country", "Narnia"],
        "\"Narnia\" is not a country code this app knows. Use a two-letter code such as US, GB or DE.",
    );
}

#[test]
fn missing_file_exits_1() {
    let out = batchline(&["import", "/nonexistent/leads.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap().trim_end(),
        "Could not read /nonexistent/leads.csv: there is no such file."
    );
}

#[test]
fn cells_cannot_steer_the_terminal() {
    // A few control characters among ordinary rows (more, and the file reads as binary).
    let mut csv = "Name,Phone\u{1b}[8m\n".to_string();
    for i in 0..8 {
        csv.push_str(&format!("Ann Example,+1 415 555 010{i}\n"));
    }
    csv.push_str("Bob,\u{1b}]0;owned\u{7}555\u{9b}1m\u{202e}\n");
    let f = TempFile::new("leads.csv", csv.as_bytes());
    let out = batchline(&["import", f.path.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        !text.chars().any(|c| (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
        "{text:?}"
    );
    assert!(text.contains("\"Phone␛[8m\""), "{text}");
    assert!(text.contains("row 10: \"␛]0;owned␇555"), "{text}");
}

#[test]
fn a_summary_into_a_closed_pipe_ends_quietly() {
    let f = TempFile::new("leads.csv", LEADS.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_batchline"))
        .args(["import", f.path.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {err}", out.status);
    assert_eq!(err, "");
}

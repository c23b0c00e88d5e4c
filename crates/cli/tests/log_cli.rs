//! The `batchline` command's log: the core crates' warnings reach standard error, and nothing
//! else is added to the command's output unless `BATCHLINE_LOG` asks for it.

#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use std::process::{Command, Output};

fn import(log_levels: Option<&str>) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    std::fs::write(&file, "Name,Phone\nAda,(415) 555-2671\n").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_batchline"));
    command.arg("import").arg(&file).arg("--json");
    command.env_remove("BATCHLINE_LOG").env_remove("RUST_LOG");
    if let Some(levels) = log_levels {
        command.env("BATCHLINE_LOG", levels);
    }
    command.output().unwrap()
}

#[test]
fn a_warning_reaches_standard_error_and_leaves_standard_output_alone() {
    let quiet = import(None);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "", "nothing logged");

    // Levels that can't be read: the log says so, as a warning, on standard error.
    let warned = import(Some("campaign=loud"));
    assert!(warned.status.success());
    let stderr = String::from_utf8_lossy(&warned.stderr);
    assert!(stderr.contains("WARN"), "{stderr}");
    assert!(
        stderr.contains("BATCHLINE_LOG: the log levels \"campaign=loud\" could not be read"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "no colours into a pipe: {stderr:?}"
    );
    assert_eq!(warned.stdout, quiet.stdout, "the report is untouched");
    let report: serde_json::Value = serde_json::from_slice(&warned.stdout).unwrap();
    assert_eq!(report["recipients"][0]["to_number"], "+14155552671");
}

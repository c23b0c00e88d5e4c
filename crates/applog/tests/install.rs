//! The process-wide subscriber, installed in a test binary of its own: a process has only one, and
//! the scoped subscribers of the unit tests must never race with it for tracing's callsite cache.

/// The one test that installs the process-wide subscriber (a process has only one).
#[test]
fn install_writes_events_and_log_records_to_the_file_once_per_process() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = applog::install(
        &tmp.path().join("logs"),
        applog::Options {
            stderr: false,
            levels: Some("campaign=debug"),
        },
    )
    .expect("installed");
    assert_eq!(path, tmp.path().join("logs").join("batchline.log"));
    tracing::info!(target: "campaign::launch", "a launch started");
    tracing::debug!(target: "campaign::launch", "some detail");
    tracing::info!(target: "zbus", "dependency chatter");
    let text = std::fs::read_to_string(&path).expect("log file");
    assert!(
        text.contains("INFO campaign::launch: a launch started"),
        "{text}"
    );
    assert!(text.contains("some detail"), "{text}");
    assert!(!text.contains("dependency chatter"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes in the file: {text:?}"
    );

    let again = applog::install(tmp.path(), applog::Options::default());
    assert!(
        matches!(again, Err(applog::InstallError::AlreadyInstalled)),
        "{again:?}"
    );
}

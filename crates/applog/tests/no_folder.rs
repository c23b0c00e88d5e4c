//! A log folder that can't be written: the app still gets a log (on standard error) and is told
//! why there is no file. Its own test binary, since a process has only one subscriber.

#[test]
fn an_unwritable_folder_falls_back_to_standard_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let in_the_way = tmp.path().join("a file");
    std::fs::write(&in_the_way, "not a folder").expect("file");
    let result = applog::install(&in_the_way.join("logs"), applog::Options::default());
    let error = result.expect_err("no file");
    assert!(error.to_string().contains("can't be written"), "{error}");
    // Logging is in place all the same.
    assert!(tracing::dispatcher::has_been_set());
}

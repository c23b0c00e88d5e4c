//! `batchline batches|calls|agents|numbers` as a person runs them: the built binary against a
//! sandbox started by the test on loopback, the key passed only through the environment.

#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Run {
    base: String,
    key: String,
}

impl Run {
    /// Runs the binary off the async runtime, so the sandbox keeps serving meanwhile.
    async fn cmd(&self, args: &[&str]) -> Output {
        self.cmd_with_key(args, Some(&self.key)).await
    }

    async fn cmd_with_key(&self, args: &[&str], key: Option<&str>) -> Output {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let base = self.base.clone();
        let key = key.map(str::to_string);
        tokio::task::spawn_blocking(move || {
            let mut c = Command::new(env!("CARGO_BIN_EXE_batchline"));
            c.args(&args)
                .env("CARTESIA_BASE_URL", base)
                .env_remove("CARTESIA_API_KEY");
            if let Some(k) = key {
                c.env("CARTESIA_API_KEY", k);
            }
            c.output().unwrap()
        })
        .await
        .unwrap()
    }

    async fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd(args).await;
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a file for one test under Cargo's scratch folder for integration tests.
fn file(name: &str, bytes: &[u8]) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "remote-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

async fn sandbox(speed: f64) -> (sandbox::Sandbox, Run) {
    let sb = sandbox::start(sandbox::SandboxConfig {
        speed,
        seed: 5,
        ..sandbox::SandboxConfig::default()
    })
    .await
    .unwrap();
    let run = Run {
        base: sb.base_url(),
        key: sb.api_key().to_string(),
    };
    (sb, run)
}

async fn agent_and_number(run: &Run) -> (String, String) {
    let agents = run.json(&["agents", "list", "--json"]).await;
    (
        agents[0]["id"].as_str().unwrap().to_string(),
        agents[0]["phone_numbers"][0]["id"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spreadsheet_becomes_a_batch_that_can_be_followed_retried_and_cancelled() {
    let (sb, run) = sandbox(3000.0).await;
    let (agent, number) = agent_and_number(&run).await;

    let agents = run.cmd(&["agents", "list"]).await;
    assert!(
        stdout(&agents).contains("Appointment reminder"),
        "{}",
        stdout(&agents)
    );
    let numbers = run.cmd(&["numbers", "list"]).await;
    assert!(
        stdout(&numbers).contains("Spare number"),
        "{}",
        stdout(&numbers)
    );

    let csv = file(
        "leads.csv",
        b"name,phone\nAnn,(415) 555-0100\nBob,415 555 0002\nBad,555-12\nCy,+1 415 555 0103\n",
    );
    let out = run
        .cmd(&[
            "batches",
            "create",
            "--name",
            "Spring",
            "--agent",
            &agent,
            "--from",
            &number,
            "--recipients",
            &csv,
            "--concurrency",
            "2",
            "--json",
        ])
        .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 of the 4 rows"), "{}", stderr(&out));
    let created: Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &created.as_array().unwrap()[0];
    assert_eq!(b["name"], "Spring");
    assert_eq!(b["total_calls_scheduled"], 3);
    assert_eq!(b["target_concurrency_limit"], 2);
    let id = b["id"].as_str().unwrap().to_string();

    let listed = run
        .json(&["batches", "list", "--agent", &agent, "--json"])
        .await;
    assert_eq!(listed[0]["id"], id.as_str());
    let human = run.cmd(&["batches", "list"]).await;
    assert!(stdout(&human).contains("Spring"), "{}", stdout(&human));

    // Wait (bounded) for every call to end, through the CLI itself.
    let mut got = Value::Null;
    for _ in 0..500 {
        got = run.json(&["batches", "get", &id, "--json"]).await;
        if got["total_calls_finished"] == got["total_calls_scheduled"] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let rs = got["recipients"].as_array().unwrap();
    assert_eq!(rs.len(), 3);
    assert_eq!(rs[1]["to_number"], "+14155550002");
    assert_eq!(
        rs[1]["end_reason"], "dial_no_answer",
        "numbers ending 0002 never answer"
    );
    assert_eq!(rs[0]["metadata"]["name"], "Ann");
    let shown = run.cmd(&["batches", "get", &id]).await;
    assert!(
        stdout(&shown).contains("failed (dial_no_answer)"),
        "{}",
        stdout(&shown)
    );

    let call_id = rs
        .iter()
        .find_map(|r| r["agent_call_id"].as_str())
        .unwrap()
        .to_string();
    let call = run.json(&["calls", "get", &call_id, "--json"]).await;
    assert_eq!(call["id"], call_id.as_str());
    let call_text = run.cmd(&["calls", "get", &call_id]).await;
    assert!(
        stdout(&call_text).contains("To +1415555"),
        "{}",
        stdout(&call_text)
    );

    let retried = run.cmd(&["batches", "retry", &id]).await;
    assert!(retried.status.success(), "{}", stderr(&retried));
    assert!(stdout(&retried).contains("retry 1"), "{}", stdout(&retried));
    let cancelled = run.cmd(&["batches", "cancel", &id]).await;
    assert!(cancelled.status.success(), "{}", stderr(&cancelled));
    assert!(stdout(&cancelled).contains("is cancelled"));
    let refused = run.cmd(&["batches", "retry", &id]).await;
    assert!(!refused.status.success());
    let err = stderr(&refused);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("can't be retried"), "{err}");
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_five_thousand_recipients_become_named_parts() {
    let (sb, run) = sandbox(1.0).await;
    let (agent, number) = agent_and_number(&run).await;
    let list: Vec<Value> = (0..5_001)
        .map(|i| serde_json::json!({"to_number": format!("+1415{:07}", 5_000_000 + i), "metadata": {"i": i}}))
        .collect();
    let list = file(
        "list.json",
        serde_json::to_string(&list).unwrap().as_bytes(),
    );
    let create = |extra: &'static [&'static str]| {
        let mut args = vec![
            "batches",
            "create",
            "--name",
            "Big",
            "--agent",
            &agent,
            "--from",
            &number,
            "--recipients",
            &list,
        ];
        args.extend_from_slice(extra);
        let run = &run;
        async move { run.cmd(&args).await }
    };
    // 2099 is more than 30 days ahead: refused, named clearly, nothing created.
    let out = create(&["--at", "2099-01-01T09:00:00-05:00"]).await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("30 days"), "{}", stderr(&out));
    assert_eq!(
        run.json(&["batches", "list", "--json"]).await,
        serde_json::json!([])
    );

    let out = create(&[]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("\"Big (part 1 of 2)\": 5000 recipients"),
        "{text}"
    );
    assert!(
        text.contains("\"Big (part 2 of 2)\": 1 recipients"),
        "{text}"
    );
    let all = run.json(&["batches", "list", "--json"]).await;
    let names: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Big (part 2 of 2)", "Big (part 1 of 2)"]);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_and_address_problems_are_one_clear_line() {
    let (sb, run) = sandbox(1.0).await;
    let no_key = run.cmd_with_key(&["agents", "list"], None).await;
    assert!(!no_key.status.success());
    assert!(
        stderr(&no_key).contains("CARTESIA_API_KEY"),
        "{}",
        stderr(&no_key)
    );

    let wrong = run
        .cmd_with_key(&["agents", "list"], Some("sk_car_notthekey77"))
        .await;
    assert!(!wrong.status.success());
    let err = stderr(&wrong);
    assert!(err.contains("wrong or has been revoked"), "{err}");
    assert!(!err.contains("notthekey"), "the key never appears: {err}");
    assert_eq!(err.trim().lines().count(), 1);

    let insecure = run
        .cmd(&["numbers", "list", "--base-url", "http://api.example.com"])
        .await;
    assert!(!insecure.status.success());
    assert!(
        stderr(&insecure).contains("https://"),
        "{}",
        stderr(&insecure)
    );

    let missing = run.cmd(&["batches", "get", "acb_nothing"]).await;
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("acb_nothing"),
        "{}",
        stderr(&missing)
    );

    let bad_list = file("bad.json", b"[{\"phone\": \"+14155550100\"}]");
    let out = run
        .cmd(&[
            "batches",
            "create",
            "--name",
            "X",
            "--agent",
            "a",
            "--from",
            "b",
            "--recipients",
            &bad_list,
        ])
        .await;
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("item 1 has no \"to_number\""),
        "{}",
        stderr(&out)
    );
    sb.shutdown().await;
}

/// True when `text` holds a byte or character that can steer a terminal: C0 controls other than
/// the line break (ESC among them), DEL, C1 controls and bidirectional overrides.
fn steers_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_from_the_account_cannot_steer_the_terminal() {
    let (sb, run) = sandbox(1.0).await;
    let (agent, number) = agent_and_number(&run).await;
    let name = "Spring\u{1b}[31m red\u{1b}]0;owned\u{7} \u{9b}2J \u{202e}gnirps";
    let list = file("list.json", b"[\"+14155550100\"]");
    let created = run
        .cmd(&[
            "batches",
            "create",
            "--name",
            name,
            "--agent",
            &agent,
            "--from",
            &number,
            "--recipients",
            &list,
        ])
        .await;
    assert!(created.status.success(), "{}", stderr(&created));
    let id = run.json(&["batches", "list", "--json"]).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = run.cmd(&["batches", "list"]).await;
    let shown = run.cmd(&["batches", "get", &id]).await;
    let cancelled = run.cmd(&["batches", "cancel", &id]).await;
    for out in [&created, &listed, &shown, &cancelled] {
        let text = stdout(out);
        assert!(out.status.success(), "{}", stderr(out));
        assert!(!steers_a_terminal(&text), "{text:?}");
        assert!(
            text.contains("Spring␛[31m red"),
            "shown, not obeyed: {text:?}"
        );
    }

    // JSON keeps the name exactly, but as escapes a terminal shows instead of obeying.
    let json = run.cmd(&["batches", "list", "--json"]).await;
    let text = stdout(&json);
    assert!(!steers_a_terminal(&text), "{text:?}");
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed[0]["name"], name);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_into_a_closed_pipe_ends_quietly() {
    let (sb, run) = sandbox(1.0).await;
    let (base, key) = (run.base.clone(), run.key.clone());
    let out = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_batchline"))
            .args(["numbers", "list"])
            .env("CARTESIA_BASE_URL", base)
            .env("CARTESIA_API_KEY", key)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -0`: the reader is gone before the first line is written.
        drop(child.stdout.take());
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{:?}: {}", out.status, stderr(&out));
    assert_eq!(stderr(&out), "");
    sb.shutdown().await;
}

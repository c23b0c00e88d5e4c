//! `batchline sandbox --clock … --clock-speed …` as a test runs it: the built binary, its
//! output, and its clock read back over loopback HTTP.

#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use cartesia::chrono::{DateTime, Duration, Utc};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

const KEY: &str = "sk_clock_test";

/// A `batchline sandbox` child, killed when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Starts the sandbox with `args` and returns it with the lines it printed at start.
fn sandbox(args: &[&str]) -> (Server, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_batchline"))
        .args(["sandbox", "--port", "0", "--api-key", KEY])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .take(2)
        .map(|l| l.unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    (server, lines)
}

/// `GET path` over loopback with the key: the body of the answer.
fn get(base: &str, path: &str) -> String {
    let addr = base.trim_start_matches("http://");
    let mut sock = std::net::TcpStream::connect(addr).unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nx-api-key: {KEY}\r\nConnection: close\r\n\r\n"
    );
    sock.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    sock.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

#[test]
fn the_practice_clock_starts_at_clock_and_runs_at_clock_speed() {
    let (_server, lines) = sandbox(&[
        "--clock",
        "2026-03-09T08:55:00-05:00",
        "--clock-speed",
        "60",
    ]);
    let base = lines[0]
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_string();
    assert!(lines[0].contains(KEY), "{}", lines[0]);
    assert!(
        lines[1].starts_with("Practice clock: 2026-03-09T13:55:"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("60 simulated second"), "{}", lines[1]);

    let start = at("2026-03-09T13:55:00Z");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let body: serde_json::Value = serde_json::from_str(&get(&base, "/sandbox/clock")).unwrap();
    assert_eq!(body["speed"], 60.0);
    let now = at(body["now"].as_str().unwrap());
    // Half a real second at a minute per second: at least 30 practice seconds, and (on a slow
    // machine) not more than a few practice minutes.
    assert!(now - start >= Duration::seconds(30), "{now}");
    assert!(now - start < Duration::minutes(10), "{now}");
}

#[test]
fn a_clock_it_cannot_read_is_said_before_anything_starts() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_batchline"))
            .args(["sandbox", "--port", "0"])
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} started");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let said = run(&["--clock", "next monday"]);
    assert!(said.contains("'next monday' is not a time"), "{said}");
    assert!(said.contains("2026-03-09T08:55:00-05:00"), "{said}");
    let said = run(&["--clock", "2026-03-09T08:55:00-05:00", "--clock-speed", "0"]);
    assert!(said.contains("--clock-speed"), "{said}");
    assert!(said.contains("above 0"), "{said}");
}

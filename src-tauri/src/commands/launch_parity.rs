//! One launch path: the app's `launch_campaign` (through IPC, as the window calls it, into
//! sandbox A) and `batchline campaign launch` (the command's own code, in this process, into
//! sandbox B) are given the same file and setup, and each server must have received the very
//! same parts: names, agent, from number, recipients with their call data, and settings.

use crate::test_app::{app, call, request, window};
use serde_json::{json, Value};
use tauri::ipc::InvokeBody;
use tauri::test::get_ipc_response;

type Window = tauri::WebviewWindow<tauri::test::MockRuntime>;

const ROWS: usize = 12_000;

/// A CRM export of 12,000 people, with rows no one can call as real exports have them: left
/// out by both the same way.
fn spreadsheet() -> String {
    format!(
        "{}{}",
        recipients::testdata::crm_export(ROWS),
        recipients::testdata::UNCALLABLE_ROWS
    )
}

/// The window's file drop: the bytes as the body, the name and choices in headers.
fn import_file(window: &Window, name: &str, bytes: &[u8]) -> Value {
    let mut req = request("import_file");
    req.body = InvokeBody::Raw(bytes.to_vec());
    let choices = r#"{"country":"US","phoneColumn":null,"sheet":null,"noHeader":false,"excludedColumns":[],"renamedColumns":[]}"#;
    req.headers
        .insert("x-file-name", name.parse().expect("header"));
    req.headers
        .insert("x-choices", choices.parse().expect("header"));
    get_ipc_response(window, req)
        .expect("imported")
        .deserialize::<Value>()
        .expect("json")
}

/// The first agent with a number, by name (the same in both sandboxes), and its ids there.
async fn agent_and_number(sb: &sandbox::Sandbox) -> (String, String, String) {
    let client = cartesia::Client::new(cartesia::ClientConfig::new(
        sb.base_url(),
        cartesia::ApiKey::new(sb.api_key()),
    ))
    .expect("client");
    let agents = client.list_agents().await.expect("agents");
    let agent = agents
        .iter()
        .find(|a| a.name == "Appointment reminder")
        .expect("the demo agent");
    let number = agent.phone_numbers.first().expect("a number");
    (agent.name.clone(), agent.id.clone(), number.id.clone())
}

/// What a sandbox received, with its own ids for the agent and number named instead.
fn received(sb: &sandbox::Sandbox, agent_id: &str, number_id: &str) -> Vec<Value> {
    sb.created_requests()
        .into_iter()
        .map(|mut body| {
            assert_eq!(body["agent_id"], agent_id, "the chosen agent");
            assert_eq!(body["from_number_id"], number_id, "the chosen number");
            body["agent_id"] = "the agent".into();
            body["from_number_id"] = "the number".into();
            body
        })
        .collect()
}

#[test]
fn the_command_line_sends_what_the_app_sends_for_the_same_file_and_setup() {
    let start = |key: &str| {
        tauri::async_runtime::block_on(sandbox::start(sandbox::SandboxConfig {
            api_key: key.into(),
            org_concurrency: 100,
            ..sandbox::SandboxConfig::default()
        }))
        .expect("sandbox")
    };
    let (key_a, key_b) = ("sk_car_parity_app_a1a1", "sk_car_parity_cli_b2b2");
    let (a, b) = (start(key_a), start(key_b));
    let (agent_name, agent_a, number_a) = tauri::async_runtime::block_on(agent_and_number(&a));
    let (_, agent_b, number_b) = tauri::async_runtime::block_on(agent_and_number(&b));
    let csv = spreadsheet();
    // A Tuesday at least 3 days ahead, 9:00 in Chicago (10:00 in summer): inside the hours.
    let mut day = (chrono::Utc::now() + chrono::Duration::days(3)).date_naive();
    while chrono::Datelike::weekday(&day) != chrono::Weekday::Tue {
        day = day.succ_opt().expect("a day");
    }
    let at = day
        .and_hms_opt(15, 0, 0)
        .expect("a time")
        .and_utc()
        .with_timezone(&chrono::FixedOffset::west_opt(6 * 3600).expect("offset"))
        .to_rfc3339();

    // The app: connected to sandbox A, the file dropped in, the wizard answered, launched.
    let app = app();
    let window = window(&app, "main");
    let mut settings = call(&window, "get_settings", json!({})).expect("settings");
    settings["apiBaseUrl"] = a.base_url().into();
    settings["orgConcurrencyLimit"] = 100.into();
    call(&window, "save_settings", json!({ "settings": settings })).expect("saved");
    call(&window, "connect_key", json!({ "key": key_a })).expect("connected");
    let summary = import_file(&window, "parity_leads.csv", csv.as_bytes());
    let ready = summary["ready"].as_u64().expect("ready");
    assert_eq!(ready, ROWS as u64, "rejected: {}", summary["problems"][0]);
    let agents = call(&window, "list_agents", json!({})).expect("agents");
    assert!(agents.to_string().contains(&agent_name));
    let wizard = json!({
        "step": "confirm",
        "name": "Parity check",
        "agentId": agent_a,
        "fromNumberId": number_a,
        "concurrency": 60,
        "ringingTimeoutSeconds": 25,
        "maxCallDurationMinutes": 12,
        "start": { "kind": "at", "scheduledAt": at, "timeZone": "America/Chicago" },
        "complianceAcknowledged": true,
    });
    let launched = call(
        &window,
        "launch_campaign",
        json!({ "wizard": wizard, "onEvent": "__CHANNEL__:1",
            "confirmation": { "confirmed": true, "recipients": ready, "complianceAcknowledged": true } }),
    )
    .expect("the app launched");
    let parts = launched["parts"].as_u64().expect("parts");
    assert!(parts >= 3, "{launched}");
    assert_eq!(launched["created"].as_u64(), Some(parts));

    // The command line: the same file and answers, into sandbox B.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("parity_leads.csv");
    std::fs::write(&file, &csv).expect("file");
    let store = dir.path().join("campaigns.sqlite");
    let args = batchline_cli::campaign_cmd::LaunchArgs::parse_from([
        file.to_str().expect("path"),
        "--name",
        "Parity check",
        "--agent",
        &agent_b,
        "--from",
        &number_b,
        "--concurrency",
        "60",
        "--plan-limit",
        "100",
        "--ringing-seconds",
        "25",
        "--max-call-minutes",
        "12",
        "--at",
        &at,
        "--time-zone",
        "America/Chicago",
        "--country",
        "US",
        "--consent-confirmed",
        "--store",
        store.to_str().expect("path"),
        "--base-url",
        &b.base_url(),
    ])
    .expect("the command's words");
    let done = tauri::async_runtime::block_on(batchline_cli::campaign_cmd::launch(
        &args,
        cartesia::ApiKey::new(key_b),
        chrono::Utc::now(),
    ))
    .expect("the command launched");
    assert_eq!(
        (u64::from(done.parts), u64::from(done.created)),
        (parts, parts)
    );

    let by_app = received(&a, &agent_a, &number_a);
    let by_cli = received(&b, &agent_b, &number_b);
    let names: Vec<&str> = by_app.iter().filter_map(|r| r["name"].as_str()).collect();
    let expected: Vec<String> = (1..=parts)
        .map(|i| format!("Parity check (part {i} of {parts})"))
        .collect();
    assert_eq!(names, expected);
    let called: usize = by_app
        .iter()
        .map(|p| p["recipients"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(called, ROWS, "everyone once");
    // Detroit's part closes first, so it goes first; Chicago's begins with person 0.
    let chicago = by_app
        .iter()
        .find(|p| p["recipients"][0]["to_number"] == "+13125551000")
        .expect("person 0 first in a part");
    assert_eq!(
        chicago["recipients"][0],
        json!({ "to_number": "+13125551000",
        "metadata": { "First name": "Person 0", "Plan": "Gold", "Notes": "call after 5, please" } })
    );
    assert_eq!(by_app[0]["ringing_timeout_seconds"], 25);
    assert_eq!(by_app[0]["max_call_duration_minutes"], 12);
    // Planned by the hours: Detroit (Eastern) and Chicago (Central) close an hour apart, so
    // they are separate parts; the first ones start at the picked time and share the 60 calls
    // at a time; 12,000 calls of 4 minutes take more than the first day.
    let starts: Vec<chrono::DateTime<chrono::Utc>> = by_app
        .iter()
        .map(|p| {
            let at = p["scheduled_at"].as_str().expect("a start");
            chrono::DateTime::parse_from_rfc3339(at)
                .expect("RFC 3339")
                .to_utc()
        })
        .collect();
    let picked = chrono::DateTime::parse_from_rfc3339(&at)
        .expect("at")
        .to_utc();
    let first_day: Vec<u64> = by_app
        .iter()
        .zip(&starts)
        .filter(|(_, s)| **s == picked)
        .map(|(p, _)| p["target_concurrency_limit"].as_u64().expect("calls"))
        .collect();
    assert!(first_day.len() >= 2, "{starts:?}");
    assert_eq!(first_day.iter().sum::<u64>(), 60, "{first_day:?}");
    assert!(
        starts
            .last()
            .is_some_and(|s| *s - picked >= chrono::Duration::hours(20)),
        "{starts:?}"
    );
    assert_eq!(by_app.len(), by_cli.len());
    for (app_part, cli_part) in by_app.iter().zip(&by_cli) {
        assert!(
            app_part == cli_part,
            "{} differs between the app and the command line",
            app_part["name"]
        );
    }
    call(&window, "remove_key", json!({})).expect("removed");
    tauri::async_runtime::block_on(async {
        a.shutdown().await;
        b.shutdown().await;
    });
}

//! The safety rules as the window meets them, through the real commands over IPC: the saved key
//! goes only to the address it was checked against, and nothing is launched, retried or
//! cancelled without the person's explicit confirmation, whatever the page sends.

use crate::test_app::{app, call, set_address, window};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

type Window = tauri::WebviewWindow<tauri::test::MockRuntime>;

/// A loopback server that answers every request like an empty Cartesia account and keeps the
/// head (request line and headers) of each request it received.
fn recorder() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let heads: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = heads.clone();
    std::thread::spawn(move || {
        for mut sock in listener.incoming().flatten() {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && sock.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            if let Ok(mut log) = log.lock() {
                log.push(String::from_utf8_lossy(&head).into_owned());
            }
            let body = r#"{"summaries":[],"data":[],"has_more":false}"#;
            let _ = write!(
                sock,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, heads)
}

#[test]
fn a_saved_key_goes_only_to_the_address_it_was_checked_against() {
    const KEY: &str = "sk_car_checked_at_first_9f3c";
    let first = tauri::async_runtime::block_on(sandbox::start(sandbox::SandboxConfig {
        api_key: KEY.into(),
        ..sandbox::SandboxConfig::default()
    }))
    .expect("sandbox");
    let (second, second_saw) = recorder();
    let app = app();
    let window = window(&app, "main");

    set_address(&window, &first.base_url());
    let info = call(&window, "connect_key", json!({ "key": KEY })).expect("connects");
    assert_eq!(info["connection"]["mode"], "connected");
    call(&window, "list_agents", json!({})).expect("agents from the first address");

    // A new address: the key is not taken along.
    set_address(&window, &second);
    let info = call(&window, "app_info", json!({})).expect("info");
    assert_eq!(info["connection"]["mode"], "keyForOtherAddress", "{info}");
    assert_eq!(info["connection"]["keyAddress"], first.base_url());
    assert_eq!(info["connection"]["address"], second);
    assert_eq!(info["connection"]["keyLast4"], "9f3c");
    for cmd in ["list_agents", "list_campaigns"] {
        let refused = call(&window, cmd, json!({})).expect_err("not connected");
        assert_eq!(refused["code"], "key_for_other_address", "{cmd}: {refused}");
        let said = refused["message"].as_str().unwrap_or_default();
        assert!(said.starts_with("Not connected"), "{said}");
        assert!(said.contains("Enter the key again"), "{said}");
        assert!(!said.contains("checked_at_first"), "{said}");
    }
    let seen = second_saw.lock().expect("log").join("\n");
    assert!(
        !seen.contains(KEY),
        "the new address received the key:\n{seen}"
    );
    assert!(
        seen.is_empty(),
        "the new address was sent requests:\n{seen}"
    );

    // Back to the address the key was checked against: connected again.
    set_address(&window, &first.base_url());
    let info = call(&window, "app_info", json!({})).expect("info");
    assert_eq!(info["connection"]["mode"], "connected", "{info}");
    call(&window, "list_agents", json!({})).expect("agents again");
    call(&window, "remove_key", json!({})).expect("removed");
    tauri::async_runtime::block_on(first.shutdown());
}

/// The practice campaign of `sample`: its wizard answers, with the first agent and number.
fn practice_wizard(window: &Window) -> Value {
    let agents = call(window, "list_agents", json!({})).expect("agents");
    json!({
        "step": "confirm",
        "name": "Safety check",
        "agentId": agents[0]["id"],
        "fromNumberId": agents[0]["numbers"][0]["id"],
        "concurrency": 2,
        "ringingTimeoutSeconds": null,
        "maxCallDurationMinutes": null,
        "start": { "kind": "now" },
        "complianceAcknowledged": true,
    })
}

fn campaigns(window: &Window) -> Vec<Value> {
    let list = call(window, "list_campaigns", json!({})).expect("campaigns");
    list["campaigns"].as_array().cloned().unwrap_or_default()
}

fn refused_for_want_of_confirmation(result: Result<Value, Value>, what: &str) {
    let refused = result.expect_err(what);
    let said = refused.to_string();
    assert!(
        said.contains("confirm") || said.contains("missing required key confirmation"),
        "{what}: {said}"
    );
}

#[test]
fn launch_retry_and_cancel_need_an_explicit_confirmation() {
    let app = app();
    let window = window(&app, "main");
    let choices = json!({ "country": "US", "phoneColumn": null, "sheet": null, "noHeader": false,
        "excludedColumns": [], "renamedColumns": [] });
    let summary = call(&window, "import_sample", json!({ "choices": choices })).expect("sample");
    let ready = summary["ready"].as_u64().expect("ready");
    let wizard = practice_wizard(&window);
    let launch = |confirmation: Option<Value>| {
        let mut args = json!({ "wizard": wizard, "onEvent": "__CHANNEL__:1" });
        if let Some(c) = confirmation {
            args["confirmation"] = c;
        }
        call(&window, "launch_campaign", args)
    };

    refused_for_want_of_confirmation(launch(None), "no confirmation");
    refused_for_want_of_confirmation(
        launch(Some(
            json!({ "confirmed": false, "recipients": ready, "complianceAcknowledged": true }),
        )),
        "not confirmed",
    );
    let refused = launch(Some(
        json!({ "confirmed": true, "recipients": ready, "complianceAcknowledged": false }),
    ))
    .expect_err("no consent");
    assert!(
        refused.to_string().contains("agreed to be called"),
        "{refused}"
    );
    let refused = launch(Some(
        json!({ "confirmed": true, "recipients": ready + 1, "complianceAcknowledged": true }),
    ))
    .expect_err("another count");
    assert!(
        refused.to_string().contains(&format!("{ready} recipients")),
        "{refused}"
    );
    assert!(campaigns(&window).is_empty(), "nothing was launched");

    let launched = launch(Some(
        json!({ "confirmed": true, "recipients": ready, "complianceAcknowledged": true }),
    ))
    .expect("launched once confirmed");
    let id = launched["campaignId"].as_str().expect("id").to_owned();
    assert_eq!(campaigns(&window).len(), 1);

    let detail = call(&window, "campaign_detail", json!({ "id": id })).expect("detail");
    let waiting = detail["summary"]["progress"]["queued"]
        .as_u64()
        .unwrap_or(0);
    for (cmd, confirmation) in [
        ("retry_failed", None),
        (
            "retry_failed",
            Some(json!({ "confirmed": false, "recipients": 1 })),
        ),
        ("cancel_campaign", None),
        (
            "cancel_campaign",
            Some(json!({ "confirmed": false, "recipients": waiting })),
        ),
        ("withdraw_unsent", None),
        (
            "withdraw_unsent",
            Some(json!({ "confirmed": false, "recipients": 0 })),
        ),
    ] {
        let mut args = json!({ "id": id });
        if let Some(c) = confirmation.clone() {
            args["confirmation"] = c;
        }
        refused_for_want_of_confirmation(call(&window, cmd, args), cmd);
    }
    let detail = call(&window, "campaign_detail", json!({ "id": id })).expect("detail");
    assert_ne!(detail["summary"]["status"], "cancelled", "not cancelled");
    assert_eq!(detail["retry"]["retryCount"], 0, "not retried");

    let done = call(
        &window,
        "cancel_campaign",
        json!({ "id": id, "confirmation": { "confirmed": true, "recipients": ready } }),
    )
    .expect("cancelled once confirmed");
    assert!(done["message"].is_string(), "{done}");
}

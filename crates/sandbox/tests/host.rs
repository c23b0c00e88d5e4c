//! The sandbox listens on loopback, but a web page the person opens elsewhere can still reach it
//! through a name that a hostile DNS server points at 127.0.0.1 (DNS rebinding). Such a request
//! carries that name in `Host`, so a sandbox that answers only loopback names is out of reach.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use reqwest::header::HOST;
use reqwest::StatusCode;
use sandbox::{start, SandboxConfig};

async fn status_with_host(base: &str, key: &str, host: &str) -> StatusCode {
    reqwest::Client::new()
        .get(format!("{base}/agents"))
        .header("x-api-key", key)
        .header(HOST, host)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_request_addressed_to_another_name_is_refused() {
    let sb = start(SandboxConfig::default()).await.unwrap();
    let base = sb.base_url();
    let port = base.rsplit(':').next().unwrap().to_owned();
    for host in [
        "rebind.example.com".to_owned(),
        format!("rebind.example.com:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.example:{port}"),
        "10.0.0.1".to_owned(),
    ] {
        assert_eq!(
            status_with_host(&base, sb.api_key(), &host).await,
            StatusCode::FORBIDDEN,
            "Host: {host}"
        );
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_owned(),
    ] {
        assert_eq!(
            status_with_host(&base, sb.api_key(), &host).await,
            StatusCode::OK,
            "Host: {host}"
        );
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn the_guard_can_be_turned_off() {
    let sb = start(SandboxConfig {
        loopback_hosts_only: false,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let status = status_with_host(&sb.base_url(), sb.api_key(), "rebind.example.com").await;
    assert_eq!(status, StatusCode::OK);
    sb.shutdown().await;
}

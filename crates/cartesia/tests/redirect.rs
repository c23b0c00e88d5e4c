//! The key stays with the address it was given for: a redirect from the configured address to
//! another place is not followed (whatever the status), so the other place never sees the key,
//! and the person is told plainly what happened. Real loopback servers on two ports (two origins).
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod loopback;

use cartesia::{ApiKey, Client, ClientConfig, Error};
use std::sync::{Arc, Mutex};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

const KEY: &str = "sk_car_redirectSECRETzz42";

/// A server that answers every request with `status` and `extra` headers, and keeps the head
/// (request line and headers) of every request it received.
async fn server(
    status: u16,
    extra: String,
    body: &'static str,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let heads: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let log = log.clone();
            let extra = extra.clone();
            tokio::spawn(async move {
                let Some(buf) = loopback::read_head(&mut sock).await else {
                    return;
                };
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf).into_owned());
                let out = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(out.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), heads)
}

fn client(base: &str) -> Client {
    loopback::client(base, KEY)
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_the_key_stays_home() {
    // The other origin would answer like Cartesia, so following the redirect would "work".
    let (elsewhere, elsewhere_saw) = server(200, String::new(), r#"{"summaries":[]}"#).await;
    let mut outcomes = Vec::new();
    for status in [301u16, 302, 303, 307, 308] {
        let location = format!("location: {elsewhere}/agents\r\n");
        let (home, home_saw) = server(status, location, "").await;
        let c = client(&home);
        let read = c.list_agents().await.map(|_| ());
        // 307/308 keep the method and the body: a POST must not be carried elsewhere either.
        let post = c.retry_batch("cb_1").await.map(|_| ());
        let asked = home_saw.lock().unwrap().len();
        outcomes.push((status, read, post, asked));
    }

    let seen = elsewhere_saw.lock().unwrap().join("\n---\n");
    assert!(
        !seen
            .to_ascii_lowercase()
            .contains(&KEY.to_ascii_lowercase()),
        "the other origin received the key:\n{seen}"
    );
    assert!(
        seen.is_empty(),
        "the other origin received requests:\n{seen}"
    );
    for (status, read, post, asked) in outcomes {
        for result in [read, post] {
            let err = result.expect_err("a redirect is an error");
            let said = err.to_string();
            assert!(
                said.starts_with("Cartesia's address answered with a redirect to another place"),
                "{status}: {said}"
            );
            assert!(said.contains("your key stays safe"), "{status}: {said}");
            assert!(said.contains("Settings"), "{status}: {said}");
            assert!(!format!("{said} {err:?}").contains("SECRET"), "{err:?}");
            assert!(!err.is_transient(), "{status}: not tried again");
            assert!(!err.may_have_been_processed(), "{status}");
        }
        assert_eq!(asked, 2, "{status}: asked once per call, not again");
    }
}

#[test]
fn the_client_itself_refuses_plain_http_except_to_this_computer() {
    for insecure in [
        "http://api.cartesia.ai",
        "http://10.0.0.2:8787",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com:80",
        "http://[::ffff:7f00:1]:80",
    ] {
        let err = Client::new(ClientConfig::new(insecure, ApiKey::new(KEY))).unwrap_err();
        assert!(
            matches!(err, Error::InsecureBaseUrl { .. }),
            "{insecure}: {err:?}"
        );
    }
    for loopback in [
        "http://127.0.0.1:8787",
        "http://localhost:8787",
        "http://[::1]:8787",
    ] {
        assert!(
            Client::new(ClientConfig::new(loopback, ApiKey::new(KEY))).is_ok(),
            "{loopback}"
        );
    }
}

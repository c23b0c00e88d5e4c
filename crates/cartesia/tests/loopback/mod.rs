//! What the hand-made loopback servers share (the tests where a server misbehaves on purpose).

use cartesia::{ApiKey, Client, ClientConfig, RetryPolicy};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// Reads a request's head (request line and headers); `None` when the client went away first.
pub(crate) async fn read_head(sock: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Some(buf)
}

/// A client for `base` with `key`, quick to retry (three tries within five seconds).
pub(crate) fn client(base: &str, key: &str) -> Client {
    let mut cfg = ClientConfig::new(base, ApiKey::new(key));
    cfg.timeout = Duration::from_secs(5);
    cfg.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(50),
        max_total: Duration::from_secs(5),
    };
    Client::new(cfg).expect("a loopback address is allowed")
}

//! A counting relay between a client and the sandbox: every request passes through unchanged,
//! and it notes what was asked (method and path) and how many bytes came back. Lets tests count
//! the tracker's requests at the server, and the benchmark report what following costs.
#![allow(clippy::unwrap_used, dead_code)] // test and benchmark support

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What went through the relay so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Traffic {
    /// Requests by `METHOD path` (query string cut off), e.g. `GET /agents/calls/batches/cb_1`.
    pub requests: HashMap<String, u64>,
    /// Bytes the server sent back (heads and bodies).
    pub bytes_down: u64,
    /// Bytes the client sent.
    pub bytes_up: u64,
}

impl Traffic {
    /// Requests whose `METHOD path` starts with `prefix`.
    pub(crate) fn count(&self, prefix: &str) -> u64 {
        self.requests
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    }

    /// Get Call Batch of one batch.
    pub(crate) fn gets_of(&self, batch_id: &str) -> u64 {
        self.requests
            .get(&format!("GET /agents/calls/batches/{batch_id}"))
            .copied()
            .unwrap_or(0)
    }

    /// Every Get Call Batch (with recipients).
    pub(crate) fn batch_gets(&self) -> u64 {
        self.count("GET /agents/calls/batches/")
    }

    /// Every page of List Call Batches.
    pub(crate) fn batch_lists(&self) -> u64 {
        self.requests
            .get("GET /agents/calls/batches")
            .copied()
            .unwrap_or(0)
    }

    pub(crate) fn total(&self) -> u64 {
        self.requests.values().sum()
    }
}

/// The relay; dropping it stops accepting (connections already open run to their end).
#[derive(Debug)]
pub(crate) struct Relay {
    pub base_url: String,
    traffic: Arc<Mutex<Traffic>>,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    pub(crate) async fn start(upstream: &str) -> Relay {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let traffic = Arc::new(Mutex::new(Traffic::default()));
        let shared = traffic.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(&upstream).await else {
                    continue;
                };
                tokio::spawn(pipe(client, server, shared.clone()));
            }
        });
        Relay {
            base_url,
            traffic,
            task,
        }
    }

    pub(crate) fn traffic(&self) -> Traffic {
        self.traffic.lock().unwrap().clone()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn pipe(client: TcpStream, server: TcpStream, traffic: Arc<Mutex<Traffic>>) {
    let (mut client_rd, mut client_wr) = client.into_split();
    let (mut server_rd, mut server_wr) = server.into_split();
    let up_traffic = traffic.clone();
    let up = async move {
        let mut buf = vec![0u8; 64 * 1024];
        let mut pending: Vec<u8> = Vec::new();
        loop {
            let n = match client_rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            pending.extend_from_slice(&buf[..n]);
            {
                let mut t = up_traffic.lock().unwrap();
                t.bytes_up += n as u64;
                while let Some((line, used)) = next_request(&pending) {
                    *t.requests.entry(line).or_default() += 1;
                    pending.drain(..used);
                }
            }
            if server_wr.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = server_wr.shutdown().await;
    };
    let down = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match server_rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            traffic.lock().unwrap().bytes_down += n as u64;
            if client_wr.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = client_wr.shutdown().await;
    };
    tokio::join!(up, down);
}

/// The first complete request in `bytes`: its `METHOD path` and how many bytes it took.
fn next_request(bytes: &[u8]) -> Option<(String, usize)> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&bytes[..end]);
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?, first.next()?);
    let path = target.split('?').next().unwrap_or(target);
    let body: usize = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    (bytes.len() >= end + body).then(|| (format!("{method} {path}"), end + body))
}

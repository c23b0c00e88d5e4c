//! A server can't make Batchline hold an answer of any size: a recording (or any answer) is read
//! only up to its limit, whether the server declares its length or just keeps sending. Real
//! loopback servers that misbehave on purpose.
#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

mod loopback;

use cartesia::{Client, Error};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

const MIB: u64 = 1024 * 1024;

/// A server answering every request 200 with `head` (status line and headers) and then
/// `body_bytes` of audio in 64 KiB writes; it counts what it managed to send.
async fn server(declare_length: bool, body_bytes: u64) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let Some(_) = loopback::read_head(&mut sock).await else {
                    return;
                };
                let length = if declare_length {
                    format!("content-length: {body_bytes}\r\n")
                } else {
                    String::new()
                };
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: audio/wav\r\n{length}connection: close\r\n\r\n"
                );
                if sock.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let piece = vec![0u8; 64 * 1024];
                let mut left = body_bytes;
                while left > 0 {
                    let n = left.min(piece.len() as u64);
                    if sock.write_all(&piece[..n as usize]).await.is_err() {
                        return;
                    }
                    counter.fetch_add(n, Ordering::SeqCst);
                    left -= n;
                }
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), sent)
}

fn client(base: &str) -> Client {
    loopback::client(base, "sk_car_sizeTEST")
}

fn assert_refused_as_too_large(result: cartesia::Result<Vec<u8>>) {
    let err = result.expect_err("past the limit is refused");
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
    let said = err.to_string();
    assert!(
        said.starts_with("This call's recording is larger than Batchline plays (1 MB)"),
        "{said}"
    );
    assert!(said.contains("Cartesia's dashboard"), "{said}");
    assert!(!err.is_transient(), "not asked again: it would be as large");
}

#[tokio::test]
async fn an_endless_recording_is_cut_off_at_the_limit() {
    // 200 MiB with no declared length: the client must stop reading, not collect it all.
    let (base, sent) = server(false, 200 * MIB).await;
    assert_refused_as_too_large(client(&base).call_audio_within("call_1", MIB).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = sent.load(Ordering::SeqCst);
    assert!(
        sent < 20 * MIB,
        "the server got to send {sent} bytes: the client kept reading"
    );
}

#[tokio::test]
async fn a_recording_declared_too_large_is_refused_before_reading() {
    let (base, _) = server(true, 3 * MIB).await;
    assert_refused_as_too_large(client(&base).call_audio_within("call_1", MIB).await);
}

#[tokio::test]
async fn a_recording_within_the_limit_arrives_whole() {
    let (base, _) = server(false, MIB).await;
    let wav = client(&base)
        .call_audio_within("call_1", MIB)
        .await
        .unwrap();
    assert_eq!(wav.len() as u64, MIB, "exactly the limit is still played");
    assert_eq!(cartesia::MAX_AUDIO_BYTES, 50 * MIB);
}

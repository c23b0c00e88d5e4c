//! Prints how long the client takes to read a 5,000-recipient Get Call Batch answer — the
//! biggest response Batchline polls — both decode alone and the whole loopback round trip.
//!
//! `cargo run --release -p cartesia --example bench_decode`

use cartesia::{ApiKey, CallBatch, Client, ClientConfig, CreateBatchRequest, NewRecipient};
use std::time::{Duration, Instant};

const RUNS: usize = 30;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sb = sandbox::start(sandbox::SandboxConfig {
        speed: 1.0,
        org_concurrency: 60,
        ..Default::default()
    })
    .await?;
    let client = Client::new(ClientConfig::new(sb.base_url(), ApiKey::new(sb.api_key())))?;
    let agents = client.list_agents().await?;
    let agent = agents.first().ok_or("no agents")?;
    let number = agent.phone_numbers.first().ok_or("no numbers")?;
    let recipients = (0..5_000u32)
        .map(|i| {
            let mut m = serde_json::Map::new();
            m.insert("first_name".into(), format!("Person {i}").into());
            m.insert("customer_id".into(), format!("cust_{i:06}").into());
            NewRecipient {
                to_number: format!("+1415{:07}", 5_550_000 + i),
                metadata: Some(m),
            }
        })
        .collect();
    let mut req = CreateBatchRequest::new("Bench", &agent.id, &number.id, recipients);
    req.target_concurrency_limit = Some(30);
    let batch = client.create_batch_exactly_once(&req).await?.into_batch();
    // Let a share of the calls happen so recipients carry call ids and end reasons.
    sb.set_speed(20_000.0);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let full = client.get_batch(&batch.id).await?;
    let bytes = serde_json::to_vec(&full)?;
    let mut decode = Vec::with_capacity(RUNS);
    let mut round_trip = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let b: CallBatch = serde_json::from_slice(&bytes)?;
        decode.push(t.elapsed());
        std::hint::black_box(b);
        let t = Instant::now();
        let b = client.get_batch(&batch.id).await?;
        round_trip.push(t.elapsed());
        std::hint::black_box(b);
    }
    let finished = full.total_calls_finished;
    println!(
        "Get Call Batch, 5,000 recipients ({} KiB of JSON, {finished} calls finished): \
         decode median {:.2} ms; fetch + decode over loopback median {:.2} ms ({RUNS} runs)",
        bytes.len() / 1024,
        median(decode).as_secs_f64() * 1e3,
        median(round_trip).as_secs_f64() * 1e3,
    );
    sb.shutdown().await;
    Ok(())
}

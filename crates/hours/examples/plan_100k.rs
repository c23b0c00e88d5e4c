//! How long the hours planner takes for 100,000 recipients across the US zones (goal: under
//! 200 ms in a release build):
//!
//! ```text
//! cargo run --release -p hours --example plan_100k
//! ```

use chrono::{DateTime, Duration, Utc};
use chrono_tz::{America, Pacific, Tz};
use hours::rules::us_state_rules;
use hours::{plan, CallingHours, PlanInput, Recipient, DEFAULT_SAFETY_MARGIN_MINUTES};
use std::time::Instant;
use whereabouts::{Basis, Whereabouts};

const RECIPIENTS: usize = 100_000;

fn main() {
    let places: [(&[Tz], &str); 12] = [
        (&[America::New_York], "US-NY"),
        (&[America::New_York], "US-FL"),
        (&[America::Chicago, America::New_York], "US-FL"),
        (&[America::Chicago], "US-TX"),
        (&[America::Chicago], "US-IL"),
        (&[America::Indiana::Indianapolis, America::Chicago], "US-IN"),
        (&[America::Denver], "US-CO"),
        (&[America::Phoenix], "US-AZ"),
        (&[America::Los_Angeles], "US-CA"),
        (&[America::Anchorage], "US-AK"),
        (&[Pacific::Honolulu], "US-HI"),
        (&[America::New_York], "US-MD"),
    ];
    let recipients: Vec<Recipient> = (0..RECIPIENTS)
        .map(|i| {
            let (zones, region) = places[(i * 7 + i / 13) % places.len()];
            Recipient {
                row: i as u64 + 2,
                to_number: format!("+1212{:07}", i),
                whereabouts: Whereabouts {
                    zones: zones.to_vec(),
                    region: Some(region.to_string()),
                    other_regions: Vec::new(),
                    basis: Basis::AreaCode("212".into()),
                    sources_disagree: zones.len() > 1,
                },
            }
        })
        .collect();
    let now = DateTime::parse_from_rfc3339("2026-03-02T11:00:00Z")
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default();
    let input = PlanInput {
        recipients: &recipients,
        hours: CallingHours::default(),
        rules: us_state_rules(),
        overrides: &[],
        concurrency: 100,
        call_minutes: 3,
        earliest_start: now + Duration::hours(1),
        safety_margin_minutes: DEFAULT_SAFETY_MARGIN_MINUTES,
    };
    let mut best = None;
    let mut outcome = None;
    for _ in 0..5 {
        let started = Instant::now();
        let result = plan(&input, now);
        let took = started.elapsed();
        best = Some(best.map_or(took, |b: std::time::Duration| b.min(took)));
        outcome = Some(result);
    }
    match outcome {
        Some(Ok(p)) => {
            let planned: usize = p.parts.iter().map(|part| part.recipients.len()).sum();
            println!(
                "planned {RECIPIENTS} recipients across US zones in {:.1} ms (best of 5): {} parts, \
                 {planned} scheduled, {} not scheduled, last call by {}",
                best.unwrap_or_default().as_secs_f64() * 1000.0,
                p.parts.len(),
                p.not_scheduled.len(),
                p.finish_at.map_or("-".to_string(), |t| t.to_rfc3339())
            );
        }
        Some(Err(e)) => eprintln!("could not plan: {e}"),
        None => {}
    }
}

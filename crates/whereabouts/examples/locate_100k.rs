//! How long locating a list takes: 100,000 numbers across US area codes, half with a ZIP code.
//!
//! `cargo run --release -p whereabouts --example locate_100k`

use std::time::Instant;

use whereabouts::{locate, Hints};

fn main() {
    const AREA_CODES: [&str; 12] = [
        "212", "305", "312", "415", "602", "808", "907", "850", "812", "915", "800", "709",
    ];
    const ZIPS: [&str; 6] = ["33101", "60601", "10001", "94105", "46402", "85001"];
    let numbers: Vec<String> = (0..100_000u32)
        .map(|i| {
            format!(
                "+1{}555{:04}",
                AREA_CODES[i as usize % AREA_CODES.len()],
                i % 10_000
            )
        })
        .collect();

    let started = Instant::now();
    let _ = locate("+13055550100", &Hints::default());
    println!("first call (parses the tables): {:.1} ms", ms(started));

    let started = Instant::now();
    let mut several = 0usize;
    let mut disagree = 0usize;
    for (i, number) in numbers.iter().enumerate() {
        let hints = Hints {
            postal_code: (i % 2 == 0).then_some(ZIPS[i % ZIPS.len()]),
            ..Hints::default()
        };
        let found = locate(number, &hints);
        several += usize::from(found.zones.len() > 1);
        disagree += usize::from(found.sources_disagree);
    }
    println!(
        "located {} numbers in {:.1} ms ({several} with several zones, {disagree} whose sources disagree)",
        numbers.len(),
        ms(started)
    );
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

//! `batchline plan` as a person runs it: a generated list across four US zones (plus Florida and a
//! toll-free number), and the contract of issue 11 checked on its JSON from the zones' own clocks.

#![allow(clippy::unwrap_used)] // test helpers build fixtures; a failure there is a test failure

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Output};

fn batchline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_batchline"))
        .args(args)
        .output()
        .unwrap()
}

/// (area code, ZIP, state, zone) for the four mainland zones, and Florida.
const PLACES: [(&str, &str, &str, &str); 5] = [
    ("212", "10001", "NY", "America/New_York"),
    ("312", "60601", "IL", "America/Chicago"),
    ("303", "80202", "CO", "America/Denver"),
    ("415", "94103", "CA", "America/Los_Angeles"),
    ("305", "33101", "FL", "America/New_York"),
];

/// `per_place` rows for each place, then one toll-free number with no ZIP.
fn four_zone_list(per_place: usize) -> String {
    let mut csv = String::from("Name,Phone,ZIP\n");
    for i in 0..per_place {
        for (area, zip, _, _) in PLACES {
            csv.push_str(&format!("P{i},({area}) 55{:05},{zip}\n", i));
        }
    }
    csv.push_str("Toll free,(800) 555 0199,\n");
    csv
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text.trim_matches('"'))
        .unwrap_or_else(|e| panic!("{text} is not RFC 3339 with an offset: {e}"))
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn a_four_zone_list_is_planned_inside_each_recipients_hours_as_the_contract_says() {
    let per_place = 2_400;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("national.csv");
    std::fs::write(&path, four_zone_list(per_place)).unwrap();
    let (concurrency, minutes) = (20i64, 2i64);
    let now = "2026-03-06T15:30:00Z"; // a Friday; the list runs over the clock change of 8 March
    let out = batchline(&[
        "plan",
        path.to_str().unwrap(),
        "--country",
        "US",
        "--hours",
        "08:00-21:00",
        "--days",
        "mon-sat",
        "--concurrency",
        "20",
        "--call-minutes",
        "2",
        "--now",
        now,
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        keys(&plan),
        BTreeSet::from(["now", "parts", "not_scheduled", "finish_at"])
    );
    let now = at(plan["now"].as_str().unwrap());
    assert_eq!(now, at("2026-03-06T15:30:00Z"));
    let parts = plan["parts"].as_array().unwrap();
    assert!(
        parts.len() >= 4,
        "four zones open at four times: {} parts",
        parts.len()
    );

    let total = per_place * PLACES.len() + 1;
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut busy: Vec<(DateTime<FixedOffset>, i64)> = Vec::new();
    let mut latest = None;
    for (i, part) in parts.iter().enumerate() {
        assert_eq!(
            keys(part),
            BTreeSet::from([
                "part",
                "scheduled_at",
                "ends_by",
                "target_concurrency_limit",
                "recipients"
            ])
        );
        assert_eq!(part["part"], i + 1);
        let (start, end) = (
            at(part["scheduled_at"].as_str().unwrap()),
            at(part["ends_by"].as_str().unwrap()),
        );
        let c = part["target_concurrency_limit"].as_i64().unwrap();
        let people = part["recipients"].as_array().unwrap();
        assert!(
            !people.is_empty() && people.len() <= 5_000,
            "part {} has {}",
            i + 1,
            people.len()
        );
        assert!((1..=concurrency).contains(&c));
        assert!(start >= now && end <= now + Duration::days(30) && start <= end);
        assert!(
            people.len() as i64 * minutes * 60 <= (end - start).num_seconds() * c,
            "part {}: {} calls of {minutes} min at {c} don't fit {start}–{end}",
            i + 1,
            people.len()
        );
        busy.push((start, c));
        busy.push((end + Duration::minutes(minutes), -c));
        latest = latest.max(Some(end));
        for r in people {
            assert_eq!(
                keys(r),
                BTreeSet::from(["row", "to_number", "zones", "state"])
            );
            *seen.entry(r["row"].as_u64().unwrap()).or_default() += 1;
            let number = r["to_number"].as_str().unwrap();
            let place = PLACES
                .iter()
                .find(|p| number.starts_with(&format!("+1{}", p.0)));
            let zones: Vec<Tz> = r["zones"]
                .as_array()
                .unwrap()
                .iter()
                .map(|z| z.as_str().unwrap().parse::<Tz>().unwrap())
                .collect();
            assert!(!zones.is_empty());
            let close = match place {
                Some((_, _, state, zone)) => {
                    assert_eq!(r["state"], *state, "{number}");
                    assert_eq!(zones, vec![zone.parse::<Tz>().unwrap()], "{number}");
                    // Florida's rule ends calls at 20:00 even with campaign hours until 21:00.
                    if *state == "FL" {
                        20
                    } else {
                        21
                    }
                }
                None => {
                    assert!(
                        zones.len() >= 4,
                        "a toll-free number may be anywhere: {zones:?}"
                    );
                    21
                }
            };
            for zone in &zones {
                let (ls, le) = (start.with_timezone(zone), end.with_timezone(zone));
                assert_eq!(
                    ls.date_naive(),
                    le.date_naive(),
                    "{number} in {zone}: {ls} – {le}"
                );
                assert_ne!(ls.weekday(), Weekday::Sun, "{number} on a Sunday");
                assert!(
                    ls.time() >= NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                    "{number}: {ls}"
                );
                let closing = zone
                    .from_local_datetime(&ls.date_naive().and_hms_opt(close, 0, 0).unwrap())
                    .earliest()
                    .unwrap();
                assert!(
                    end + Duration::minutes(15) <= closing,
                    "{number} in {zone}: calls until {le}, hours close at {close}:00"
                );
            }
        }
    }
    for n in plan["not_scheduled"].as_array().unwrap() {
        assert_eq!(keys(n), BTreeSet::from(["row", "to_number", "reason"]));
        assert!(!n["reason"].as_str().unwrap().is_empty());
        *seen.entry(n["row"].as_u64().unwrap()).or_default() += 1;
    }
    assert_eq!(seen.len(), total, "every ready recipient appears");
    assert!(seen.values().all(|&n| n == 1), "and only once");
    assert_eq!(
        plan["not_scheduled"].as_array().unwrap().len(),
        0,
        "12,001 fit in 30 days"
    );

    busy.sort();
    let mut running = 0;
    for (t, c) in busy {
        running += c;
        assert!(
            running <= concurrency,
            "{running} calls at a time reserved at {t}"
        );
    }
    assert_eq!(plan["finish_at"].as_str().map(at), latest);
    // Friday's calls can't all be made that day: some are carried to Saturday or Monday.
    let days: BTreeSet<_> = parts
        .iter()
        .map(|p| at(p["scheduled_at"].as_str().unwrap()).date_naive())
        .collect();
    assert!(days.len() >= 2, "{days:?}");
}

#[test]
fn hours_wider_than_the_federal_ones_are_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.csv");
    std::fs::write(&path, four_zone_list(1)).unwrap();
    let out = batchline(&[
        "plan",
        path.to_str().unwrap(),
        "--hours",
        "07:00-20:00",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Pick hours inside 8:00–21:00"), "{err}");
    let out = batchline(&[
        "plan",
        path.to_str().unwrap(),
        "--now",
        "tomorrow",
        "--json",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("isn't a date and time"), "{err}");
}

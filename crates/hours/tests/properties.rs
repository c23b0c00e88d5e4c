//! Property tests of the hours planner: for random lists, hours, limits and start times (many of
//! them across the 2026 clock changes), every part is called only while each of its recipients is
//! inside their hours in every zone they may be in, checked here from the zones' own clocks.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::{America, Australia, Pacific, Tz};
use hours::holidays::is_us_federal_holiday;
use hours::rules::{rule_for, us_state_rules};
use hours::{plan, CallingHours, Days, Plan, PlanInput, Recipient, RuleOverride};
use proptest::prelude::*;
use whereabouts::{Basis, Whereabouts};

/// Places a recipient may be: zones and the state, as the whereabouts crate gives them.
fn places() -> Vec<(Vec<Tz>, Option<&'static str>)> {
    vec![
        (vec![America::New_York], Some("US-NY")),
        (vec![America::Chicago], Some("US-IL")),
        (vec![America::Denver], Some("US-CO")),
        (vec![America::Los_Angeles], Some("US-CA")),
        (vec![America::Phoenix], Some("US-AZ")),
        (vec![Pacific::Honolulu], Some("US-HI")),
        (vec![America::Anchorage], Some("US-AK")),
        (vec![America::St_Johns], Some("CA-NL")),
        (
            vec![America::Indiana::Indianapolis, America::Chicago],
            Some("US-IN"),
        ),
        (vec![America::New_York, America::Chicago], None),
        (vec![America::New_York], Some("US-FL")),
        (vec![America::Chicago, America::New_York], Some("US-FL")),
        (vec![America::New_York], Some("US-RI")),
        (
            vec![America::Kentucky::Louisville, America::Chicago],
            Some("US-KY"),
        ),
        (vec![America::Chicago], Some("US-AL")),
        (vec![Australia::Sydney], None),
        (vec![Australia::Perth], None),
        (vec![Australia::Adelaide, Australia::Darwin], None),
        (vec![Australia::Lord_Howe], None),
        (vec![Australia::Brisbane], None),
        (
            vec![
                America::New_York,
                America::Los_Angeles,
                Pacific::Honolulu,
                America::Anchorage,
            ],
            None,
        ),
    ]
}

fn recipients(blocks: &[(usize, usize)]) -> Vec<Recipient> {
    let places = places();
    let mut out = Vec::new();
    for &(place, count) in blocks {
        let (zones, region) = &places[place % places.len()];
        for _ in 0..count {
            let n = out.len() as u64;
            out.push(Recipient {
                row: n + 2,
                to_number: format!("+1555{n:07}"),
                whereabouts: Whereabouts {
                    zones: zones.clone(),
                    region: region.map(str::to_string),
                    other_regions: Vec::new(),
                    basis: Basis::AreaCode("555".into()),
                    sources_disagree: zones.len() > 1,
                },
            });
        }
    }
    out
}

/// Checks every promise of the plan, from the zones' own clocks.
fn check(input: &PlanInput<'_>, now: DateTime<Utc>, plan: &Plan) -> Result<(), String> {
    let n = input.recipients.len();
    let mut seen = vec![0u32; n];
    let start = input.earliest_start.max(now);
    let horizon = now + Duration::days(30);
    let margin = Duration::minutes(input.safety_margin_minutes.into());
    for (pi, part) in plan.parts.iter().enumerate() {
        let k = part.recipients.len();
        let c = i64::from(part.target_concurrency_limit);
        if k == 0 || k > 5_000 {
            return Err(format!("part {pi} has {k} recipients"));
        }
        if c < 1 || c > i64::from(input.concurrency) {
            return Err(format!("part {pi} asks for {c} calls at a time"));
        }
        let (s, e) = (part.scheduled_at, part.ends_by);
        if s < start || e > horizon || e < s {
            return Err(format!("part {pi} runs {s}–{e}, outside {start}–{horizon}"));
        }
        let need = k as i64 * i64::from(input.call_minutes) * 60;
        if need > (e - s).num_seconds() * c {
            return Err(format!("part {pi}: {k} calls don't fit {s}–{e} at {c}"));
        }
        for &i in &part.recipients {
            seen[i] += 1;
            let w = &input.recipients[i].whereabouts;
            let rule = w
                .region
                .as_deref()
                .and_then(rule_for)
                .filter(|r| !input.overrides.iter().any(|o| o.region == r.region));
            for zone in &w.zones {
                let (ls, le) = (s.with_timezone(zone), e.with_timezone(zone));
                let date = ls.date_naive();
                if le.date_naive() != date {
                    return Err(format!("part {pi} spans two days in {zone}: {ls} – {le}"));
                }
                let day = date.weekday();
                let no_holidays =
                    input.hours.skip_us_federal_holidays || rule.is_some_and(|r| r.no_holidays);
                if !input.hours.days.contains(day) || (no_holidays && is_us_federal_holiday(date)) {
                    return Err(format!("part {pi} calls {zone} on {date} ({day})"));
                }
                let (mut from, mut to) = (input.hours.from, input.hours.to);
                if let Some(r) = rule {
                    if day == Weekday::Sun && r.no_sundays {
                        return Err(format!("part {pi} calls {} on a Sunday", r.name));
                    }
                    let (rf, rt) = if day == Weekday::Sat && r.saturday_from.is_some() {
                        (r.saturday_from, r.saturday_to)
                    } else {
                        (r.from, r.to)
                    };
                    from = rf.map_or(from, |f| f.max(from));
                    to = rt.map_or(to, |t| t.min(to));
                }
                let open = zone.from_local_datetime(&date.and_time(from)).latest();
                let close = zone.from_local_datetime(&date.and_time(to)).earliest();
                let (Some(open), Some(close)) = (open, close) else {
                    return Err(format!("{from}–{to} on {date} doesn't exist in {zone}"));
                };
                if s < open || e + margin > close {
                    return Err(format!(
                        "part {pi} runs {ls} – {le} in {zone}, hours {from}–{to} less {margin}"
                    ));
                }
            }
        }
    }
    for ns in &plan.not_scheduled {
        seen[ns.recipient] += 1;
        if ns.reason.trim().is_empty() {
            return Err("a recipient is left out without a reason".into());
        }
    }
    if let Some(i) = seen.iter().position(|&s| s != 1) {
        return Err(format!("recipient {i} appears {} times", seen[i]));
    }
    // Calls at the same time, with each part holding its calls until its last call may end.
    let mut events: Vec<(DateTime<Utc>, i64)> = Vec::new();
    for p in &plan.parts {
        let c = i64::from(p.target_concurrency_limit);
        events.push((p.scheduled_at, c));
        events.push((p.busy_until(input.call_minutes), -c));
    }
    events.sort_by_key(|&(t, d)| (t, d));
    let mut running = 0;
    for (t, d) in events {
        running += d;
        if running > i64::from(input.concurrency) {
            return Err(format!("{running} calls at a time reserved at {t}"));
        }
    }
    Ok(())
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .unwrap_or_default()
}

fn moments() -> impl Strategy<Value = DateTime<Utc>> {
    let base = at(2026, 1, 1, 0).timestamp();
    prop_oneof![
        // Spanning the spring change (2026-03-08 in the US, 04-05 in Australia) …
        (0i64..20 * 24 * 60).prop_map(|m| at(2026, 2, 22, 0) + Duration::minutes(m)),
        // … and the autumn one (2026-11-01 in the US, 10-04 in Australia).
        (0i64..20 * 24 * 60).prop_map(|m| at(2026, 10, 5, 0) + Duration::minutes(m)),
        (0i64..366 * 24 * 60 * 60)
            .prop_map(move |s| { DateTime::from_timestamp(base + s, 0).unwrap_or_default() }),
    ]
}

fn calling_hours() -> impl Strategy<Value = CallingHours> {
    (16u32..=38, 1u32..=26, 1u8..=127, any::<bool>()).prop_map(|(from, len, days, skip)| {
        // Half hours from 8:00; at most until 21:00.
        let from_min = from * 30;
        let to_min = (from_min + len * 30).min(21 * 60);
        let t = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or_default();
        let days: Days = Days::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| days & (1 << i) != 0)
            .map(|(_, d)| d)
            .collect();
        CallingHours {
            days,
            from: t(from_min.min(20 * 60)),
            to: t(to_min.max(from_min.min(20 * 60) + 30)),
            skip_us_federal_holidays: skip,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_planned_call_is_inside_its_recipients_hours_in_all_their_zones(
        blocks in prop::collection::vec((0usize..64, 1usize..2_500), 1..6),
        big in prop::option::of((0usize..64, 5_000usize..9_000)),
        hours in calling_hours(),
        concurrency in prop_oneof![1u32..20, 20u32..300],
        call_minutes in 1u32..20,
        margin in 0u32..30,
        now in moments(),
        start_after in 0i64..(12 * 24 * 60),
        override_florida in any::<bool>(),
    ) {
        let mut blocks = blocks;
        blocks.extend(big);
        let recipients = recipients(&blocks);
        let overrides = if override_florida {
            vec![RuleOverride { region: "US-FL".into(), reason: "test".into() }]
        } else {
            Vec::new()
        };
        let input = PlanInput {
            recipients: &recipients,
            hours,
            rules: us_state_rules(),
            overrides: &overrides,
            concurrency,
            call_minutes,
            earliest_start: now + Duration::minutes(start_after),
            safety_margin_minutes: margin,
        };
        let plan = plan(&input, now).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Err(why) = check(&input, now, &plan) {
            return Err(TestCaseError::fail(why));
        }
    }
}

#[test]
fn a_campaign_across_both_2026_clock_changes_stays_inside_the_hours() {
    // A low limit so the list runs for weeks: from 2026-03-01 over 03-08, and from 10-20 over 11-01.
    let blocks: Vec<(usize, usize)> = (0..places().len()).map(|p| (p, 900)).collect();
    let recipients = recipients(&blocks);
    for now in [at(2026, 3, 1, 12), at(2026, 10, 20, 12)] {
        let input = PlanInput {
            recipients: &recipients,
            hours: CallingHours::default(),
            rules: us_state_rules(),
            overrides: &[],
            concurrency: 2,
            call_minutes: 6,
            earliest_start: now,
            safety_margin_minutes: 15,
        };
        let plan = plan(&input, now).unwrap_or_else(|e| panic!("{e}"));
        let last = plan.parts.iter().map(|p| p.ends_by).max();
        assert!(
            last.is_some_and(|l| l > now + Duration::days(14)),
            "the list should need weeks at 2 calls at a time: {last:?}"
        );
        if let Err(why) = check(&input, now, &plan) {
            panic!("{why}");
        }
        let planned: usize = plan.parts.iter().map(|p| p.recipients.len()).sum();
        assert!(planned > 5_000, "only {planned} planned");
        assert!(
            !plan.not_scheduled.is_empty(),
            "2 calls at a time of 6 minutes can't reach 18,900 in 30 days"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// With a call at a time for everyone and one-minute calls, nobody whose hours open at all in
    /// the 30 days is left out.
    #[test]
    fn nobody_is_left_out_whose_hours_open_when_the_limit_allows_everyone(
        blocks in prop::collection::vec((0usize..64, 1usize..300), 1..6),
        hours in calling_hours(),
        now in moments(),
        start_after in 0i64..(40 * 24 * 60),
    ) {
        let recipients = recipients(&blocks);
        let earliest_start = now + Duration::minutes(start_after.min(30 * 24 * 60));
        let input = PlanInput {
            recipients: &recipients,
            hours,
            rules: us_state_rules(),
            overrides: &[],
            concurrency: recipients.len() as u32,
            call_minutes: 1,
            earliest_start,
            safety_margin_minutes: 0,
        };
        let plan = plan(&input, now).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Err(why) = check(&input, now, &plan) {
            return Err(TestCaseError::fail(why));
        }
        for left in &plan.not_scheduled {
            let w = &recipients[left.recipient].whereabouts;
            let rules: Vec<_> = w.region.as_deref().and_then(rule_for).into_iter().collect();
            let windows = hours::allowed_windows(
                &w.zones,
                &rules,
                &hours,
                earliest_start.max(now),
                now + Duration::days(30),
            );
            prop_assert!(
                windows.iter().all(|win| win.close - win.open < Duration::minutes(1)),
                "{:?} left out ({}) though its hours open: {:?}",
                w.zones,
                left.reason,
                windows.first()
            );
        }
    }
}

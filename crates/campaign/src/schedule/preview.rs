//! What the wizard shows of calling hours: where the list's recipients are and which state rules
//! touch them (Review), and the plan the hours make of it (When to call, Confirm) — parts, a
//! timeline per day in the manager's own time zone, a summary in words, who is left out and
//! when the calls should be over.

use super::{CallMinutes, LeftOut, LocationColumns};
use crate::plan::Plan;
use crate::settings::RuleOff;
use chrono::{DateTime, NaiveTime, Utc};
use recipients::Recipient;
use serde::Serialize;
use std::collections::BTreeMap;
use whereabouts::{Tz, Whereabouts};

/// How many left-out recipients a preview lists; the count says how many there are.
pub const LEFT_OUT_SHOWN: usize = 200;

/// A name and how many recipients it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NamedCount {
    pub name: String,
    pub recipients: u32,
}

/// A state rule that applies to some of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleTouch {
    /// The state's code, "US-FL".
    pub region: String,
    /// "Florida: 8 am–8 pm, at most 3 calls a day to one person".
    pub words: String,
    pub recipients: u32,
    /// Where the rule comes from.
    pub source: String,
}

/// Where a list's recipients are, for the Review step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LocationSummary {
    /// The columns they were located with.
    pub columns: LocationColumns,
    /// Recipients per time zone ("New York (Eastern)"), most first; one with several candidate
    /// zones counts in each.
    pub zones: Vec<NamedCount>,
    /// Recipients per state or province, most first.
    pub states: Vec<NamedCount>,
    /// Recipients who may be in more than one zone (called only in hours that fit all).
    pub several_zones: u32,
    /// Recipients whose zone can't be told (left out of the plan).
    pub no_zone: u32,
    /// The state rules that apply to some of them.
    pub rules: Vec<RuleTouch>,
}

/// Where `recipients` are, located with `columns`.
pub fn location_summary(recipients: &[Recipient], columns: &LocationColumns) -> LocationSummary {
    summarize(&super::locate(recipients, columns), columns)
}

fn summarize(places: &[Whereabouts], columns: &LocationColumns) -> LocationSummary {
    let mut zones: BTreeMap<&str, (Tz, u32)> = BTreeMap::new();
    let mut states: BTreeMap<&str, u32> = BTreeMap::new();
    let (mut several_zones, mut no_zone) = (0, 0);
    for w in places {
        for z in &w.zones {
            zones.entry(z.name()).or_insert((*z, 0)).1 += 1;
        }
        if let Some(region) = w.region.as_deref() {
            *states.entry(region).or_default() += 1;
        }
        match w.zones.len() {
            0 => no_zone += 1,
            1 => {}
            _ => several_zones += 1,
        }
    }
    let rules = hours::rules::us_state_rules()
        .iter()
        .filter_map(|rule| {
            let n = states.get(rule.region.as_str()).copied()?;
            Some(RuleTouch {
                region: rule.region.clone(),
                words: rule_words(rule),
                recipients: n,
                source: rule.source.clone(),
            })
        })
        .collect();
    LocationSummary {
        columns: columns.clone(),
        zones: most_first(zones.into_values().map(|(z, n)| (zone_label(z), n))),
        states: most_first(
            states
                .into_iter()
                .map(|(r, n)| (whereabouts::region_name(r).unwrap_or(r).to_owned(), n)),
        ),
        several_zones,
        no_zone,
        rules,
    }
}

fn most_first(counts: impl Iterator<Item = (String, u32)>) -> Vec<NamedCount> {
    let mut list: Vec<NamedCount> = counts
        .map(|(name, recipients)| NamedCount { name, recipients })
        .collect();
    list.sort_by(|a, b| b.recipients.cmp(&a.recipients).then(a.name.cmp(&b.name)));
    list
}

/// "New York (America)" for `America/New_York`: the zone's city and region, as people know it.
pub fn zone_label(zone: Tz) -> String {
    let name = zone.name();
    match name.rsplit_once('/') {
        Some((region, city)) => {
            let region = region.split('/').next().unwrap_or(region);
            format!("{} ({region})", city.replace('_', " "))
        }
        None => name.to_owned(),
    }
}

/// "8 am" for 08:00, "8:30 pm" for 20:30.
fn clock_words(t: NaiveTime) -> String {
    let text = t.format("%-I:%M %P").to_string();
    text.replace(":00 ", " ")
}

/// A state rule in words: "Florida: 8 am–8 pm, at most 3 calls a day to one person".
fn rule_words(rule: &hours::StateRule) -> String {
    format!("{}: {}", rule.name, rule_terms(rule))
}

/// What a state rule asks, in words: "8 am–8 pm, at most 3 calls a day to one person".
pub fn rule_terms(rule: &hours::StateRule) -> String {
    let mut parts = Vec::new();
    match (rule.from, rule.to) {
        (Some(from), Some(to)) => parts.push(format!("{}–{}", clock_words(from), clock_words(to))),
        (Some(from), None) => parts.push(format!("not before {}", clock_words(from))),
        (None, Some(to)) => parts.push(format!("not after {}", clock_words(to))),
        (None, None) => {}
    }
    if let (Some(from), Some(to)) = (rule.saturday_from, rule.saturday_to) {
        parts.push(format!(
            "Saturdays {}–{}",
            clock_words(from),
            clock_words(to)
        ));
    }
    if rule.no_sundays {
        parts.push("no calls on Sundays".into());
    }
    if rule.no_holidays {
        parts.push("no calls on holidays".into());
    }
    if let Some(n) = rule.calls_per_24h {
        parts.push(format!("at most {n} calls a day to one person"));
    }
    parts.join(", ")
}

/// One part of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PartPreview {
    /// RFC 3339.
    pub starts_at: String,
    /// It is sent to start at once.
    pub starts_now: bool,
    /// The latest moment any of its calls may start, RFC 3339.
    pub latest_start: String,
    pub calls_at_once: u32,
    pub recipients: u32,
    /// Its recipients' zones ("New York (America)").
    pub zones: Vec<String>,
}

/// One day of calling, in the manager's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DayPreview {
    /// "Tue 8 Dec".
    pub label: String,
    /// The zones called that day.
    pub zones: Vec<String>,
    pub calls: u32,
    /// First start and last call's expected end that day, RFC 3339.
    pub from: String,
    pub to: String,
    /// "15:00–21:30 EST", in the manager's zone.
    pub hours: String,
}

/// The plan as the When to call and Confirm steps show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanPreview {
    /// The manager's zone the days are told in.
    pub time_zone: String,
    /// "Calls on 2 days: Tue 9:00 EST – Wed 19:45 CST (each recipient's own time)".
    pub summary: String,
    /// When calling starts, parts that start later included: "First calls as soon as you
    /// launch (New York); others at 9:00 in their own time zone, last part Tue 9:00 PST."
    pub start_words: String,
    pub parts: Vec<PartPreview>,
    pub days: Vec<DayPreview>,
    /// The first who are left out, with why.
    pub left_out: Vec<LeftOut>,
    pub left_out_total: u32,
    /// When the last calls should be over, RFC 3339.
    pub finish_at: Option<String>,
    pub call_minutes: CallMinutes,
    /// "4 minutes per call (Batchline's default: …)".
    pub call_minutes_words: String,
    /// The campaign's calls at a time.
    pub calls_at_once: u32,
    /// Where the recipients are.
    pub locations: LocationSummary,
    /// The state rules turned off in Settings that touch this list, in words: "Florida's rule
    /// is off (turned off in Settings on Mon 7 Dec 2026: …): its 2 recipients are called in
    /// this campaign's hours only."
    pub rules_off: Vec<String>,
    /// Why the launch will be refused for want of consent (Settings require a consent column),
    /// naming the rows: "Rows 4 and 9 have no consent. …"; `None` when it won't be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub consent_problem: Option<String>,
}

/// The plan of `input` as the wizard shows it (before the consent is given), its days told in
/// `time_zone` (the manager's IANA zone; UTC when it isn't one).
/// `rules_off`: the state rules turned off in Settings (the planner gets them through
/// `input.rule_overrides`), told when they touch the list.
pub fn plan_preview(
    input: &crate::plan::PlanInput<'_>,
    rules_off: &[RuleOff],
    time_zone: &str,
    now: DateTime<Utc>,
) -> Result<PlanPreview, crate::plan::PlanError> {
    let plan = crate::plan::draft_plan(input, now)?;
    let zone = time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    let ringing = input
        .ringing_timeout_seconds
        .unwrap_or(limits::DEFAULT_RINGING_TIMEOUT_SECONDS);
    let mut shown = preview(&plan, zone, ringing);
    shown.rules_off = rules_off_words(&shown.locations, rules_off, zone);
    shown.consent_problem = crate::consent::check(input.recipients, &input.consent)
        .err()
        .map(|e| e.to_string());
    Ok(shown)
}

/// "Florida's rule is off (turned off in Settings on Mon 7 Dec 2026: …): its 2 recipients on
/// this list are called in this campaign's hours only." for each rule off that touches the list.
pub fn rules_off_words(
    locations: &LocationSummary,
    rules_off: &[RuleOff],
    zone: Tz,
) -> Vec<String> {
    locations
        .rules
        .iter()
        .filter_map(|touch| {
            let off = rules_off.iter().find(|r| r.region == touch.region)?;
            let name = hours::rules::rule_for(&touch.region)
                .map_or(touch.region.as_str(), |r| r.name.as_str());
            let on = DateTime::parse_from_rfc3339(&off.since)
                .map(|t| format!(" on {}", t.with_timezone(&zone).format("%a %-d %b %Y")))
                .unwrap_or_default();
            let who = if touch.recipients == 1 {
                "its 1 recipient on this list is".to_owned()
            } else {
                format!("its {} recipients on this list are", touch.recipients)
            };
            Some(format!(
                "{name}'s rule is off (turned off in Settings{on}: \"{}\"): {who} called in this \
                 campaign's hours only.",
                off.reason
            ))
        })
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The preview of `plan`, its days told in `zone` (the manager's). `ringing_seconds`: the ringing
/// time the minutes per call include.
pub fn preview(plan: &Plan, zone: Tz, ringing_seconds: u32) -> PlanPreview {
    let call = chrono::Duration::minutes(plan.call_minutes.minutes.into());
    let zones_of = |members: &[usize]| -> Vec<Tz> {
        let mut zones: Vec<Tz> = members
            .iter()
            .flat_map(|&i| plan.places[i].zones.iter().copied())
            .collect();
        zones.sort_by_key(|z| z.name());
        zones.dedup();
        zones
    };
    let parts: Vec<PartPreview> = plan
        .parts
        .iter()
        .enumerate()
        .map(|(i, req)| PartPreview {
            starts_at: plan.starts[i].to_rfc3339(),
            starts_now: req.scheduled_at.is_none(),
            latest_start: plan.ends_by[i].to_rfc3339(),
            calls_at_once: req.target_concurrency_limit.unwrap_or(plan.concurrency),
            recipients: count(req.recipients.len()),
            zones: zones_of(&plan.members[i])
                .into_iter()
                .map(zone_label)
                .collect(),
        })
        .collect();

    // Days in the manager's zone: each part counts on the day it starts.
    // Per day: the zones called, how many calls, the first start and the last expected end.
    type Day = (Vec<Tz>, u32, DateTime<Utc>, DateTime<Utc>);
    let mut days: BTreeMap<chrono::NaiveDate, Day> = BTreeMap::new();
    for (i, members) in plan.members.iter().enumerate() {
        let (start, end) = (plan.starts[i], plan.ends_by[i] + call);
        let day = days
            .entry(start.with_timezone(&zone).date_naive())
            .or_insert((Vec::new(), 0, start, end));
        for z in zones_of(members) {
            if !day.0.contains(&z) {
                day.0.push(z);
            }
        }
        day.1 += count(members.len());
        day.2 = day.2.min(start);
        day.3 = day.3.max(end);
    }
    let days: Vec<DayPreview> = days
        .into_iter()
        .map(|(date, (zones, calls, from, to))| DayPreview {
            label: date.format("%a %-d %b").to_string(),
            zones: zones.into_iter().map(zone_label).collect(),
            calls,
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            hours: format!(
                "{}–{}",
                from.with_timezone(&zone).format("%-H:%M"),
                to.with_timezone(&zone).format("%-H:%M %Z")
            ),
        })
        .collect();

    PlanPreview {
        time_zone: zone.name().to_owned(),
        summary: summary(plan, days.len()),
        start_words: start_words(plan, false),
        parts,
        days,
        left_out: plan.left_out.iter().take(LEFT_OUT_SHOWN).cloned().collect(),
        left_out_total: count(plan.left_out.len()),
        finish_at: plan.finish_at.map(|t| (t + call).to_rfc3339()),
        call_minutes: plan.call_minutes,
        call_minutes_words: plan.call_minutes.words(ringing_seconds),
        calls_at_once: plan.concurrency,
        locations: summarize(&plan.places, &plan.location_columns),
        rules_off: Vec::new(),
        consent_problem: None,
    }
}

/// The city of a zone, as people name it: "New York" for `America/New_York`.
fn city(zone: Tz) -> String {
    zone.name()
        .rsplit('/')
        .next()
        .unwrap_or(zone.name())
        .replace('_', " ")
}

/// When calling starts, told honestly when parts start later: each part's start in its own
/// recipients' time. `launched`: said after the launch ("now", "will start"), else before it
/// ("as soon as you launch"). E.g. "First calls now (New York); others at 9:00 in their own
/// time zone, last part Tue 9:00 PST."
pub fn start_words(plan: &Plan, launched: bool) -> String {
    // A part's start told in the zone of its recipients where it is earliest in the day: the
    // zone whose hours opened last, the one that set the start.
    let zone_of = |i: usize| {
        plan.members[i]
            .iter()
            .flat_map(|&r| plan.places[r].zones.iter().copied())
            .min_by_key(|z| (plan.starts[i].with_timezone(z).time(), z.name()))
    };
    let at = |i: usize, format: &str| match zone_of(i) {
        Some(z) => plan.starts[i].with_timezone(&z).format(format).to_string(),
        None => format!("{} UTC", plan.starts[i].format(format)),
    };
    let at_long = |i: usize| at(i, "%a %-d %b %-H:%M %Z");
    let at_short = |i: usize| at(i, "%a %-H:%M %Z");
    let place = |parts: &[usize]| {
        let mut cities: Vec<String> = parts
            .iter()
            .flat_map(|&i| &plan.members[i])
            .flat_map(|&r| plan.places[r].zones.iter().copied().map(city))
            .collect();
        cities.sort();
        cities.dedup();
        match cities.len() {
            0 => String::new(),
            1..=3 => format!(" ({})", cities.join(", ")),
            n => format!(" ({}, and {} more zones)", cities[..2].join(", "), n - 2),
        }
    };
    let starts_now = |i: usize| plan.parts[i].scheduled_at.is_none();
    let mut order: Vec<usize> = (0..plan.starts.len()).collect();
    order.sort_by_key(|&i| plan.starts[i]);
    let Some(&first) = order.first() else {
        return "No calls can be planned.".into();
    };
    let first_group: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| plan.starts[i] == plan.starts[first] || (starts_now(first) && starts_now(i)))
        .collect();
    let later: Vec<usize> = order
        .iter()
        .copied()
        .filter(|i| !first_group.contains(i))
        .collect();
    let now = if launched {
        "now"
    } else {
        "as soon as you launch"
    };
    let Some(&last) = later.last() else {
        return match (starts_now(first), launched) {
            (true, true) => "Calls are starting now.".into(),
            (true, false) => format!("As soon as you launch{}.", place(&first_group)),
            (false, true) => format!(
                "Calls will start {}{}.",
                at_long(first),
                place(&first_group)
            ),
            (false, false) => format!("{}{}.", at_long(first), place(&first_group)),
        };
    };
    let head = if starts_now(first) {
        format!("First calls {now}{}", place(&first_group))
    } else {
        format!("First calls {}{}", at_long(first), place(&first_group))
    };
    let mut local_starts: Vec<String> = later.iter().map(|&i| at(i, "%-H:%M")).collect();
    local_starts.dedup();
    let others = if later.len() == 1 {
        format!("the other part {}{}", at_short(last), place(&later))
    } else if let [one] = local_starts.as_slice() {
        format!(
            "others at {one} in their own time zone, last part {}",
            at_short(last)
        )
    } else {
        format!(
            "others later, as their recipients' hours open; last part {}",
            at_short(last)
        )
    };
    format!("{head}; {others}.")
}

/// "Calls on 2 days: Tue 9:00 EST – Wed 19:45 CST (each recipient's own time)": the first start
/// in the first part's zone, the last latest start in the last-ending part's zone.
fn summary(plan: &Plan, days: usize) -> String {
    let local = |i: usize, t: DateTime<Utc>| -> String {
        match plan.members[i]
            .first()
            .and_then(|&r| plan.places[r].zones.first())
        {
            Some(z) => t.with_timezone(z).format("%a %-H:%M %Z").to_string(),
            None => t.format("%a %-H:%M UTC").to_string(),
        }
    };
    let first = (0..plan.starts.len()).min_by_key(|&i| plan.starts[i]);
    let last = (0..plan.ends_by.len()).max_by_key(|&i| plan.ends_by[i]);
    let (Some(first), Some(last)) = (first, last) else {
        return "No calls can be planned.".into();
    };
    let day_words = if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    };
    format!(
        "Calls on {day_words}: {} – {} (each recipient's own time)",
        local(first, plan.starts[first]),
        local(last, plan.ends_by[last])
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::plan::{plan, PlanInput, Start};
    use crate::schedule::HoursChoice;

    fn import(csv: &str) -> Vec<Recipient> {
        recipients::import(
            csv.as_bytes(),
            "leads.csv",
            &recipients::ImportOptions::default(),
        )
        .unwrap()
        .recipients
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn planned(list: &[Recipient], now: DateTime<Utc>) -> Plan {
        let input = PlanInput {
            recipients: list,
            name: "Spring".into(),
            source: None,
            agent_id: "agent_1".into(),
            agent_name: None,
            from_number_id: "pn_1".into(),
            from_number: None,
            concurrency: Some(4),
            ringing_timeout_seconds: Some(60),
            max_call_duration_minutes: None,
            start: Start::Now,
            consent_acknowledged: true,
            concurrency_limit: Some(8),
            hours: HoursChoice::default(),
            location_columns: None,
            call_minutes: None,
            finished_call_seconds: Vec::new(),
            rule_overrides: Vec::new(),
            consent: crate::consent::ConsentCheck::default(),
            compare: None,
        };
        plan(&input, now).unwrap()
    }

    #[test]
    fn review_counts_recipients_by_zone_and_state_and_names_the_rules_that_touch_them() {
        let list = import(
            "Phone,State\n+13055550100,FL\n+13055550101,FL\n+12125550100,NY\n+18005550100,\n",
        );
        let columns = crate::schedule::detect_location_columns(&list);
        let s = location_summary(&list, &columns);
        assert_eq!(s.columns.region.as_deref(), Some("State"));
        assert_eq!(
            s.states,
            [
                NamedCount {
                    name: "Florida".into(),
                    recipients: 2
                },
                NamedCount {
                    name: "New York".into(),
                    recipients: 1
                }
            ]
        );
        assert_eq!(s.zones[0].name, "New York (America)");
        assert_eq!(
            s.zones[0].recipients, 4,
            "the toll-free number may be anywhere"
        );
        assert_eq!(s.several_zones, 1);
        assert_eq!(s.no_zone, 0);
        assert_eq!(s.rules.len(), 1);
        assert_eq!(s.rules[0].recipients, 2);
        assert!(
            s.rules[0].words.starts_with("Florida: 8 am–8 pm"),
            "{}",
            s.rules[0].words
        );
        assert!(s.rules[0].source.contains("501.616"));
    }

    #[test]
    fn the_preview_tells_each_day_in_the_managers_zone_and_sums_up_in_words() {
        // 8:00 in New York on Tuesday 3 March: New York opens at 9:00, Los Angeles at 12:00.
        let list = import("Phone\n+12125550100\n+13105550100\n");
        let p = planned(&list, at("2026-03-03T13:00:00Z"));
        let chicago: Tz = "America/Chicago".parse().unwrap();
        let v = preview(&p, chicago, 60);
        assert_eq!(v.parts.len(), 2);
        assert!(!v.parts[0].starts_now);
        assert_eq!(v.parts[0].zones, ["New York (America)"]);
        assert_eq!(v.days.len(), 1);
        assert_eq!(v.days[0].label, "Tue 3 Mar");
        assert_eq!(v.days[0].calls, 2);
        assert!(v.days[0].hours.starts_with("8:00–"), "{}", v.days[0].hours);
        assert!(v.days[0].hours.ends_with("CST"), "{}", v.days[0].hours);
        assert!(
            v.summary.starts_with("Calls on 1 day: Tue 9:00 EST – Tue "),
            "{}",
            v.summary
        );
        assert!(v.summary.contains("PST"), "{}", v.summary);
        assert!(
            v.call_minutes_words.contains("default"),
            "{}",
            v.call_minutes_words
        );
        assert_eq!(v.calls_at_once, 4);
        assert_eq!(v.left_out_total, 0);
        assert_eq!(v.locations.zones.len(), 2);
        assert!(v.finish_at.is_some());
    }

    #[test]
    fn the_start_is_told_with_the_parts_that_start_later() {
        // 9:30 in New York on Tuesday 3 March: New York now; Chicago, Denver and Los Angeles at
        // 9:00 in their own time.
        // (Denver's 303 may also be Chicago: its part is told in the zone whose hours open last.)
        let list = import("Phone\n+12125550100\n+13125550100\n+13035550100\n+13105550100\n");
        let p = planned(&list, at("2026-03-03T14:30:00Z"));
        assert_eq!(p.parts.len(), 4);
        assert_eq!(
            start_words(&p, false),
            "First calls as soon as you launch (New York); others at 9:00 in their own time \
             zone, last part Tue 9:00 PST."
        );
        assert_eq!(
            start_words(&p, true),
            "First calls now (New York); others at 9:00 in their own time zone, last part Tue \
             9:00 PST."
        );
        assert_eq!(preview(&p, Tz::UTC, 60).start_words, start_words(&p, false));

        // New York and Los Angeles: the other part is named with its zone.
        let two = import("Phone\n+12125550100\n+13105550100\n");
        let p = planned(&two, at("2026-03-03T14:30:00Z"));
        assert_eq!(
            start_words(&p, true),
            "First calls now (New York); the other part Tue 9:00 PST (Los Angeles)."
        );

        // Everyone inside their hours: every part starts at once.
        let p = planned(&two, at("2026-03-03T18:00:00Z"));
        assert!(p.parts.iter().all(|part| part.scheduled_at.is_none()));
        assert_eq!(start_words(&p, true), "Calls are starting now.");
        assert_eq!(
            start_words(&p, false),
            "As soon as you launch (Los Angeles, New York)."
        );

        // Before anyone's hours open: the first start is later, in its zone's time.
        let one = import("Phone\n+12125550100\n");
        let p = planned(&one, at("2026-03-03T12:00:00Z"));
        assert_eq!(
            start_words(&p, true),
            "Calls will start Tue 3 Mar 9:00 EST (New York)."
        );
    }

    #[test]
    fn the_preview_needs_no_consent_yet_and_reads_an_unknown_zone_as_utc() {
        let list = import("Phone\n+12125550100\n");
        let input = PlanInput {
            recipients: &list,
            name: String::new(),
            source: None,
            agent_id: "agent_1".into(),
            agent_name: None,
            from_number_id: "pn_1".into(),
            from_number: None,
            concurrency: None,
            ringing_timeout_seconds: None,
            max_call_duration_minutes: None,
            start: Start::Now,
            consent_acknowledged: false,
            concurrency_limit: None,
            hours: HoursChoice::default(),
            location_columns: None,
            call_minutes: None,
            finished_call_seconds: Vec::new(),
            rule_overrides: Vec::new(),
            consent: crate::consent::ConsentCheck::default(),
            compare: None,
        };
        let v = plan_preview(&input, &[], "Mars/Olympus", at("2026-03-03T15:00:00Z")).unwrap();
        assert_eq!(v.time_zone, "UTC");
        assert!(v.parts[0].starts_now);
        assert!(v.days[0].hours.ends_with("UTC"), "{}", v.days[0].hours);
        assert_eq!(v.parts[0].calls_at_once, 1, "one recipient");
        assert_eq!(v.calls_at_once, crate::settings::DEFAULT_ORG_CONCURRENCY);
    }
}

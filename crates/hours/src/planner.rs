//! The hours planner: recipients in, parts out, each part called only while every one of its
//! recipients is inside their hours.
//!
//! Recipients with the same allowed windows (the same zones and state rules, or different ones that
//! happen to give the same times) are planned together, so a list of 100,000 is a few dozen
//! groups. Time is swept forward from the earliest start: at each window opening, and each time a
//! part's calls should be over, the groups that may be called now (the one whose window closes
//! first goes first) get parts of at most 5,000 recipients, each with the fewest calls at a time
//! that finish it before its window closes (less a safety margin), out of what the other parts
//! running then leave of the campaign's limit. Whoever is left when 30 days have passed is not
//! scheduled, with a reason.

use crate::rules::{RuleOverride, StateRule};
use crate::windows::{ceil_minute, windows_secs, Secs};
use crate::{CallingHours, HoursError};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};
use whereabouts::Whereabouts;

/// How long before the hours close the last call of a part must have started, by default.
pub const DEFAULT_SAFETY_MARGIN_MINUTES: u32 = 15;

/// One recipient to plan.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// Spreadsheet row number.
    pub row: u64,
    /// The number in E.164.
    pub to_number: String,
    pub whereabouts: Whereabouts,
}

/// What to plan, and under which hours and rules.
#[derive(Debug, Clone)]
pub struct PlanInput<'a> {
    pub recipients: &'a [Recipient],
    pub hours: CallingHours,
    /// The state rules (usually [`crate::rules::us_state_rules`]).
    pub rules: &'a [StateRule],
    /// State rules turned off on purpose for this campaign.
    pub overrides: &'a [RuleOverride],
    /// The campaign's limit of calls at the same time, shared by every part running at once.
    pub concurrency: u32,
    /// The expected length of one call, ringing included, in minutes.
    pub call_minutes: u32,
    /// No call before this (the present when it is earlier).
    pub earliest_start: DateTime<Utc>,
    /// How long before the hours close the last call must have started.
    pub safety_margin_minutes: u32,
}

/// One part: a batch of at most 5,000 recipients that starts at `scheduled_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub scheduled_at: DateTime<Utc>,
    /// The latest moment any call of the part may start: every recipient of the part may be
    /// called throughout [`scheduled_at`, `ends_by`] in every zone they may be in.
    pub ends_by: DateTime<Utc>,
    /// Calls at the same time this part asks for.
    pub target_concurrency_limit: u32,
    /// The part's recipients, as indexes into [`PlanInput::recipients`], in list order.
    pub recipients: Vec<usize>,
}

impl Part {
    /// Until when the part holds its calls at the same time: its last call may start at
    /// `ends_by` and last a whole call.
    pub fn busy_until(&self, call_minutes: u32) -> DateTime<Utc> {
        self.ends_by + Duration::minutes(call_minutes.into())
    }
}

/// A recipient the plan leaves out, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotScheduled {
    /// Index into [`PlanInput::recipients`].
    pub recipient: usize,
    pub reason: String,
}

/// The plan: parts in the order they start, and whoever can't be called within 30 days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub parts: Vec<Part>,
    pub not_scheduled: Vec<NotScheduled>,
    /// When the last part's calls should be over (`None` when nothing is planned).
    pub finish_at: Option<DateTime<Utc>>,
}

/// Recipients with the same allowed windows.
struct Group {
    windows: Vec<(Secs, Secs)>,
    members: Vec<usize>,
    /// Members already in a part.
    taken: usize,
    /// The first window that may still be open.
    window: usize,
    zones: Vec<Tz>,
}

/// Plans `input` as of `now`. Refuses settings that can't be planned (hours wider than the federal
/// ones, no calls at a time, a call length out of range, a start more than 30 days ahead).
pub fn plan(input: &PlanInput<'_>, now: DateTime<Utc>) -> Result<Plan, HoursError> {
    input.hours.check()?;
    if input.concurrency < limits::MIN_CONCURRENCY {
        return Err(HoursError::NoConcurrency);
    }
    if !limits::MAX_CALL_DURATION_MINUTES.contains(&input.call_minutes) {
        return Err(HoursError::CallMinutes(input.call_minutes));
    }
    let last = now + Duration::days(limits::MAX_SCHEDULE_DAYS_AHEAD.into());
    if input.earliest_start > last {
        return Err(HoursError::StartTooFar);
    }
    let horizon = last.timestamp().div_euclid(60) * 60;
    let start = ceil_minute(input.earliest_start.max(now).timestamp());
    let call = i64::from(input.call_minutes) * 60;
    let margin = i64::from(input.safety_margin_minutes) * 60;

    let mut not_scheduled = Vec::new();
    let mut groups = group(input, start, horizon, margin, &mut not_scheduled);
    for g in groups.iter().filter(|g| g.windows.is_empty()) {
        for &i in &g.members {
            not_scheduled.push(NotScheduled {
                recipient: i,
                reason: format!(
                    "The calling hours don't open in the next {} days in every time zone this \
                     number may be in ({}). Widen the days or hours, or call it another time.",
                    limits::MAX_SCHEDULE_DAYS_AHEAD,
                    zone_names(&g.zones)
                ),
            });
        }
    }
    groups.retain(|g| !g.windows.is_empty());

    let limit = i64::from(input.concurrency);
    let max_part = limits::MAX_RECIPIENTS_PER_BATCH as i64;
    let mut moments: BTreeSet<Secs> = groups.iter().map(|g| g.windows[0].0).collect();
    // Parts still holding calls: (until, calls at a time), soonest first.
    let mut running: BinaryHeap<Reverse<(Secs, i64)>> = BinaryHeap::new();
    let mut used = 0i64;
    let mut parts = Vec::new();
    while let Some(t) = moments.pop_first() {
        if t > horizon {
            break;
        }
        while let Some(Reverse((until, c))) = running.peek().copied() {
            if until > t {
                break;
            }
            running.pop();
            used -= c;
        }
        // The groups that may be called at `t`, with the end of their window, soonest first.
        let mut open: Vec<(Secs, usize)> = Vec::new();
        for (gi, g) in groups.iter_mut().enumerate() {
            while g.window < g.windows.len() && g.windows[g.window].1 <= t {
                g.window += 1;
            }
            if g.taken < g.members.len() {
                if let Some(&(o, e)) = g.windows.get(g.window) {
                    if o <= t {
                        open.push((e, gi));
                        // Should this window be too short for even one call, the next one.
                        if let Some(&(next, _)) = g.windows.get(g.window + 1) {
                            moments.insert(next);
                        }
                    } else {
                        moments.insert(o);
                    }
                }
            }
        }
        open.sort_unstable();
        for (end, gi) in open {
            let g = &mut groups[gi];
            let avail = end - t;
            while used < limit && g.taken < g.members.len() {
                let free = limit - used;
                let left = (g.members.len() - g.taken) as i64;
                let k = left.min(max_part).min(free * avail / call);
                if k == 0 {
                    break;
                }
                let c = div_ceil(k * call, avail);
                let length = ceil_minute(div_ceil(k * call, c)).min(avail);
                let (Some(at), Some(by)) = (
                    DateTime::from_timestamp(t, 0),
                    DateTime::from_timestamp(t + length, 0),
                ) else {
                    break;
                };
                parts.push(Part {
                    scheduled_at: at,
                    ends_by: by,
                    target_concurrency_limit: u32::try_from(c).unwrap_or(u32::MAX),
                    recipients: g.members[g.taken..g.taken + k as usize].to_vec(),
                });
                g.taken += k as usize;
                used += c;
                running.push(Reverse((t + length + call, c)));
                moments.insert(t + length + call);
            }
        }
    }
    for g in &groups {
        for &i in &g.members[g.taken..] {
            not_scheduled.push(NotScheduled {
                recipient: i,
                reason: format!(
                    "Not reached in the next {} days: the calling hours hold too few calls at {} \
                     at a time. Allow more calls at the same time, or call the rest in a later \
                     campaign.",
                    limits::MAX_SCHEDULE_DAYS_AHEAD,
                    input.concurrency
                ),
            });
        }
    }
    not_scheduled.sort_by_key(|n| n.recipient);
    let finish_at = parts.iter().map(|p| p.ends_by).max();
    Ok(Plan {
        parts,
        not_scheduled,
        finish_at,
    })
}

/// Groups the recipients by their allowed windows (each ending `margin` before the hours close,
/// and by the horizon); those with no zone at all go to `not_scheduled`.
fn group(
    input: &PlanInput<'_>,
    start: Secs,
    horizon: Secs,
    margin: Secs,
    not_scheduled: &mut Vec<NotScheduled>,
) -> Vec<Group> {
    type Key<'a> = (&'a [Tz], Option<&'a str>, &'a [String]);
    let mut by_place: HashMap<Key<'_>, usize> = HashMap::new();
    let mut by_windows: HashMap<Vec<(Secs, Secs)>, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for (i, r) in input.recipients.iter().enumerate() {
        let w = &r.whereabouts;
        if w.zones.is_empty() {
            not_scheduled.push(NotScheduled {
                recipient: i,
                reason: "We can't tell where this number is, so we can't know its local time. \
                         Add a ZIP code, state or time-zone column for it, or leave it out."
                    .to_string(),
            });
            continue;
        }
        let key = (
            w.zones.as_slice(),
            w.region.as_deref(),
            w.other_regions.as_slice(),
        );
        let gi = match by_place.get(&key) {
            Some(&gi) => gi,
            None => {
                let rules = rules_for(input, w);
                let mut zones = w.zones.clone();
                zones.sort_by_key(|z| z.name());
                zones.dedup();
                let windows: Vec<_> =
                    windows_secs(&zones, &rules, &input.hours, start, horizon + margin)
                        .into_iter()
                        .map(|(o, e)| (o, (e - margin).min(horizon)))
                        .filter(|(o, e)| o < e)
                        .collect();
                let gi = *by_windows.entry(windows.clone()).or_insert_with(|| {
                    groups.push(Group {
                        windows,
                        members: Vec::new(),
                        taken: 0,
                        window: 0,
                        zones: Vec::new(),
                    });
                    groups.len() - 1
                });
                for z in zones {
                    if !groups[gi].zones.contains(&z) {
                        groups[gi].zones.push(z);
                    }
                }
                by_place.insert(key, gi);
                gi
            }
        };
        groups[gi].members.push(i);
    }
    groups
}

/// The state rules for a recipient's region and any other region a source named, less those
/// overridden.
fn rules_for<'a>(input: &PlanInput<'a>, w: &Whereabouts) -> Vec<&'a StateRule> {
    let regions: Vec<&str> = w
        .region
        .iter()
        .chain(w.other_regions.iter())
        .map(String::as_str)
        .collect();
    input
        .rules
        .iter()
        .filter(|r| regions.contains(&r.region.as_str()))
        .filter(|r| !input.overrides.iter().any(|o| o.region == r.region))
        .collect()
}

/// `a / b` rounded up, for positive `a` and `b`.
fn div_ceil(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}

fn zone_names(zones: &[Tz]) -> String {
    zones
        .iter()
        .map(|z| z.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::us_state_rules;
    use crate::test_support::utc;
    use crate::Days;
    use chrono::NaiveTime;
    use chrono_tz::America;
    use whereabouts::Basis;

    fn people(n: usize, zone: Tz, region: Option<&str>) -> Vec<Recipient> {
        (0..n)
            .map(|i| Recipient {
                row: i as u64 + 2,
                to_number: format!("+1305555{i:04}"),
                whereabouts: Whereabouts {
                    zones: vec![zone],
                    region: region.map(str::to_string),
                    other_regions: Vec::new(),
                    basis: Basis::AreaCode("305".into()),
                    sources_disagree: false,
                },
            })
            .collect()
    }

    fn input(recipients: &[Recipient], concurrency: u32, call_minutes: u32) -> PlanInput<'_> {
        PlanInput {
            recipients,
            hours: CallingHours::default(),
            rules: us_state_rules(),
            overrides: &[],
            concurrency,
            call_minutes,
            // Monday 2 March 2026, 7:00 in New York.
            earliest_start: utc("2026-03-02T12:00:00Z"),
            safety_margin_minutes: DEFAULT_SAFETY_MARGIN_MINUTES,
        }
    }

    fn now() -> DateTime<Utc> {
        utc("2026-03-02T11:00:00Z")
    }

    #[test]
    fn a_large_list_is_cut_into_parts_of_at_most_5000_that_start_at_nine_local() {
        let list = people(12_000, America::New_York, Some("US-NY"));
        let plan = plan(&input(&list, 100, 1), now()).unwrap_or_else(|e| panic!("{e}"));
        let sizes: Vec<_> = plan.parts.iter().map(|p| p.recipients.len()).collect();
        assert_eq!(sizes, vec![5_000, 5_000, 2_000]);
        for p in &plan.parts {
            assert_eq!(
                p.scheduled_at,
                utc("2026-03-02T14:00:00Z"),
                "9:00 in New York"
            );
            assert!(
                p.ends_by <= utc("2026-03-03T00:45:00Z"),
                "19:45, 15 minutes before 20:00"
            );
        }
        let together: u32 = plan.parts.iter().map(|p| p.target_concurrency_limit).sum();
        assert!(together <= 100, "{together} calls at once");
        assert!(plan.not_scheduled.is_empty());
    }

    #[test]
    fn what_doesnt_fit_one_day_is_carried_to_the_next_calling_day() {
        // 9:00–19:45 is 645 minutes; at 10 calls of 3 minutes that is 2,150 calls a day.
        let list = people(3_000, America::New_York, None);
        let mut inp = input(&list, 10, 3);
        inp.earliest_start = utc("2026-03-07T12:00:00Z"); // a Saturday; Sunday is no calling day
        let plan = plan(&inp, now()).unwrap_or_else(|e| panic!("{e}"));
        let starts: Vec<_> = plan
            .parts
            .iter()
            .map(|p| (p.scheduled_at, p.recipients.len()))
            .collect();
        assert_eq!(
            starts,
            vec![
                (utc("2026-03-07T14:00:00Z"), 2_150),
                (utc("2026-03-09T13:00:00Z"), 850),
            ],
            "Monday 9:00 is 13:00 UTC after the clocks went forward"
        );
        let first = &plan.parts[0];
        assert_eq!(first.target_concurrency_limit, 10);
        let minutes = (first.ends_by - first.scheduled_at).num_minutes();
        assert!(2_150 * 3 <= minutes * 10, "{minutes} minutes");
        assert_eq!(plan.finish_at, Some(plan.parts[1].ends_by));
    }

    #[test]
    fn a_start_too_late_in_the_day_for_one_call_moves_to_the_next_morning() {
        let list = people(2, America::New_York, None);
        let mut inp = input(&list, 1, 10);
        inp.earliest_start = utc("2026-03-03T00:40:00Z"); // 19:40 in New York, 5 minutes left
        let plan = plan(&inp, now()).unwrap_or_else(|e| panic!("{e}"));
        assert!(plan.not_scheduled.is_empty(), "{:?}", plan.not_scheduled);
        assert_eq!(plan.parts.len(), 1);
        assert_eq!(plan.parts[0].scheduled_at, utc("2026-03-03T14:00:00Z"));
    }

    #[test]
    fn florida_stops_at_eight_unless_its_rule_is_overridden() {
        let list = people(40, America::New_York, Some("US-FL"));
        let mut inp = input(&list, 1, 30);
        inp.hours = CallingHours::default()
            .with_range("08:00-21:00")
            .unwrap_or_default();
        inp.earliest_start = utc("2026-03-02T23:00:00Z"); // 18:00 in Miami
        let with_rule = plan(&inp, now()).unwrap_or_else(|e| panic!("{e}"));
        let first = &with_rule.parts[0];
        // Until 19:45 there is time for 3 calls of 30 minutes at 1 at a time.
        assert_eq!(first.recipients.len(), 3);
        assert!(first.ends_by <= utc("2026-03-03T00:45:00Z"));
        let overrides = [RuleOverride {
            region: "US-FL".into(),
            reason: "calls requested by the recipients".into(),
        }];
        inp.overrides = &overrides;
        let without = plan(&inp, now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            without.parts[0].recipients.len(),
            5,
            "until 20:45 under federal hours"
        );
    }

    #[test]
    fn a_state_named_only_by_the_area_code_still_applies_its_rule() {
        // The ZIP code says Georgia, the 305 area code Florida: Florida's 20:00 applies too.
        let mut list = people(40, America::New_York, Some("US-GA"));
        for r in &mut list {
            r.whereabouts.other_regions = vec!["US-FL".into()];
        }
        let mut inp = input(&list, 1, 30);
        inp.hours = CallingHours::default()
            .with_range("08:00-21:00")
            .unwrap_or_default();
        inp.earliest_start = utc("2026-03-02T23:00:00Z"); // 18:00 in Atlanta
        let plan = plan(&inp, now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            plan.parts[0].recipients.len(),
            3,
            "18:00–19:45 holds 3 calls"
        );
        assert!(plan.parts[0].ends_by <= utc("2026-03-03T00:45:00Z"));
    }

    #[test]
    fn recipients_out_of_reach_are_reported_with_a_reason_not_dropped() {
        let mut list = people(3, America::Chicago, Some("US-IL"));
        list[1].whereabouts.zones.clear();
        // Sunday only, and Rhode Island allows no Sundays.
        list[2].whereabouts.region = Some("US-RI".into());
        let mut inp = input(&list, 5, 3);
        inp.hours.days = Days::parse("sun").unwrap_or(Days::ALL);
        let plan = plan(&inp, now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.parts.len(), 1);
        assert_eq!(plan.parts[0].recipients, vec![0]);
        let left: Vec<_> = plan.not_scheduled.iter().map(|n| n.recipient).collect();
        assert_eq!(left, vec![1, 2]);
        assert!(plan.not_scheduled[0]
            .reason
            .contains("ZIP code, state or time-zone column"));
        assert!(plan.not_scheduled[1]
            .reason
            .contains("don't open in the next 30 days"));
        assert!(plan.not_scheduled[1].reason.contains("America/Chicago"));
    }

    #[test]
    fn a_list_too_long_for_thirty_days_reports_the_rest() {
        let list = people(20_000, America::Los_Angeles, None);
        let plan = plan(&input(&list, 1, 60), now()).unwrap_or_else(|e| panic!("{e}"));
        let planned: usize = plan.parts.iter().map(|p| p.recipients.len()).sum();
        assert!(planned > 100 && planned < 400, "{planned}");
        assert_eq!(planned + plan.not_scheduled.len(), 20_000);
        assert!(plan.not_scheduled[0]
            .reason
            .contains("too few calls at 1 at a time"));
        let limit = now() + Duration::days(30);
        assert!(plan.parts.iter().all(|p| p.ends_by <= limit));
    }

    #[test]
    fn settings_that_cant_be_planned_are_refused_in_plain_words() {
        let list = people(1, America::New_York, None);
        let mut inp = input(&list, 0, 3);
        assert_eq!(plan(&inp, now()), Err(HoursError::NoConcurrency));
        inp.concurrency = 1;
        inp.call_minutes = 0;
        assert_eq!(plan(&inp, now()), Err(HoursError::CallMinutes(0)));
        inp.call_minutes = 3;
        inp.earliest_start = now() + Duration::days(31);
        assert_eq!(plan(&inp, now()), Err(HoursError::StartTooFar));
        inp.earliest_start = now();
        inp.hours.to = NaiveTime::from_hms_opt(21, 30, 0).unwrap_or_default();
        assert_eq!(plan(&inp, now()), Err(HoursError::WiderThanFederal));
    }
}

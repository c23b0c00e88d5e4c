//! When a recipient may be called: for each zone they may be in, the campaign's hours on each
//! local date (minus its skipped days, holidays and their state's stricter rules), then only the
//! times that fit every zone at once.

use crate::holidays::is_us_federal_holiday;
use crate::rules::StateRule;
use crate::CallingHours;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A stretch of time in which a call may start, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub open: DateTime<Utc>,
    pub close: DateTime<Utc>,
}

/// Seconds since the Unix epoch, always on a whole minute.
pub(crate) type Secs = i64;

/// The times between `from` and `until` in which every one of `zones` is inside `hours` and the
/// `rules` (the recipient's states'), in order. No zones: no window.
pub fn allowed_windows(
    zones: &[Tz],
    rules: &[&StateRule],
    hours: &CallingHours,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<Window> {
    let (from, until) = (ceil_minute(from.timestamp()), until.timestamp());
    windows_secs(zones, rules, hours, from, until)
        .into_iter()
        .filter_map(|(open, close)| {
            Some(Window {
                open: DateTime::from_timestamp(open, 0)?,
                close: DateTime::from_timestamp(close, 0)?,
            })
        })
        .collect()
}

pub(crate) fn ceil_minute(s: Secs) -> Secs {
    s.div_euclid(60) * 60 + if s.rem_euclid(60) > 0 { 60 } else { 0 }
}

fn floor_minute(s: Secs) -> Secs {
    s.div_euclid(60) * 60
}

pub(crate) fn windows_secs(
    zones: &[Tz],
    rules: &[&StateRule],
    hours: &CallingHours,
    from: Secs,
    until: Secs,
) -> Vec<(Secs, Secs)> {
    let mut zones = zones.iter();
    let Some(first) = zones.next() else {
        return Vec::new();
    };
    let mut all = zone_windows(*first, rules, hours, from, until);
    for zone in zones {
        if all.is_empty() {
            break;
        }
        all = intersect(&all, &zone_windows(*zone, rules, hours, from, until));
    }
    all
}

fn zone_windows(
    tz: Tz,
    rules: &[&StateRule],
    hours: &CallingHours,
    from: Secs,
    until: Secs,
) -> Vec<(Secs, Secs)> {
    let local_date = |s: Secs| {
        DateTime::from_timestamp(s, 0)
            .map(|d| d.with_timezone(&tz).date_naive())
            .unwrap_or(NaiveDate::MIN)
    };
    let skip_holidays = hours.skip_us_federal_holidays || rules.iter().any(|r| r.no_holidays);
    let (first, last) = (local_date(from), local_date(until));
    let mut out = Vec::new();
    let mut date = first;
    while date <= last {
        if let Some((open, close)) = day_hours(date, rules, hours, skip_holidays) {
            if let (Some(open), Some(close)) = (
                instant(tz, date, open, Side::Open),
                instant(tz, date, close, Side::Close),
            ) {
                let (open, close) = (open.max(from), close.min(until));
                if open < close {
                    out.push((open, close));
                }
            }
        }
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    out
}

/// The local from–to on `date`, or `None` when no call is allowed that day.
fn day_hours(
    date: NaiveDate,
    rules: &[&StateRule],
    hours: &CallingHours,
    skip_holidays: bool,
) -> Option<(NaiveTime, NaiveTime)> {
    let day = date.weekday();
    if !hours.days.contains(day) || (skip_holidays && is_us_federal_holiday(date)) {
        return None;
    }
    let (mut from, mut to) = (hours.from, hours.to);
    for rule in rules {
        let (rule_from, rule_to) = rule.hours_on(day)?;
        from = rule_from.map_or(from, |f| f.max(from));
        to = rule_to.map_or(to, |t| t.min(to));
    }
    (from < to).then_some((from, to))
}

#[derive(Clone, Copy)]
enum Side {
    Open,
    Close,
}

/// The instant `time` on `date` in `tz`, on the safe side: when a clock change makes it happen
/// twice, the later for an opening and the earlier for a closing; when it doesn't happen, the
/// first minute after (opening) or before (closing) that does.
fn instant(tz: Tz, date: NaiveDate, time: NaiveTime, side: Side) -> Option<Secs> {
    let step = match side {
        Side::Open => Duration::minutes(1),
        Side::Close => Duration::minutes(-1),
    };
    let mut local = date.and_time(time);
    for _ in 0..=180 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return Some(round(t.timestamp(), side)),
            LocalResult::Ambiguous(a, b) => {
                let t = match side {
                    Side::Open => a.max(b),
                    Side::Close => a.min(b),
                };
                return Some(round(t.timestamp(), side));
            }
            LocalResult::None => local += step,
        }
    }
    None
}

fn round(s: Secs, side: Side) -> Secs {
    match side {
        Side::Open => ceil_minute(s),
        Side::Close => floor_minute(s),
    }
}

/// The times in both sorted, non-overlapping lists.
fn intersect(a: &[(Secs, Secs)], b: &[(Secs, Secs)]) -> Vec<(Secs, Secs)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        let (open, close) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if open < close {
            out.push((open, close));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule_for;
    use crate::test_support::utc;
    use chrono_tz::America;

    fn windows(
        zones: &[Tz],
        region: Option<&str>,
        from: &str,
        until: &str,
    ) -> Vec<(String, String)> {
        let rules: Vec<_> = region.and_then(rule_for).into_iter().collect();
        allowed_windows(
            zones,
            &rules,
            &CallingHours::default(),
            utc(from),
            utc(until),
        )
        .into_iter()
        .map(|w| (w.open.to_rfc3339(), w.close.to_rfc3339()))
        .collect()
    }

    #[test]
    fn a_number_split_between_eastern_and_central_is_called_when_both_are_in_hours() {
        // Monday 2026-03-02: 9:00 Central is 15:00 UTC, 20:00 Eastern is 01:00 UTC.
        let w = windows(
            &[America::New_York, America::Chicago],
            None,
            "2026-03-02T00:00:00Z",
            "2026-03-03T00:00:00Z",
        );
        assert_eq!(
            w,
            vec![(
                "2026-03-02T15:00:00+00:00".to_string(),
                "2026-03-03T00:00:00+00:00".to_string()
            )]
        );
    }

    #[test]
    fn daylight_saving_moves_eastern_hours_by_an_hour_in_utc_and_arizona_stays() {
        // Sunday 2026-03-08 is skipped (Mon–Sat); Saturday 7th is EST, Monday 9th EDT.
        let ny = windows(
            &[America::New_York],
            None,
            "2026-03-07T05:00:00Z",
            "2026-03-10T06:00:00Z",
        );
        assert_eq!(ny.len(), 2);
        assert_eq!(ny[0].0, "2026-03-07T14:00:00+00:00");
        assert_eq!(ny[1].0, "2026-03-09T13:00:00+00:00");
        let az = windows(
            &[America::Phoenix],
            None,
            "2026-03-07T07:00:00Z",
            "2026-03-10T08:00:00Z",
        );
        assert_eq!(az[0].0, "2026-03-07T16:00:00+00:00");
        assert_eq!(az[1].0, "2026-03-09T16:00:00+00:00");
    }

    #[test]
    fn florida_recipients_stop_at_eight_and_rhode_island_on_saturday_at_five() {
        // Campaign hours 9–20 already end at 20:00; with 9–21 Florida's 20:00 decides.
        let rules: Vec<_> = rule_for("US-FL").into_iter().collect();
        let hours = CallingHours::default().with_range("08:00-21:00");
        let hours = hours.unwrap_or_default();
        let fl = allowed_windows(
            &[America::New_York],
            &rules,
            &hours,
            utc("2026-03-02T00:00:00Z"),
            utc("2026-03-03T06:00:00Z"),
        );
        assert_eq!(fl[0].close, utc("2026-03-03T01:00:00Z"));
        let ri = windows(
            &[America::New_York],
            Some("US-RI"),
            "2026-03-07T00:00:00Z",
            "2026-03-08T06:00:00Z",
        );
        assert_eq!(
            ri,
            vec![(
                "2026-03-07T15:00:00+00:00".to_string(),
                "2026-03-07T22:00:00+00:00".to_string()
            )]
        );
    }

    #[test]
    fn a_federal_holiday_has_no_window() {
        let w = windows(
            &[America::Chicago],
            None,
            "2026-07-03T05:00:00Z",
            "2026-07-05T05:00:00Z",
        );
        assert!(w.is_empty(), "{w:?}");
    }
}

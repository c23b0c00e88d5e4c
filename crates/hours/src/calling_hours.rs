//! A campaign's calling hours: which days of the week, and from–to in the recipient's local time.

use crate::HoursError;
use chrono::{NaiveTime, Weekday};
use std::fmt;

/// Days of the week a campaign calls on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Days(u8);

const ORDER: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl Days {
    /// No day at all (refused by [`CallingHours::check`]).
    pub const NONE: Days = Days(0);
    /// Monday to Saturday, the default.
    pub const MON_SAT: Days = Days(0b0011_1111);
    /// Every day of the week.
    pub const ALL: Days = Days(0b0111_1111);

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    pub fn with(self, day: Weekday) -> Days {
        Days(self.0 | (1 << day.num_days_from_monday()))
    }

    pub fn without(self, day: Weekday) -> Days {
        Days(self.0 & !(1 << day.num_days_from_monday()))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The days in week order, Monday first.
    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        ORDER.into_iter().filter(move |d| self.contains(*d))
    }

    /// Reads `mon-sat`, `mon,wed,fri`, `sat-mon` (wrapping), `weekdays` or `all`.
    pub fn parse(text: &str) -> Result<Days, HoursError> {
        let bad = || HoursError::BadDays(text.to_string());
        let lower = text.trim().to_ascii_lowercase();
        match lower.as_str() {
            "all" | "every day" | "daily" => return Ok(Days::ALL),
            "weekdays" => return Ok(Days::MON_SAT.without(Weekday::Sat)),
            _ => {}
        }
        let mut days = Days::NONE;
        for item in lower.split(',').map(str::trim) {
            match item.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a).ok_or_else(bad)?, day(b).ok_or_else(bad)?);
                    let mut d = a;
                    days = days.with(d);
                    while d != b {
                        d = d.succ();
                        days = days.with(d);
                    }
                }
                None => days = days.with(day(item).ok_or_else(bad)?),
            }
        }
        Ok(days)
    }
}

fn day(text: &str) -> Option<Weekday> {
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let t = text.trim();
    if t.len() < 2 {
        return None;
    }
    let mut found = ORDER
        .into_iter()
        .zip(NAMES)
        .filter(|(_, name)| name.starts_with(t));
    match (found.next(), found.next()) {
        (Some((day, _)), None) => Some(day),
        _ => None,
    }
}

impl fmt::Debug for Days {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Weekday> for Days {
    fn from_iter<I: IntoIterator<Item = Weekday>>(iter: I) -> Days {
        iter.into_iter().fold(Days::NONE, Days::with)
    }
}

/// When a campaign may call, in each recipient's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallingHours {
    pub days: Days,
    pub from: NaiveTime,
    pub to: NaiveTime,
    /// Skip the US federal holidays (their dates and their observed days).
    pub skip_us_federal_holidays: bool,
}

/// The federal window (47 CFR 64.1200(c)(1)): no calling hours may be wider.
pub(crate) fn federal_from() -> NaiveTime {
    NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// The end of the federal window, 21:00.
pub(crate) fn federal_to() -> NaiveTime {
    NaiveTime::from_hms_opt(21, 0, 0).unwrap_or(NaiveTime::MIN)
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl Default for CallingHours {
    /// Monday–Saturday, 9:00–20:00, federal holidays skipped.
    fn default() -> CallingHours {
        CallingHours {
            days: Days::MON_SAT,
            from: hm(9, 0),
            to: hm(20, 0),
            skip_us_federal_holidays: true,
        }
    }
}

impl CallingHours {
    /// Refuses hours that would let a call happen outside 8:00–21:00, end before they start, or
    /// have no day.
    pub fn check(&self) -> Result<(), HoursError> {
        if self.from < federal_from() || self.to > federal_to() {
            return Err(HoursError::WiderThanFederal);
        }
        if self.to <= self.from {
            return Err(HoursError::EndsBeforeStart);
        }
        if self.days.is_empty() {
            return Err(HoursError::NoDays);
        }
        Ok(())
    }

    /// These hours with `from`–`to` read from `09:00-20:00` (or `9-20`, `9:00–20:00`), checked.
    pub fn with_range(self, text: &str) -> Result<CallingHours, HoursError> {
        let bad = || HoursError::BadHours(text.to_string());
        let normal = text.replace(['–', '—'], "-");
        let (a, b) = normal.split_once('-').ok_or_else(bad)?;
        let hours = CallingHours {
            from: time(a).ok_or_else(bad)?,
            to: time(b).ok_or_else(bad)?,
            ..self
        };
        hours.check()?;
        Ok(hours)
    }
}

fn time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    let (h, m) = t.split_once(':').unwrap_or((t, "0"));
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    if h == 24 && m == 0 {
        return NaiveTime::from_hms_opt(23, 59, 59);
    }
    NaiveTime::from_hms_opt(h, m, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_monday_to_saturday_nine_to_eight_skipping_holidays() {
        let h = CallingHours::default();
        assert_eq!(h.days.iter().count(), 6);
        assert!(!h.days.contains(Weekday::Sun));
        assert_eq!((h.from, h.to), (hm(9, 0), hm(20, 0)));
        assert!(h.skip_us_federal_holidays);
        assert_eq!(h.check(), Ok(()));
    }

    #[test]
    fn hours_wider_than_eight_to_nine_are_refused_in_plain_words() {
        let early = CallingHours::default().with_range("07:30-20:00");
        assert_eq!(early, Err(HoursError::WiderThanFederal));
        let late = CallingHours::default().with_range("09:00-21:01");
        assert_eq!(late, Err(HoursError::WiderThanFederal));
        let msg = HoursError::WiderThanFederal.to_string();
        assert!(msg.contains("8:00–21:00"), "{msg}");
        assert_eq!(
            CallingHours::default()
                .with_range("8-21")
                .map(|h| (h.from, h.to)),
            Ok((hm(8, 0), hm(21, 0)))
        );
        assert_eq!(
            CallingHours::default().with_range("20:00-09:00"),
            Err(HoursError::EndsBeforeStart)
        );
        assert!(matches!(
            CallingHours::default().with_range("nine to five"),
            Err(HoursError::BadHours(_))
        ));
    }

    #[test]
    fn days_read_ranges_lists_and_wrapping_ranges() {
        assert_eq!(Days::parse("mon-sat"), Ok(Days::MON_SAT));
        assert_eq!(Days::parse("Mon-Sun"), Ok(Days::ALL));
        let mwf = Days::parse("mon,wed,fri").unwrap_or(Days::NONE);
        assert_eq!(
            mwf.iter().collect::<Vec<_>>(),
            vec![Weekday::Mon, Weekday::Wed, Weekday::Fri]
        );
        let weekend = Days::parse("sat-sun").unwrap_or(Days::NONE);
        assert_eq!(
            weekend.iter().collect::<Vec<_>>(),
            vec![Weekday::Sat, Weekday::Sun]
        );
        assert!(matches!(Days::parse("funday"), Err(HoursError::BadDays(_))));
        let none = CallingHours {
            days: Days::NONE,
            ..CallingHours::default()
        };
        assert_eq!(none.check(), Err(HoursError::NoDays));
    }
}

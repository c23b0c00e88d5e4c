//! US federal holidays (5 U.S.C. 6103) for any year: the fixed-date ones with their observed day
//! (a Saturday holiday is observed the Friday before, a Sunday one the Monday after) and the
//! nth-weekday ones. Calling is skipped on both a holiday's date and its observed day.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One federal holiday in a year: its name, its date and the weekday it is observed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holiday {
    pub name: &'static str,
    pub date: NaiveDate,
    pub observed: NaiveDate,
}

/// The federal holidays whose date falls in `year`, in date order, plus New Year's Day of the
/// next year when it is observed on 31 December of this one.
pub fn us_federal_holidays(year: i32) -> Vec<Holiday> {
    let mut out = Vec::with_capacity(12);
    let mut fixed = |name, month, day| {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            out.push(Holiday {
                name,
                date,
                observed: observed(date),
            });
        }
    };
    fixed("New Year's Day", 1, 1);
    fixed("Juneteenth", 6, 19);
    fixed("Independence Day", 7, 4);
    fixed("Veterans Day", 11, 11);
    fixed("Christmas Day", 12, 25);
    let mut nth = |name, month, weekday, n| {
        if let Some(date) = nth_weekday(year, month, weekday, n) {
            out.push(Holiday {
                name,
                date,
                observed: date,
            });
        }
    };
    nth("Birthday of Martin Luther King, Jr.", 1, Weekday::Mon, 3);
    nth("Washington's Birthday", 2, Weekday::Mon, 3);
    nth("Memorial Day", 5, Weekday::Mon, 0);
    nth("Labor Day", 9, Weekday::Mon, 1);
    nth("Columbus Day", 10, Weekday::Mon, 2);
    nth("Thanksgiving Day", 11, Weekday::Thu, 4);
    if let Some(next) = NaiveDate::from_ymd_opt(year + 1, 1, 1) {
        if next.weekday() == Weekday::Sat {
            out.push(Holiday {
                name: "New Year's Day",
                date: next,
                observed: observed(next),
            });
        }
    }
    out.sort_by_key(|h| h.date);
    out
}

/// Whether `date` is a federal holiday or the day one is observed on.
pub fn is_us_federal_holiday(date: NaiveDate) -> bool {
    us_federal_holidays(date.year())
        .iter()
        .chain(us_federal_holidays(date.year() - 1).iter())
        .any(|h| h.date == date || h.observed == date)
}

fn observed(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date - Duration::days(1),
        Weekday::Sun => date + Duration::days(1),
        _ => date,
    }
}

/// The `n`th `weekday` of `month` (1-based), or the last one for `n == 0`.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    if n == 0 {
        let (y, m) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let mut d = NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()?;
        while d.weekday() != weekday {
            d = d.pred_opt()?;
        }
        return Some(d);
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn observed_days(year: i32) -> Vec<NaiveDate> {
        us_federal_holidays(year)
            .iter()
            .map(|h| h.observed)
            .collect()
    }

    #[test]
    fn the_2026_holidays_are_observed_on_the_days_the_government_closes() {
        // OPM's 2026 list: July 4 is a Saturday, observed Friday July 3.
        assert_eq!(
            observed_days(2026),
            vec![
                d(2026, 1, 1),
                d(2026, 1, 19),
                d(2026, 2, 16),
                d(2026, 5, 25),
                d(2026, 6, 19),
                d(2026, 7, 3),
                d(2026, 9, 7),
                d(2026, 10, 12),
                d(2026, 11, 11),
                d(2026, 11, 26),
                d(2026, 12, 25),
            ]
        );
    }

    #[test]
    fn the_2027_holidays_shift_weekend_dates_to_friday_or_monday() {
        // Juneteenth and Christmas fall on Saturdays, July 4 on a Sunday, and New Year's Day 2028
        // on a Saturday, so it is observed on Friday 31 December 2027.
        assert_eq!(
            observed_days(2027),
            vec![
                d(2027, 1, 1),
                d(2027, 1, 18),
                d(2027, 2, 15),
                d(2027, 5, 31),
                d(2027, 6, 18),
                d(2027, 7, 5),
                d(2027, 9, 6),
                d(2027, 10, 11),
                d(2027, 11, 11),
                d(2027, 11, 25),
                d(2027, 12, 24),
                d(2027, 12, 31),
            ]
        );
    }

    #[test]
    fn both_a_holidays_date_and_its_observed_day_are_skipped() {
        assert!(is_us_federal_holiday(d(2026, 7, 3)));
        assert!(is_us_federal_holiday(d(2026, 7, 4)));
        assert!(is_us_federal_holiday(d(2027, 12, 31)));
        assert!(is_us_federal_holiday(d(2028, 1, 1)));
        assert!(!is_us_federal_holiday(d(2026, 7, 6)));
        assert!(!is_us_federal_holiday(d(2026, 11, 27)));
    }
}

//! Calling hours in each recipient's own local time (issue 11, "Safe Send").
//!
//! A campaign calls only inside its [`CallingHours`] (days of the week and a from–to, never wider
//! than the federal 8:00–21:00), in every time zone a recipient may be in, and inside the stricter
//! rules of the recipient's state ([`rules`]), which only an explicit [`RuleOverride`] turns off.
//! [`plan`] turns recipients into parts of at most 5,000 with one start each, sized to finish
//! before the hours close. Everything here is pure: "now" is always an argument.

mod calling_hours;
pub mod holidays;
mod planner;
pub mod rules;
mod windows;

pub use calling_hours::{CallingHours, Days};
pub use planner::{
    plan, NotScheduled, Part, Plan, PlanInput, Recipient, DEFAULT_SAFETY_MARGIN_MINUTES,
};
pub use rules::{RuleOverride, StateRule};
pub use windows::{allowed_windows, Window};

/// Why calling hours or a plan's settings can't be used, in words for a campaign manager.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error(
        "Calling hours can't start before 8:00 or end after 21:00 in the recipient's time (federal \
         rule). Pick hours inside 8:00–21:00."
    )]
    WiderThanFederal,
    #[error(
        "The calling hours end before they start. Pick a 'to' time later than the 'from' time."
    )]
    EndsBeforeStart,
    #[error("No calling days are chosen. Pick at least one day of the week.")]
    NoDays,
    #[error("\"{0}\" isn't calling hours. Write them like 09:00-20:00.")]
    BadHours(String),
    #[error("\"{0}\" isn't a list of days. Write them like mon-sat or mon,wed,fri.")]
    BadDays(String),
    #[error("Calls at the same time must be at least 1.")]
    NoConcurrency,
    #[error("A call is expected to last {0} minutes; pick between 1 and 480 minutes.")]
    CallMinutes(u32),
    #[error(
        "The earliest start is more than {} days from now. Cartesia can schedule calls at most {} \
         days ahead; pick an earlier start.",
        limits::MAX_SCHEDULE_DAYS_AHEAD,
        limits::MAX_SCHEDULE_DAYS_AHEAD
    )]
    StartTooFar,
}

#[cfg(test)]
mod test_support {
    use chrono::{DateTime, Utc};

    /// An RFC 3339 moment as UTC (the epoch when it doesn't parse, which no test expects).
    pub(crate) fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }
}

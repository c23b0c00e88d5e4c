use super::{PlanError, PlanInput, Start};
use chrono::{DateTime, Duration, Utc};
use limits::{
    MAX_CALL_DURATION_MINUTES, MAX_SCHEDULE_DAYS_AHEAD, MIN_CONCURRENCY, RINGING_TIMEOUT_SECONDS,
};

/// The recipients and the setup values, in the order the wizard asks for them (the schedule and
/// the consent come after).
pub(crate) fn check_setup(input: &PlanInput<'_>) -> Result<(), PlanError> {
    if input.recipients.is_empty() {
        return Err(PlanError::NoRecipients);
    }
    if input.agent_id.trim().is_empty() {
        return Err(PlanError::NoAgent);
    }
    if input.from_number_id.trim().is_empty() {
        return Err(PlanError::NoFromNumber);
    }
    if let Some(asked) = input.concurrency {
        if asked < MIN_CONCURRENCY {
            return Err(PlanError::TooFewCalls);
        }
        if let Some(limit) = input.concurrency_limit.map(|l| l.max(MIN_CONCURRENCY)) {
            if asked > limit {
                return Err(PlanError::TooManyCalls { asked, limit });
            }
        }
    }
    if let Some(asked) = input.ringing_timeout_seconds {
        if !RINGING_TIMEOUT_SECONDS.contains(&asked) {
            return Err(PlanError::RingingTime { asked });
        }
    }
    if let Some(asked) = input.max_call_duration_minutes {
        if !MAX_CALL_DURATION_MINUTES.contains(&asked) {
            return Err(PlanError::CallLength { asked });
        }
    }
    Ok(())
}

/// No call before this: now, or the picked moment when it is later than now and at most the
/// published days ahead.
pub(super) fn earliest_start(
    start: &Start,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, PlanError> {
    match start {
        Start::Now => Ok(now),
        Start::At { utc, .. } if *utc <= now => Err(PlanError::StartPassed),
        Start::At { utc, .. } if *utc > now + Duration::days(MAX_SCHEDULE_DAYS_AHEAD.into()) => {
            Err(PlanError::StartTooFar)
        }
        Start::At { utc, .. } => Ok(*utc),
    }
}

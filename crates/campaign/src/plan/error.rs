use crate::consent::ConsentError;
use crate::draft::WizardStep;
use crate::split::SplitError;
use hours::HoursError;
use limits::{
    MAX_CALL_DURATION_MINUTES, MAX_SCHEDULE_DAYS_AHEAD, MIN_CONCURRENCY, RINGING_TIMEOUT_SECONDS,
};

/// Why a campaign can't be launched as set up, in the words the person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("No recipient in the file can be called. Fix the file and import it again (step 1).")]
    NoRecipients,
    #[error("Choose the agent who makes the calls (step 4, Setup).")]
    NoAgent,
    #[error("Choose the number the calls come from (step 4, Setup).")]
    NoFromNumber,
    #[error("{}", crate::actions::NO_CONSENT)]
    NoConsent,
    /// A pilot as large as the list: nothing would be left to launch after it.
    #[error(
        "A pilot of {size} calls would call the whole list ({ready} ready). Choose a smaller \
         pilot, or launch without one (step 6, Confirm)."
    )]
    PilotTooLarge { size: u32, ready: u32 },
    /// Settings require a consent column and the list's is missing or has empty rows.
    #[error("{0}")]
    Consent(ConsentError),
    #[error("Allow at least {MIN_CONCURRENCY} call at a time (step 4, Setup).")]
    TooFewCalls,
    /// Two agents compared can't be split as chosen.
    #[error("{0}")]
    Split(SplitError),
    #[error(
        "Comparing two agents needs at least 2 calls at a time, one for each agent (step 4, Setup)."
    )]
    CompareNeedsTwoCalls,
    /// A pilot takes the list's first people; two agents compared split the whole list.
    #[error(
        "A pilot and two agents compared can't be used together yet: turn off the pilot (step 6, \
         Confirm) or the comparison (step 4, Setup)."
    )]
    PilotWithCompare,
    #[error(
        "Your plan allows {limit} calls at the same time; this campaign asks for {asked}. \
         Lower it in step 4, or change your plan's limit in Settings."
    )]
    TooManyCalls { asked: u32, limit: u32 },
    #[error(
        "Ringing time must be between {} and {} seconds (step 4, Setup).",
        RINGING_TIMEOUT_SECONDS.start(),
        RINGING_TIMEOUT_SECONDS.end()
    )]
    RingingTime { asked: u32 },
    #[error(
        "The longest call must be between {} and {} minutes (step 4, Setup).",
        MAX_CALL_DURATION_MINUTES.start(),
        MAX_CALL_DURATION_MINUTES.end()
    )]
    CallLength { asked: u32 },
    #[error("The start time couldn't be read. Pick it again (step 5, When to call).")]
    UnreadableStart,
    #[error(
        "The start time you picked has already passed. Pick a later time or Start now \
         (step 5, When to call)."
    )]
    StartPassed,
    #[error(
        "Cartesia can schedule calls at most {MAX_SCHEDULE_DAYS_AHEAD} days ahead. Pick an \
         earlier start (step 5, When to call)."
    )]
    StartTooFar,
    /// The calling hours or the minutes per call can't be used.
    #[error("{0} (step 5, When to call)")]
    Hours(HoursError),
    /// Nobody on the list can be called in their hours within 30 days.
    #[error(
        "Nobody on the list can be called in their calling hours within the next \
         {MAX_SCHEDULE_DAYS_AHEAD} days. {reason} (step 5, When to call)"
    )]
    NobodyInHours { reason: String },
}

impl PlanError {
    /// The wizard step where the person fixes it.
    pub fn step(&self) -> WizardStep {
        match self {
            PlanError::NoRecipients => WizardStep::Recipients,
            PlanError::NoAgent
            | PlanError::NoFromNumber
            | PlanError::TooFewCalls
            | PlanError::TooManyCalls { .. }
            | PlanError::RingingTime { .. }
            | PlanError::CallLength { .. }
            | PlanError::Split(_)
            | PlanError::CompareNeedsTwoCalls => WizardStep::Setup,
            PlanError::UnreadableStart
            | PlanError::StartPassed
            | PlanError::StartTooFar
            | PlanError::Hours(_)
            | PlanError::NobodyInHours { .. } => WizardStep::Schedule,
            PlanError::NoConsent
            | PlanError::PilotTooLarge { .. }
            | PlanError::PilotWithCompare => WizardStep::Confirm,
            PlanError::Consent(_) => WizardStep::Columns,
        }
    }
}

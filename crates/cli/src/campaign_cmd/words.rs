//! What the command says: progress lines, the summary, and errors in the command's words.

use super::{LaunchArgs, Summary};
use crate::out::{self, clean, Failure};
use crate::remote;
use campaign::{Campaign, LaunchProgress, PartProgressState, PlanError};
use limits::{MAX_CALL_DURATION_MINUTES, MAX_SCHEDULE_DAYS_AHEAD, RINGING_TIMEOUT_SECONDS};

pub(super) fn resumed_words(c: &Campaign) -> String {
    format!(
        "Finishing the launch of \"{}\" recorded on {}, with the settings recorded then: parts \
         in doubt are checked with Cartesia before anything is sent.",
        clean(&c.setup.name),
        c.created_at.format("%Y-%m-%d %H:%M UTC")
    )
}

pub(super) fn part_words(p: &LaunchProgress) -> String {
    let part = format!(
        "Part {} of {} ({} recipients)",
        p.part, p.parts, p.recipients
    );
    let why = || clean(p.message.as_deref().unwrap_or("")).into_owned();
    match p.state {
        PartProgressState::Sending => format!("{part}: sending…"),
        PartProgressState::Checking => {
            format!("{part}: checking with Cartesia whether an earlier attempt set it up…")
        }
        PartProgressState::Created => format!("{part}: with Cartesia."),
        PartProgressState::Failed => format!("{part}: not sent. {}", why()),
        PartProgressState::Unconfirmed => format!("{part}: not confirmed. {}", why()),
    }
}

/// A progress line: on stdout for a person, on stderr when stdout carries JSON. A reader who
/// stopped reading doesn't stop the launch.
pub(super) fn progress_line(json: bool, line: &str) {
    if json {
        out::note(line);
    } else {
        let _ = out::line(line);
    }
}

pub(super) fn finish(s: &Summary, json: bool) -> Result<(), Failure> {
    if json {
        let text = serde_json::to_string_pretty(s)
            .map_err(|e| format!("Could not write the summary as JSON: {e}"))?;
        out::json(&text)?;
    }
    if s.created == s.parts {
        if !json {
            let when = match s.scheduled_at {
                Some(at) => format!("calls start {}", at.format("%Y-%m-%d %H:%M UTC")),
                None => "calling starts now".to_string(),
            };
            out::line(&format!(
                "\"{}\" is launched: {} of {} parts ({} recipients) are with Cartesia; {when}. \
                 Recorded in {}.",
                clean(&s.name),
                s.created,
                s.parts,
                s.recipients,
                clean(&s.store.display().to_string())
            ))?;
        }
        return Ok(());
    }
    let problems: Vec<String> = s
        .problems
        .iter()
        .map(|p| format!("part {}: {}", p.part, clean(&p.message)))
        .collect();
    Err(format!(
        "{} of {} parts of \"{}\" are with Cartesia; {}. Run the same command again to send the \
         rest: each part is checked with Cartesia first, so nobody is called twice.",
        s.created,
        s.parts,
        clean(&s.name),
        problems.join("; ")
    )
    .into())
}

pub(super) fn said(e: campaign::Error) -> Failure {
    match e {
        campaign::Error::Api(e) => remote::say(e).into(),
        other => other.to_string().into(),
    }
}

/// The planner's refusal in the command's words: which option to change.
pub(super) fn refusal(e: &PlanError, args: &LaunchArgs) -> Failure {
    let (lo_ring, hi_ring) = (
        RINGING_TIMEOUT_SECONDS.start(),
        RINGING_TIMEOUT_SECONDS.end(),
    );
    let (lo_len, hi_len) = (
        MAX_CALL_DURATION_MINUTES.start(),
        MAX_CALL_DURATION_MINUTES.end(),
    );
    let file = clean(&args.read.file.display().to_string()).into_owned();
    let at = clean(args.at.as_deref().unwrap_or("")).into_owned();
    match e {
        PlanError::NoRecipients => format!(
            "No recipient in {file} can be called. Run `batchline import {file}` to see why, \
             fix the file and try again."
        ),
        PlanError::NoAgent => "--agent is empty: give the id of the agent who makes the calls \
                               (`batchline agents list`)."
            .to_string(),
        PlanError::NoFromNumber => "--from is empty: give the id of the number the calls come \
                                    from (`batchline numbers list`)."
            .to_string(),
        PlanError::NoConsent => format!(
            "{} Here, that is --consent-confirmed.",
            campaign::actions::NO_CONSENT
        ),
        PlanError::TooFewCalls => "--concurrency must be at least 1.".to_string(),
        PlanError::TooManyCalls { asked, limit } => format!(
            "Your plan allows {limit} calls at the same time; --concurrency asks for {asked}. \
             Lower it."
        ),
        PlanError::RingingTime { asked } => {
            format!("--ringing-seconds {asked}: a call rings {lo_ring} to {hi_ring} seconds.")
        }
        PlanError::CallLength { asked } => {
            format!("--max-call-minutes {asked}: a call may last {lo_len} to {hi_len} minutes.")
        }
        PlanError::UnreadableStart => format!(
            "--at \"{at}\" is not a date and time with its zone, e.g. 2026-03-02T09:00:00-05:00."
        ),
        PlanError::StartPassed => format!(
            "--at \"{at}\" has already passed. Pick a later time, or leave --at out to start now."
        ),
        PlanError::StartTooFar => format!(
            "--at \"{at}\" is too far ahead: Cartesia schedules calls at most \
             {MAX_SCHEDULE_DAYS_AHEAD} days ahead."
        ),
        PlanError::Hours(e) => format!("{e} (--hours, --days, --call-minutes)"),
        PlanError::NobodyInHours { reason } => format!(
            "Nobody in {file} can be called in their calling hours within the next \
             {MAX_SCHEDULE_DAYS_AHEAD} days. {reason} (--hours, --days, --at)"
        ),
        PlanError::Consent(campaign::consent::ConsentError::NoColumn) => {
            "--require-consent needs --consent-column: the list's column with each person's \
             consent (date and source)."
                .to_string()
        }
        PlanError::Consent(e) => format!("{e} (--consent-column)"),
        PlanError::Split(e) => format!("{e} (--compare-agent, --share)"),
        PlanError::CompareNeedsTwoCalls => "Comparing two agents needs --concurrency of at \
                                            least 2, one call at a time for each agent."
            .to_string(),
        PlanError::PilotWithCompare => {
            "--pilot and --compare-agent can't be used together yet: leave one out.".to_string()
        }
        PlanError::PilotTooLarge { size, ready } => format!(
            "--pilot {size} would call the whole list ({ready} ready). Give a smaller --pilot, \
             or leave it out."
        ),
    }
    .into()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::campaign_cmd::tests::parsed;

    #[test]
    fn every_refusal_names_the_option_to_change() {
        let args = parsed(&["--at", "soon"]).unwrap();
        let words = |e: PlanError| refusal(&e, &args).to_string();
        assert!(words(PlanError::NoConsent).contains("--consent-confirmed"));
        assert!(words(PlanError::NoConsent).contains("agreed to be called"));
        assert!(words(PlanError::RingingTime { asked: 90 }).contains("5 to 80 seconds"));
        assert!(words(PlanError::CallLength { asked: 0 }).contains("1 to 480 minutes"));
        assert!(words(PlanError::UnreadableStart).contains("--at \"soon\""));
        assert!(words(PlanError::StartTooFar).contains("30 days"));
        assert!(words(PlanError::TooManyCalls { asked: 9, limit: 8 }).contains("allows 8"));
        assert!(words(PlanError::NoRecipients).contains("batchline import leads.csv"));
        assert!(words(PlanError::Consent(
            campaign::consent::ConsentError::NoColumn
        ))
        .contains("--require-consent needs --consent-column"));
        let missing = words(PlanError::Consent(
            campaign::consent::ConsentError::Missing {
                rows: vec![4, 9],
                total: 2,
            },
        ));
        assert!(
            missing.starts_with("Rows 4 and 9 have no consent."),
            "{missing}"
        );
        assert!(missing.ends_with("(--consent-column)"), "{missing}");
        let args = parsed(&["--consent-column", "Consent", "--require-consent"]).unwrap();
        assert_eq!(args.consent_column.as_deref(), Some("Consent"));
        assert!(args.require_consent);
    }
}

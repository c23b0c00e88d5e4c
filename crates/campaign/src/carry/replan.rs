//! What a move's people become: new parts planned again by the campaign's own planner.

use crate::plan::{
    check_setup, part_name, plan, PlanError, PlanInput, Start, STARTS_NOW_WITHIN_SECONDS,
};
use crate::schedule::{as_recipient, HoursChoice, KeptPlanning, LocationColumns};
use crate::store::NewPart;
use cartesia::{CreateBatchRequest, NewRecipient};
use chrono::{DateTime, Duration, Utc};
use hours::RuleOverride;
use serde::{Deserialize, Serialize};

/// What a move's new parts are made from: the campaign's settings, and how it is planned.
/// Recorded with the move's intent, so a move cut short is finished as it began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replan {
    /// The campaign's name; the parts are named after it ("… (part 2 of 3)").
    pub name: String,
    pub agent_id: String,
    pub from_number_id: String,
    pub concurrency: Option<u32>,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    pub region: Option<String>,
    /// No call before this (an edit's new start); `None`: as soon as the hours allow.
    pub earliest_start: Option<DateTime<Utc>>,
    /// The calling hours the new parts are planned by (in each recipient's local time, with
    /// the state rules). `None` only for a campaign made before Batchline planned by hours:
    /// then everyone gets one start, `earliest_start`.
    pub hours: Option<HoursChoice>,
    pub location_columns: Option<LocationColumns>,
    /// Expected minutes per call; `None`: Batchline's default.
    pub call_minutes: Option<u32>,
    /// Regions whose state rule is turned off for this campaign.
    pub rule_overrides: Vec<String>,
}

impl Replan {
    /// A campaign's parts as they were sent, planned again as they were (one start for all, or
    /// by `hours`).
    pub fn of_request(name: &str, req: &CreateBatchRequest, kept: Option<KeptPlanning>) -> Replan {
        let (hours, call_minutes, rule_overrides, location_columns) = match kept {
            Some(k) => (
                Some(k.hours),
                k.call_minutes,
                k.rules_off,
                k.location_columns,
            ),
            None => (None, None, Vec::new(), None),
        };
        Replan {
            name: name.to_string(),
            agent_id: req.agent_id.clone(),
            from_number_id: req.from_number_id.clone(),
            concurrency: req.target_concurrency_limit,
            ringing_timeout_seconds: req.ringing_timeout_seconds,
            max_call_duration_minutes: req.max_call_duration_minutes,
            region: req.region.clone(),
            earliest_start: req.scheduled_at,
            hours,
            location_columns,
            call_minutes,
            rule_overrides,
        }
    }
}

/// New parts for people moved, and who could not be fitted in.
#[derive(Debug, Clone, PartialEq)]
pub struct Replanned {
    pub parts: Vec<NewPart>,
    /// People moved whom the calling hours can't fit within 30 days: each number, and why.
    pub left_out: Vec<(String, String)>,
}

/// Plans `moved` (in the order they were sent) into new parts by `recipe`, as of `now`. `Err`
/// says why it can't be planned now (the move then waits and is tried again).
/// `concurrency_limit`: the account's limit when known (an edit is checked against it).
pub fn replan(
    recipe: &Replan,
    moved: &[NewRecipient],
    concurrency_limit: Option<u32>,
    now: DateTime<Utc>,
) -> std::result::Result<Replanned, PlanError> {
    replan_compared(recipe, moved, None, concurrency_limit, now)
}

/// [`replan`] for a campaign comparing two agents: `compare` holds each moved person's side
/// (see [`crate::compare::moved_sides`]), so the people of the second agent's parts go to new
/// parts of that agent, sharing the campaign's calls at a time with the first's.
pub fn replan_compared(
    recipe: &Replan,
    moved: &[NewRecipient],
    compare: Option<crate::compare::Compare>,
    concurrency_limit: Option<u32>,
    now: DateTime<Utc>,
) -> std::result::Result<Replanned, PlanError> {
    if moved.is_empty() {
        return Ok(Replanned {
            parts: Vec::new(),
            left_out: Vec::new(),
        });
    }
    let later = recipe
        .earliest_start
        .filter(|t| *t > now + Duration::seconds(STARTS_NOW_WITHIN_SECONDS));
    let people: Vec<recipients::Recipient> = moved
        .iter()
        .enumerate()
        .map(|(i, r)| as_recipient(i as u64 + 1, r))
        .collect();
    let input = PlanInput {
        recipients: &people,
        name: recipe.name.clone(),
        source: None,
        agent_id: recipe.agent_id.clone(),
        agent_name: None,
        from_number_id: recipe.from_number_id.clone(),
        from_number: None,
        concurrency: recipe.concurrency,
        ringing_timeout_seconds: recipe.ringing_timeout_seconds,
        max_call_duration_minutes: recipe.max_call_duration_minutes,
        start: match later {
            Some(utc) => Start::At {
                utc,
                time_zone: None,
            },
            None => Start::Now,
        },
        // The person confirmed consent when they launched the campaign.
        consent_acknowledged: true,
        concurrency_limit,
        hours: recipe.hours.clone().unwrap_or_default(),
        location_columns: recipe.location_columns.clone(),
        call_minutes: recipe.call_minutes,
        finished_call_seconds: Vec::new(),
        rule_overrides: recipe
            .rule_overrides
            .iter()
            .map(|region| RuleOverride {
                region: region.clone(),
                reason: "turned off for this campaign".to_string(),
            })
            .collect(),
        // Kept when the campaign was launched; the moved calls carry no consent column.
        consent: crate::consent::ConsentCheck::default(),
        compare,
    };
    if recipe.hours.is_none() {
        // A campaign from before calling hours: one start for everyone, checked like a launch.
        check_setup(&input)?;
        let mut template = CreateBatchRequest::new(
            recipe.name.as_str(),
            &recipe.agent_id,
            &recipe.from_number_id,
            Vec::new(),
        );
        template.target_concurrency_limit = recipe.concurrency;
        template.ringing_timeout_seconds = recipe.ringing_timeout_seconds;
        template.max_call_duration_minutes = recipe.max_call_duration_minutes;
        template.region = recipe.region.clone();
        template.scheduled_at = later;
        return Ok(Replanned {
            parts: new_parts(&template, moved.to_vec()),
            left_out: Vec::new(),
        });
    }
    match plan(&input, now) {
        Ok(p) => {
            let left_out = p
                .left_out
                .iter()
                .map(|l| (l.to_number.clone(), l.reason.clone()))
                .collect();
            let parts = p
                .parts
                .into_iter()
                .zip(p.ends_by)
                .map(|(mut request, ends_by)| {
                    request.region = recipe.region.clone();
                    NewPart {
                        request,
                        ends_by: Some(ends_by),
                    }
                })
                .collect();
            Ok(Replanned { parts, left_out })
        }
        Err(PlanError::NobodyInHours { reason }) => Ok(Replanned {
            parts: Vec::new(),
            left_out: moved
                .iter()
                .map(|r| (r.to_number.clone(), reason.clone()))
                .collect(),
        }),
        Err(e) => Err(e),
    }
}

/// The new parts for `moved` recipients: `template`'s settings, at most 5,000 recipients each,
/// named after the template ("Spring leads (part 2 of 3)" when it needs several).
pub fn new_parts(template: &CreateBatchRequest, moved: Vec<NewRecipient>) -> Vec<NewPart> {
    let chunks: Vec<Vec<NewRecipient>> = moved
        .chunks(limits::MAX_RECIPIENTS_PER_BATCH)
        .map(<[NewRecipient]>::to_vec)
        .collect();
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, recipients)| NewPart {
            request: CreateBatchRequest {
                name: part_name(&template.name, i, n),
                recipients,
                ..template.clone()
            },
            ends_by: None,
        })
        .collect()
}

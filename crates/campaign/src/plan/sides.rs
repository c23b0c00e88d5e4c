use super::PlanError;
use crate::split::Side;
use chrono::{DateTime, Utc};

/// An hours plan, each part's side, and each side's calls at a time.
type SidesPlan = (hours::Plan, Vec<Side>, (u32, u32));

/// The hours plan of everyone, or of each side apart when two agents are compared: a side's
/// parts hold only its own people and get the calls at a time in proportion to its size, so
/// the two sides never ask for more than the campaign's limit between them (and the hours
/// hold for each side as for everyone). Returns each part's side, in part order, and each
/// side's calls at a time.
pub(super) fn plan_sides(
    everyone: &hours::PlanInput<'_>,
    sides: Option<&[Side]>,
    now: DateTime<Utc>,
) -> Result<SidesPlan, PlanError> {
    let Some(sides) = sides else {
        let p = hours::plan(everyone, now).map_err(PlanError::Hours)?;
        let n = p.parts.len();
        return Ok((p, vec![Side::A; n], (everyone.concurrency, 0)));
    };
    let of = |side: Side| -> Vec<usize> {
        (0..everyone.recipients.len())
            .filter(|&i| sides.get(i) == Some(&side))
            .collect()
    };
    let (a, b) = (of(Side::A), of(Side::B));
    let (calls_a, calls_b) = crate::compare::share_calls(everyone.concurrency, a.len(), b.len())
        .ok_or(PlanError::CompareNeedsTwoCalls)?;
    let mut parts: Vec<(hours::Part, Side)> = Vec::new();
    let mut not_scheduled = Vec::new();
    let mut finish_at = None;
    for (side, members, calls) in [(Side::A, a, calls_a), (Side::B, b, calls_b)] {
        if members.is_empty() {
            continue;
        }
        let people: Vec<hours::Recipient> = members
            .iter()
            .map(|&i| everyone.recipients[i].clone())
            .collect();
        let p = hours::plan(
            &hours::PlanInput {
                recipients: &people,
                concurrency: calls,
                ..everyone.clone()
            },
            now,
        )
        .map_err(PlanError::Hours)?;
        for mut part in p.parts {
            part.recipients = part.recipients.iter().map(|&r| members[r]).collect();
            parts.push((part, side));
        }
        for mut left in p.not_scheduled {
            left.recipient = members[left.recipient];
            not_scheduled.push(left);
        }
        finish_at = finish_at.max(p.finish_at);
    }
    parts.sort_by_key(|(p, side)| (p.scheduled_at, *side == Side::B));
    not_scheduled.sort_by_key(|n| n.recipient);
    let part_sides = parts.iter().map(|(_, side)| *side).collect();
    let plan = hours::Plan {
        parts: parts.into_iter().map(|(p, _)| p).collect(),
        not_scheduled,
        finish_at,
    };
    Ok((plan, part_sides, (calls_a, calls_b)))
}

/// Each part's calls at a time: at least what the hours planner gave it (the fewest that finish
/// it in time), raised into whatever the campaign's limit leaves free while it runs, so a part
/// alone goes as fast as the person allowed. Parts running together never ask for more than the
/// limit between them, nor a part for more calls than it has recipients.
pub(super) fn fill_concurrency(parts: &[hours::Part], limit: u32, call_minutes: u32) -> Vec<u32> {
    let mut calls: Vec<u32> = parts.iter().map(|p| p.target_concurrency_limit).collect();
    let span = |p: &hours::Part| (p.scheduled_at, p.busy_until(call_minutes));
    for i in 0..parts.len() {
        let (from, until) = span(&parts[i]);
        // The most the others hold at any moment of this part's span: it peaks at a start.
        let others_at = |t: DateTime<Utc>| -> u32 {
            parts
                .iter()
                .enumerate()
                .filter(|&(j, p)| j != i && p.scheduled_at <= t && t < p.busy_until(call_minutes))
                .map(|(j, _)| calls[j])
                .sum()
        };
        let peak = std::iter::once(from)
            .chain(
                parts
                    .iter()
                    .map(|p| p.scheduled_at)
                    .filter(|&t| from < t && t < until),
            )
            .map(others_at)
            .max()
            .unwrap_or(0);
        let room = limit.saturating_sub(peak);
        let most = u32::try_from(parts[i].recipients.len()).unwrap_or(u32::MAX);
        calls[i] = calls[i].max(room.min(most));
    }
    calls
}

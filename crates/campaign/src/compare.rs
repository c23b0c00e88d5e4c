//! Two agents compared, and what a campaign costs, as the campaign lives them: the split
//! planned into parts of one side each ([`Compare`], used by the planner), people moved to new
//! parts kept with their own agent ([`moved_sides`]), and the campaign page's figures — the
//! estimate kept at launch next to the minutes and cost so far, and the two sides side by side
//! ([`spending`]), read from the calls of the campaign's parts once when asked (no polling).

use crate::carry::Replan;
use crate::estimate::{self, Estimate, PastCall, Spent};
use crate::split::{self, Difference, Side, SideFigures, Split, SplitError};
use crate::store::{CampaignId, PartId, Store};
use crate::view::Outcome;
use crate::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Two agents compared in a plan: the split, and each recipient's side.
#[derive(Debug, Clone, PartialEq)]
pub struct Compare {
    pub split: Split,
    /// Each recipient's side, in list order; `None`: drawn by the split's seed and share.
    pub sides: Option<Vec<Side>>,
}

impl Compare {
    /// A new campaign's split: each side drawn by the seed.
    pub fn new(split: Split) -> Compare {
        Compare { split, sides: None }
    }

    /// Each of `n` recipients' side.
    pub(crate) fn sides_for(
        &self,
        agent_a: &str,
        n: usize,
    ) -> std::result::Result<Vec<Side>, SplitError> {
        match &self.sides {
            Some(_) if self.split.agent_b_id == agent_a => Err(SplitError::SameAgent),
            Some(sides) => Ok((0..n)
                .map(|i| sides.get(i).copied().unwrap_or(Side::A))
                .collect()),
            None => {
                self.split.check(agent_a, n)?;
                Ok(self.split.assign(n))
            }
        }
    }
}

/// The campaign's calls at a time shared between the sides in proportion to their people,
/// at least one each when both have people (`None`: `total` can't give one to each).
pub fn share_calls(total: u32, a: usize, b: usize) -> Option<(u32, u32)> {
    match (a, b) {
        (_, 0) => Some((total, 0)),
        (0, _) => Some((0, total)),
        _ if total < 2 => None,
        _ => {
            let exact = u128::from(total) * b as u128;
            let people = (a + b) as u128;
            let b_calls = u32::try_from((2 * exact + people) / (2 * people)).unwrap_or(total);
            let b_calls = b_calls.clamp(1, total - 1);
            Some((total - b_calls, b_calls))
        }
    }
}

/// How people moved from `agents`' parts (each one's agent, in the order moved) are planned
/// again: on the same side as before. `recipe` is made the campaign's own agent's (an edit may
/// have changed it; a recipe taken from a second agent's part is put back); `None` when all of
/// them are on one side (then `recipe`'s agent is theirs).
pub fn moved_sides(
    store: &Store,
    campaign_id: CampaignId,
    recipe: &mut Replan,
    agents: &[String],
) -> Result<Option<Compare>> {
    let Some(split) = store.campaign_split(campaign_id)? else {
        return Ok(None);
    };
    if recipe.agent_id == split.agent_b_id {
        recipe.agent_id = store.campaign(campaign_id)?.setup.agent_id;
    }
    let sides: Vec<Side> = agents
        .iter()
        .map(|a| {
            if *a == split.agent_b_id {
                Side::B
            } else {
                Side::A
            }
        })
        .collect();
    if sides.iter().all(|s| *s == Side::A) {
        return Ok(None);
    }
    if sides.iter().all(|s| *s == Side::B) {
        recipe.agent_id = split.agent_b_id;
        return Ok(None);
    }
    Ok(Some(Compare {
        split,
        sides: Some(sides),
    }))
}

/// The estimate shown when a campaign was launched, kept with it (`campaigns.estimate`): the
/// figures, the assumptions they rest on, and when the plan said the last calls end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct KeptEstimate {
    pub estimate: Estimate,
    #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
    pub finish_at: Option<DateTime<Utc>>,
}

impl KeptEstimate {
    /// The estimate a launch keeps: for the people the plan sends (not every row read), from
    /// the agent's finished calls and what was assumed, with the plan's finish time.
    pub fn of_plan(
        plan: &crate::Plan,
        history: &[PastCall],
        assumed: &estimate::Assumptions,
    ) -> Self {
        let calls = plan.parts.iter().map(|p| p.recipients.len()).sum::<usize>();
        KeptEstimate {
            estimate: estimate::estimate(
                u32::try_from(calls).unwrap_or(u32::MAX),
                history,
                assumed,
            ),
            finish_at: plan.finish_at,
        }
    }
}

/// How many calls ended one way.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCount {
    pub outcome: Outcome,
    pub label: String,
    pub count: u32,
}

/// One side of two agents compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SideView {
    pub figures: SideFigures,
    /// The side's share of the recipients as chosen, in percent.
    pub share_percent: u8,
    pub outcomes: Vec<OutcomeCount>,
}

/// Two agents side by side, and whether their answered shares differ by more than chance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Compared {
    pub a: SideView,
    pub b: SideView,
    pub difference: Difference,
}

/// What a campaign's page shows of its cost: the estimate kept at launch, the minutes and
/// cost so far, and two agents compared when it compares two.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CampaignSpending {
    #[cfg_attr(feature = "ts", ts(optional))]
    pub estimate: Option<KeptEstimate>,
    pub spent: Spent,
    #[cfg_attr(feature = "ts", ts(optional))]
    pub compared: Option<Compared>,
    /// Parts whose calls couldn't be read just now (the figures leave them out).
    pub problems: Vec<String>,
}

/// The page's figures from each part's ended calls (`calls`: part → its calls), at
/// `price_per_minute` (Settings; `None`: minutes only).
pub fn spending_of(
    store: &Store,
    campaign_id: CampaignId,
    calls: &HashMap<PartId, Vec<PastCall>>,
    price_per_minute: Option<f64>,
    problems: Vec<String>,
) -> Result<CampaignSpending> {
    let all: Vec<PastCall> = calls.values().flatten().copied().collect();
    let compared = match store.campaign_split(campaign_id)? {
        Some(split) => {
            let campaign = store.campaign(campaign_id)?;
            let agents = store.part_agents(campaign_id)?;
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for (part, part_calls) in calls {
                match agents.get(part) {
                    Some(agent) if *agent == split.agent_b_id => b.extend(part_calls),
                    _ => a.extend(part_calls),
                }
            }
            let a_name = campaign
                .setup
                .agent_name
                .clone()
                .unwrap_or_else(|| "The campaign's agent".to_string());
            let b_name = split
                .agent_b_name
                .clone()
                .unwrap_or_else(|| "The second agent".to_string());
            let a = side_view(&a_name, &a, 100 - split.share_b_percent, price_per_minute);
            let b = side_view(&b_name, &b, split.share_b_percent, price_per_minute);
            let difference = split::difference(&a.figures, &b.figures);
            Some(Compared { a, b, difference })
        }
        None => None,
    };
    Ok(CampaignSpending {
        estimate: store.campaign_estimate(campaign_id)?,
        spent: estimate::spent(&all, price_per_minute),
        compared,
        problems,
    })
}

fn side_view(name: &str, calls: &[PastCall], share: u8, price: Option<f64>) -> SideView {
    let ended: Vec<(bool, Option<u32>)> = calls
        .iter()
        .filter(|c| c.outcome != Outcome::NotDialed)
        .map(|c| (c.outcome == Outcome::Answered, c.seconds))
        .collect();
    let outcomes = Outcome::ALL
        .iter()
        .filter(|o| **o != Outcome::NotDialed)
        .map(|&o| OutcomeCount {
            outcome: o,
            label: o.label().to_string(),
            count: u32::try_from(calls.iter().filter(|c| c.outcome == o).count())
                .unwrap_or(u32::MAX),
        })
        .filter(|o| o.count > 0)
        .collect();
    SideView {
        figures: SideFigures::of(name, &ended, price),
        share_percent: share,
        outcomes,
    }
}

/// [`spending_of`] with each sent part's calls read from Cartesia now (one List Calls per part,
/// as the export reads them). A part that can't be read is named in `problems`.
pub async fn spending(
    client: &cartesia::Client,
    store: &Store,
    campaign_id: CampaignId,
    price_per_minute: Option<f64>,
) -> Result<CampaignSpending> {
    let mut calls = HashMap::new();
    let mut problems = Vec::new();
    for part in store.parts(campaign_id)? {
        let Some(batch_id) = part.api_batch_id.as_deref() else {
            continue;
        };
        match client.list_all_calls(batch_id, true).await {
            Ok(list) => {
                calls.insert(part.id, list.iter().filter_map(PastCall::of).collect());
            }
            Err(e) if e.is_unauthorized() => return Err(e.into()),
            Err(e) => problems.push(format!(
                "{}: its calls couldn't be read just now ({}).",
                part.name,
                e.user_message()
            )),
        }
    }
    spending_of(store, campaign_id, &calls, price_per_minute, problems)
}

/// An agent's newest finished calls as planning reads them: how long they lasted (the plan's
/// minutes per call) and how they ended (the estimate).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentHistory {
    pub seconds: Vec<u32>,
    pub calls: Vec<PastCall>,
}

/// The agent's newest finished calls ([`crate::schedule::RECENT_CALLS`] at most) in one read,
/// with the planner's short wait ([`crate::schedule::CALL_LENGTHS_WAIT`]): a slow or failed
/// read gives none, so the plan and the estimate use Batchline's defaults and the wizard never
/// waits long.
pub async fn agent_history_or_none(client: &cartesia::Client, agent_id: &str) -> AgentHistory {
    let read = client.recent_agent_calls(agent_id, crate::schedule::RECENT_CALLS);
    let calls = match tokio::time::timeout(crate::schedule::CALL_LENGTHS_WAIT, read).await {
        Ok(Ok(calls)) => calls,
        Ok(Err(e)) => {
            tracing::warn!("the agent's finished calls could not be read: {e}");
            Vec::new()
        }
        Err(_) => Vec::new(),
    };
    AgentHistory {
        seconds: crate::schedule::finished_call_seconds(&calls),
        calls: calls.iter().filter_map(PastCall::of).collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::carry::replan_compared;
    use crate::schedule::HoursChoice;
    use cartesia::NewRecipient;

    #[test]
    fn the_calls_at_a_time_follow_the_sides_and_never_exceed_the_limit() {
        assert_eq!(share_calls(10, 700, 300), Some((7, 3)));
        assert_eq!(share_calls(10, 999, 1), Some((9, 1)));
        assert_eq!(share_calls(2, 1, 1), Some((1, 1)));
        assert_eq!(share_calls(1, 1, 1), None);
        assert_eq!(share_calls(5, 0, 4), Some((0, 5)));
        assert_eq!(share_calls(5, 4, 0), Some((5, 0)));
    }

    fn people(n: usize) -> Vec<NewRecipient> {
        (0..n)
            .map(|i| NewRecipient {
                to_number: format!("+1212555{:04}", 1000 + i),
                metadata: None,
            })
            .collect()
    }

    #[test]
    fn people_moved_from_the_second_agents_parts_stay_with_it() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let recipe = Replan {
            name: "Spring leads (resumed)".into(),
            agent_id: "agent_1".into(),
            from_number_id: "ap_1".into(),
            concurrency: Some(6),
            ringing_timeout_seconds: None,
            max_call_duration_minutes: None,
            region: None,
            earliest_start: None,
            hours: Some(HoursChoice::default()),
            location_columns: None,
            call_minutes: None,
            rule_overrides: Vec::new(),
        };
        let moved = people(40);
        // Every third person came from a part of the second agent.
        let sides: Vec<Side> = (0..40)
            .map(|i| if i % 3 == 0 { Side::B } else { Side::A })
            .collect();
        let compare = Compare {
            split: Split {
                agent_b_id: "agent_2".into(),
                agent_b_name: None,
                share_b_percent: 50,
                seed: 1,
            },
            sides: Some(sides.clone()),
        };
        let planned = replan_compared(&recipe, &moved, Some(compare), None, now).unwrap();
        let mut b_numbers: Vec<String> = Vec::new();
        let mut all = 0;
        for part in &planned.parts {
            all += part.request.recipients.len();
            if part.request.agent_id == "agent_2" {
                b_numbers.extend(part.request.recipients.iter().map(|r| r.to_number.clone()));
            } else {
                assert_eq!(part.request.agent_id, "agent_1");
            }
        }
        let want: Vec<String> = moved
            .iter()
            .zip(&sides)
            .filter(|(_, s)| **s == Side::B)
            .map(|(r, _)| r.to_number.clone())
            .collect();
        b_numbers.sort();
        assert_eq!(b_numbers, want, "the second agent's people, and only them");
        assert_eq!(all, 40);
        let calls: u32 = planned
            .parts
            .iter()
            .filter_map(|p| p.request.target_concurrency_limit)
            .sum();
        assert!(calls <= 6, "{calls} calls at a time for a campaign of 6");
    }

    #[test]
    fn a_campaign_comparing_two_agents_keeps_its_split_and_each_parts_agent() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("campaigns.sqlite")).unwrap();
        let setup = crate::NewCampaign {
            name: "Spring".into(),
            agent_id: "agent_1".into(),
            agent_name: Some("Reminder".into()),
            from_number_id: "ap_1".into(),
            ..crate::NewCampaign::default()
        };
        let req = |agent: &str, n: usize| {
            cartesia::CreateBatchRequest::new("Spring", agent, "ap_1", people(n))
        };
        let id = store
            .create_campaign(&setup, &[req("agent_1", 3), req("agent_2", 2)])
            .unwrap();
        let split = Split {
            agent_b_id: "agent_2".into(),
            agent_b_name: Some("Friendly".into()),
            share_b_percent: 40,
            seed: 9,
        };
        store.set_campaign_split(id, &split).unwrap();
        assert_eq!(store.campaign_split(id).unwrap(), Some(split));
        let parts = store.parts(id).unwrap();
        let agents = store.part_agents(id).unwrap();
        assert_eq!(agents.len(), 1);
        assert_eq!(
            agents.get(&parts[1].id).map(String::as_str),
            Some("agent_2")
        );

        // A move's recipe taken from the second agent's part is put back to the campaign's.
        let mut recipe = Replan::of_request("Spring", &req("agent_2", 1), None);
        let agents = ["agent_2".to_string(), "agent_1".to_string()];
        let c = moved_sides(&store, id, &mut recipe, &agents)
            .unwrap()
            .unwrap();
        assert_eq!(recipe.agent_id, "agent_1");
        assert_eq!(c.sides, Some(vec![Side::B, Side::A]));

        // The page: each side's ended calls, the cost so far at the price.
        let call = |outcome, seconds| PastCall { outcome, seconds };
        let calls = HashMap::from([
            (
                parts[0].id,
                vec![
                    call(Outcome::Answered, Some(120)),
                    call(Outcome::NoAnswer, None),
                    call(Outcome::Answered, Some(60)),
                ],
            ),
            (parts[1].id, vec![call(Outcome::Voicemail, Some(30))]),
        ]);
        let page = spending_of(&store, id, &calls, Some(0.1), Vec::new()).unwrap();
        assert_eq!(page.spent.minutes, 3.5);
        assert!((page.spent.cost.unwrap() - 0.35).abs() < 1e-9);
        assert_eq!(page.spent.words, "4 call minutes so far, $0.35");
        let compared = page.compared.unwrap();
        assert_eq!(compared.a.figures.agent_name, "Reminder");
        assert_eq!(
            (compared.a.figures.dialed, compared.a.figures.answered),
            (3, 2)
        );
        assert_eq!(
            (compared.b.figures.dialed, compared.b.figures.answered),
            (1, 0)
        );
        assert_eq!(
            (compared.a.share_percent, compared.b.share_percent),
            (60, 40)
        );
        assert_eq!(compared.b.outcomes[0].label, "Voicemail");
    }
}

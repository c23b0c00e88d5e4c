//! From a campaign's results to the do-not-call list: "Don't call again" on recipients, and the
//! calls in which the recipient asked not to be called again.

use super::opt_out::{opt_out_phrase, OptOutCall, OptOuts};
use super::person_name;
use crate::error::{Error, Result};
use crate::store::{CampaignId, DncSource, LaunchState, NewDncEntry, Store};
use crate::view::{count, plural};
use cartesia::Client;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// What "Don't call again" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DontCallOutcome {
    /// Numbers new to the list.
    pub added: u32,
    /// Numbers that were on it already.
    pub already: u32,
    /// In words.
    pub message: String,
}

/// Each number sent in the campaign, with the person's name as sent (first one wins).
fn names_in(store: &Store, campaign_id: CampaignId) -> Result<HashMap<String, String>> {
    let mut names = HashMap::new();
    for part in store.parts(campaign_id)? {
        for r in store.part_request(part.id)?.recipients {
            let name = person_name(&r);
            names.entry(r.to_number).or_insert(name);
        }
    }
    Ok(names)
}

/// Adds recipients of a campaign to the do-not-call list ("Don't call again" from its results),
/// with the campaign's name as where they came from and `reason`, in one transaction with its
/// audit entry. Numbers must be the campaign's own. The list is then applied to waiting calls by
/// [`super::take_out_waiting`].
pub fn dont_call_again(
    store: &Store,
    campaign_id: CampaignId,
    numbers: &[String],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DontCallOutcome> {
    let campaign = store.campaign(campaign_id)?;
    let names = names_in(store, campaign_id)?;
    let mut unique: Vec<&str> = Vec::new();
    for n in numbers {
        if !names.contains_key(n) {
            return Err(Error::Refused(
                "One of the numbers chosen isn't in this campaign any more. Open the campaign \
                 again and choose the people once more."
                    .to_string(),
            ));
        }
        if !unique.contains(&n.as_str()) {
            unique.push(n);
        }
    }
    if unique.is_empty() {
        return Err(Error::Refused(
            "Choose at least one person to add to the do-not-call list.".to_string(),
        ));
    }
    let reason = reason.trim();
    let reason = (!reason.is_empty()).then_some(reason);
    let entries: Vec<NewDncEntry<'_>> = unique
        .iter()
        .map(|n| NewDncEntry { number: n, reason })
        .collect();
    let done = store.dnc_add(
        &entries,
        DncSource::Campaign,
        Some(&campaign.setup.name),
        Some(campaign_id),
        now,
    )?;
    let who = match unique.as_slice() {
        [one] => names.get(*one).cloned().unwrap_or_default(),
        many => plural(
            u32::try_from(many.len()).unwrap_or(u32::MAX),
            "person",
            "people",
        ),
    };
    let mut message = if done.added == 0 {
        format!(
            "{who} {} already on the do-not-call list.",
            if unique.len() == 1 { "was" } else { "were" }
        )
    } else {
        format!(
            "{who} added to the do-not-call list: no campaign of yours will call {} again.",
            if unique.len() == 1 {
                "this number"
            } else {
                "these numbers"
            }
        )
    };
    if done.added > 0 && done.already > 0 {
        message.push_str(&format!(" ({} already on it.)", count(done.already)));
    }
    Ok(DontCallOutcome {
        added: done.added,
        already: done.already,
        message,
    })
}

/// The calls of a campaign in which the recipient said one of `phrases` (one per number), read
/// from Cartesia's call listings with transcripts (one listing per part), for the campaign
/// page's flag. A part Cartesia couldn't list is counted in `unread`.
pub async fn opt_outs(
    client: &Client,
    store: &Store,
    campaign_id: CampaignId,
    phrases: &[String],
) -> Result<OptOuts> {
    store.campaign(campaign_id)?;
    let mut found: Vec<(String, String)> = Vec::new();
    let mut unread = 0u32;
    let mut by_call: HashMap<String, String> = HashMap::new();
    for part in store.live_parts(campaign_id)? {
        let (LaunchState::Created, Some(batch_id)) = (part.state, part.api_batch_id.as_deref())
        else {
            continue;
        };
        let calls = match client.list_all_calls(batch_id, true).await {
            Ok(c) => c,
            Err(e) if e.is_unauthorized() => return Err(e.into()),
            Err(_) => {
                unread += 1;
                continue;
            }
        };
        // A call's number is in the batch's recipients, joined by call id.
        let batch = match client.get_batch(batch_id).await {
            Ok(b) => b,
            Err(_) => {
                unread += 1;
                continue;
            }
        };
        for r in batch.recipients.iter().flatten() {
            if let Some(call) = &r.agent_call_id {
                by_call.insert(call.clone(), r.to_number.clone());
            }
        }
        for call in calls {
            let Some(phrase) = opt_out_phrase(&call.transcript, phrases) else {
                continue;
            };
            let Some(number) = by_call.get(&call.id) else {
                continue;
            };
            if !found.iter().any(|(n, _)| n == number) {
                found.push((number.clone(), phrase.to_string()));
            }
        }
    }
    let names = names_in(store, campaign_id)?;
    let listed = store.dnc_listed_among(found.iter().map(|(n, _)| n.as_str()))?;
    let calls: Vec<OptOutCall> = found
        .into_iter()
        .map(|(number, phrase)| OptOutCall {
            name: names
                .get(&number)
                .cloned()
                .unwrap_or_else(|| number.clone()),
            listed: listed.contains(&number),
            to_number: number,
            phrase,
        })
        .collect();
    let waiting = u32::try_from(calls.iter().filter(|c| !c.listed).count()).unwrap_or(u32::MAX);
    let message = (waiting > 0).then(|| {
        format!(
            "{} asked not to be called again",
            plural(waiting, "person", "people")
        )
    });
    Ok(OptOuts {
        calls,
        message,
        unread,
    })
}

//! Duplicate: a campaign's setup and recipients, to start a new draft from.

use super::*;

/// What a campaign was set up with, to start a new draft from.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateSetup {
    /// The setup as it was recorded (the caller decides the new name and start time).
    pub setup: NewCampaign,
    /// Every recipient of every part, in order, with the call data as sent.
    pub recipients: Vec<NewRecipient>,
    /// The call settings of its requests (the same in every part).
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
}

/// A campaign's setup and every recipient of every part, in order, to start a new draft from.
pub fn duplicate_setup(store: &Store, campaign_id: CampaignId) -> Result<DuplicateSetup> {
    let campaign = store.campaign(campaign_id)?;
    let mut recipients = Vec::with_capacity(campaign.recipient_count as usize);
    let mut settings = None;
    let parts = store.live_parts(campaign_id)?;
    // A part made of another live part's people not yet dialed repeats them: they come once,
    // from the part they were first in.
    let live: std::collections::HashSet<PartId> = parts.iter().map(|p| p.id).collect();
    for part in parts
        .iter()
        .filter(|p| !p.carried_from.is_some_and(|from| live.contains(&from)))
    {
        let request = store.part_request(part.id)?;
        settings.get_or_insert((
            request.ringing_timeout_seconds,
            request.max_call_duration_minutes,
        ));
        recipients.extend(request.recipients);
    }
    if recipients.is_empty() {
        return Err(Error::NotFound {
            what: "campaign's recipient list",
        });
    }
    let (ringing_timeout_seconds, max_call_duration_minutes) = settings.unwrap_or_default();
    Ok(DuplicateSetup {
        setup: campaign.setup,
        recipients,
        ringing_timeout_seconds,
        max_call_duration_minutes,
    })
}

//! Duplicate: a campaign's setup and recipients, to start a new draft from.

use super::*;

/// A campaign's setup and every recipient of every part, in order, to start a new draft from
/// (the app decides the new name and start time; the setup is returned as it was recorded).
pub fn duplicate_setup(
    store: &Store,
    campaign_id: CampaignId,
) -> Result<(NewCampaign, Vec<NewRecipient>)> {
    let campaign = store.campaign(campaign_id)?;
    let mut recipients = Vec::with_capacity(campaign.recipient_count as usize);
    for part in store.parts(campaign_id)? {
        recipients.extend(store.part_request(part.id)?.recipients);
    }
    if recipients.is_empty() {
        return Err(Error::NotFound {
            what: "campaign's recipient list",
        });
    }
    Ok((campaign.setup, recipients))
}

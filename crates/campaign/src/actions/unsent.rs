//! Parts never sent (a launch stopped by a refused key, an unpaid plan, an outage, or a crash
//! long ago) wait for the person: send them, or cancel them here. Nothing sends them by itself.

use super::*;

/// Parts of a campaign that were never sent (planned, or refused by Cartesia) and wait for the
/// person: send them, or cancel them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Unsent {
    pub parts: u32,
    pub recipients: u32,
}

impl Unsent {
    /// What the person is told once [`withdraw_unsent`] has cancelled these parts (the app's
    /// message, and the command line's if it offers the action).
    pub fn withdrawn_message(&self) -> String {
        format!(
            "Cancelled: {} never sent will not be called.",
            view::plural(self.recipients, "person", "people")
        )
    }
}

/// What of the campaign was never sent, if anything.
pub fn unsent(store: &Store, campaign_id: CampaignId) -> Result<Unsent> {
    let mut u = Unsent::default();
    for p in store.parts(campaign_id)? {
        if matches!(p.state, LaunchState::Planned | LaunchState::Failed) {
            u.parts += 1;
            u.recipients += p.recipient_count;
        }
    }
    Ok(u)
}

/// Cancels the parts of a campaign that were never sent, leaving the rest running: nobody in
/// them will be called. Written to the audit log. Returns what was withdrawn.
pub fn withdraw_unsent(store: &Store, campaign_id: CampaignId) -> Result<Unsent> {
    let mut done = Unsent::default();
    for p in store.parts(campaign_id)? {
        if store.withdraw(p.id, "Not sent: cancelled before it started, as you chose.")? {
            done.parts += 1;
            done.recipients += p.recipient_count;
        }
    }
    if done.parts > 0 {
        let detail = format!(
            "{} never sent cancelled ({})",
            view::plural(done.parts, "part", "parts"),
            view::plural(done.recipients, "recipient", "recipients")
        );
        store.audit(
            AuditKind::Cancelled,
            &AuditEntry {
                campaign_id: Some(campaign_id),
                detail: Some(&detail),
                ..AuditEntry::default()
            },
        )?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::Unsent;

    #[test]
    fn the_withdrawal_says_how_many_people_will_not_be_called() {
        let withdrawn = |recipients| {
            Unsent {
                parts: 2,
                recipients,
            }
            .withdrawn_message()
        };
        assert_eq!(
            withdrawn(8_000),
            "Cancelled: 8,000 people never sent will not be called."
        );
        assert_eq!(
            withdrawn(1),
            "Cancelled: 1 person never sent will not be called."
        );
    }
}

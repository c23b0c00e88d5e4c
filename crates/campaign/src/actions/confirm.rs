//! Nothing that phones people or stops their calls happens without the person's explicit
//! confirmation, and never for more people than the confirmation named: between the dialog
//! and the click, more calls may have failed (a retry would re-dial more) or more people may be
//! waiting. These rules live here, not in the app, so every front end (the window, the command
//! line) enforces the same ones.

use super::*;
use crate::view;

/// What the person confirmed: the button that names the action and its count. The window
/// sends it as is; the action is refused without it, or when it names fewer recipients than
/// the action would now reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Confirmation {
    /// True only from the button that names the action and its count.
    pub confirmed: bool,
    /// The recipients the confirmation named.
    pub recipients: u32,
}

/// An action on a campaign that needs a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Steer {
    /// Call again the recipients whose calls failed or weren't answered.
    Retry,
    /// Stop the campaign: the people still waiting won't be called.
    Cancel,
    /// Send the parts that were never sent.
    SendUnsent,
    /// Cancel the parts that were never sent.
    WithdrawUnsent,
}

impl Steer {
    fn not_confirmed(self) -> &'static str {
        match self {
            Steer::Retry => {
                "Nothing was retried: confirm Retry failed on the campaign's page first."
            }
            Steer::Cancel => {
                "Nothing was cancelled: confirm Cancel campaign on the campaign's page first."
            }
            Steer::SendUnsent => "Nothing was sent: confirm sending the missing parts first.",
            Steer::WithdrawUnsent => {
                "Nothing was cancelled: confirm Cancel them on the campaign's page first."
            }
        }
    }

    /// How many people the action would reach now (call, or stop calling).
    fn reach(self, store: &Store, campaign_id: CampaignId) -> Result<u32> {
        Ok(match self {
            Steer::Retry => retry_preview(store, campaign_id)?.recipients_to_redial,
            Steer::Cancel => view::overview(store, campaign_id)?.progress.queued,
            Steer::SendUnsent => unsent(store, campaign_id)?.recipients,
            Steer::WithdrawUnsent => 0,
        })
    }

    fn grew(self, now: u32, confirmed: u32) -> String {
        let (now_people, confirmed) = (plural(now, "person", "people"), count(confirmed));
        match self {
            Steer::Retry => format!(
                "More calls have failed since you looked: {now_people} would be called again, \
                 not {confirmed}. Nothing was retried; look at the number again and confirm."
            ),
            Steer::Cancel => format!(
                "More people are waiting for a call than when you confirmed ({}, not \
                 {confirmed}). Nothing was cancelled; look again and confirm.",
                count(now)
            ),
            Steer::SendUnsent | Steer::WithdrawUnsent => format!(
                "{} would be called, not the {confirmed} you confirmed. Nothing was sent; look \
                 again and confirm.",
                capital(&now_people)
            ),
        }
    }
}

/// Refuses `action` unless the person confirmed it, for at least as many people as it would
/// reach now.
pub fn check_confirmed(
    store: &Store,
    campaign_id: CampaignId,
    action: Steer,
    c: &Confirmation,
) -> Result<()> {
    if !c.confirmed {
        return Err(Error::NotConfirmed(action.not_confirmed().to_string()));
    }
    let now = action.reach(store, campaign_id)?;
    if now > c.recipients {
        return Err(Error::NotConfirmed(action.grew(now, c.recipients)));
    }
    Ok(())
}

/// What the person confirmed on the last step before launching a new campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LaunchConfirmation {
    /// True only from the Launch button of the last step.
    pub confirmed: bool,
    /// The ready recipients the last step showed.
    pub recipients: u32,
    /// The box confirming these people agreed to be called.
    pub compliance_acknowledged: bool,
}

/// Why a launch without consent is refused.
pub const NO_CONSENT: &str =
    "Tick the box confirming these people agreed to be called before you launch.";

/// Refuses a launch the person didn't confirm, without the consent box, or for another list
/// than the one they saw (`ready`: the recipients ready now).
pub fn check_launch_confirmed(c: &LaunchConfirmation, ready: usize) -> Result<()> {
    if !c.confirmed {
        return Err(Error::NotConfirmed(
            "Nothing was launched: confirm the launch on the last step (Confirm) first.".into(),
        ));
    }
    if !c.compliance_acknowledged {
        return Err(Error::NotConfirmed(NO_CONSENT.into()));
    }
    if ready != c.recipients as usize {
        let ready = u32::try_from(ready).unwrap_or(u32::MAX);
        return Err(Error::NotConfirmed(format!(
            "The recipient list changed since you checked it: {} {} ready now, not {}. Nothing \
             was launched; check the summary and launch again.",
            plural(ready, "recipient", "recipients"),
            if ready == 1 { "is" } else { "are" },
            count(c.recipients)
        )));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn nothing_happens_unconfirmed_or_for_more_people_than_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("c.db")).unwrap();
        let req = cartesia::CreateBatchRequest::new(
            "P",
            "agent",
            "num",
            (0..3)
                .map(|i| NewRecipient {
                    to_number: format!("+1415555000{i}"),
                    metadata: None,
                })
                .collect(),
        );
        let id = store
            .create_campaign(&NewCampaign::default(), &[req])
            .unwrap();
        let ok = |steer, c: Confirmation| check_confirmed(&store, id, steer, &c);
        let unconfirmed = ok(Steer::SendUnsent, Confirmation::default());
        assert!(
            matches!(&unconfirmed, Err(Error::NotConfirmed(m)) if m.contains("confirm")),
            "{unconfirmed:?}"
        );
        let seen = |recipients| Confirmation {
            confirmed: true,
            recipients,
        };
        // The never-sent part holds 3 people: confirming 2 is not enough, 3 is.
        let more = ok(Steer::SendUnsent, seen(2));
        assert!(
            matches!(&more, Err(Error::NotConfirmed(m)) if m.starts_with("3 people would be called, not the 2")),
            "{more:?}"
        );
        ok(Steer::SendUnsent, seen(3)).unwrap();
        ok(Steer::WithdrawUnsent, seen(0)).unwrap();
        assert!(ok(Steer::Retry, Confirmation::default()).is_err());
        ok(Steer::Retry, seen(0)).unwrap();
    }

    #[test]
    fn a_launch_needs_the_button_the_consent_and_the_same_list() {
        let c = LaunchConfirmation {
            confirmed: true,
            recipients: 12,
            compliance_acknowledged: true,
        };
        check_launch_confirmed(&c, 12).unwrap();
        for (bad, ready, says) in [
            (
                LaunchConfirmation {
                    confirmed: false,
                    ..c
                },
                12,
                "confirm the launch",
            ),
            (
                LaunchConfirmation {
                    compliance_acknowledged: false,
                    ..c
                },
                12,
                "agreed to be called",
            ),
            (c, 13, "13 recipients are ready now, not 12"),
        ] {
            let e = check_launch_confirmed(&bad, ready).unwrap_err();
            assert!(e.to_string().contains(says), "{e}");
        }
    }
}

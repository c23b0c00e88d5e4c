//! Keeping the Campaigns list tidy: rename, archive, delete. These change Batchline's own record
//! on this computer only (Cartesia keeps its batches, their names and their calls), each is
//! written to the audit log, and archive and delete must be confirmed by the person. A campaign
//! whose calls are still to come or under way can be neither archived nor deleted: hiding it
//! would hide calls that are really being made.

use super::super::view::{self, CampaignStatus};
use crate::error::{Error, Result};
use crate::store::{CampaignId, Store};
use chrono::{DateTime, Utc};

/// The longest campaign name, in characters (a name is a line on the list, not a paragraph).
pub const MAX_NAME_CHARS: usize = 120;

/// Renames the campaign here; gives back the message to show.
pub fn rename(store: &Store, id: CampaignId, name: &str, now: DateTime<Utc>) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Refused(
            "A campaign needs a name. Type one, then save.".into(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::Refused(format!(
            "That name is longer than {MAX_NAME_CHARS} characters. Shorten it, then save."
        )));
    }
    store.rename_campaign(id, name, now)?;
    Ok(format!(
        "Renamed to \u{201c}{name}\u{201d}. In Cartesia its calls keep the name they were sent with."
    ))
}

/// Archives the campaign (`archived`) or takes it out of the archive, once confirmed.
pub fn archive(
    store: &Store,
    id: CampaignId,
    archived: bool,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    if archived {
        settled(store, id, now, "archive")?;
        confirm(confirmed, "archived")?;
    }
    store.set_archived(id, archived, now)?;
    Ok(if archived {
        "Archived. It's off your Campaigns list; choose \u{201c}Show archived\u{201d} to see it again."
            .into()
    } else {
        "Back on your Campaigns list.".into()
    })
}

/// Deletes the campaign's record from this computer, once confirmed.
pub fn delete(
    store: &Store,
    id: CampaignId,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<String> {
    let name = settled(store, id, now, "delete")?;
    confirm(confirmed, "deleted")?;
    store.delete_campaign(id, now)?;
    Ok(format!(
        "\u{201c}{name}\u{201d} was deleted from Batchline. Its calls are still in your Cartesia account."
    ))
}

/// The campaign's name, when no call of it is still to come or under way.
fn settled(store: &Store, id: CampaignId, now: DateTime<Utc>, what: &str) -> Result<String> {
    let o = view::overview_at(store, id, now)?;
    if o.status.is_active() || o.status == CampaignStatus::Launching {
        return Err(Error::Refused(format!(
            "\u{201c}{}\u{201d} still has calls to come or under way, so Batchline won't {what} it. \
             Cancel it first, or wait until it is done.",
            o.name
        )));
    }
    Ok(o.name)
}

fn confirm(confirmed: bool, done: &str) -> Result<()> {
    if confirmed {
        Ok(())
    } else {
        Err(Error::NotConfirmed(format!(
            "Nothing was {done}: confirm it in the question first."
        )))
    }
}

//! Who of a part's people a move takes: those Cartesia cancelled before dialing.

use cartesia::{
    BatchRecipient, BatchStatus, CallBatch, CreateBatchRequest, NewRecipient, RecipientStatus,
};
use std::collections::{HashMap, VecDeque};

/// The recipients of `request` (a part's exact request) whose calls Cartesia cancelled before
/// dialing, in the order they were sent; `None` while the batch's cancel hasn't settled (it isn't
/// cancelled yet, its recipients weren't sent, or a call is still queued). Recipients are joined
/// to what was sent by number, in order: Cartesia's carry no id of ours.
pub fn undialed(request: &CreateBatchRequest, batch: &CallBatch) -> Option<Vec<NewRecipient>> {
    if batch.status != BatchStatus::Cancelled {
        return None;
    }
    let listed = batch.recipients.as_ref()?;
    if listed.iter().any(|r| r.status == RecipientStatus::Queued) {
        return None;
    }
    Some(sent_for(request, listed, |r| {
        r.status == RecipientStatus::Cancelled && r.agent_call_id.is_none()
    }))
}

/// What was sent (in `request`, a part's exact request) for each of Cartesia's `recipients`
/// that `pick` keeps, in the order they were sent. Joined by number, in order: Cartesia's
/// recipients carry no id of ours.
pub(crate) fn sent_for(
    request: &CreateBatchRequest,
    recipients: &[BatchRecipient],
    pick: impl Fn(&BatchRecipient) -> bool,
) -> Vec<NewRecipient> {
    let mut by_number: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, r) in request.recipients.iter().enumerate() {
        by_number
            .entry(r.to_number.as_str())
            .or_default()
            .push_back(i);
    }
    let mut kept = Vec::new();
    for r in recipients {
        let Some(sent) = by_number
            .get_mut(r.to_number.as_str())
            .and_then(VecDeque::pop_front)
        else {
            continue;
        };
        if pick(r) {
            kept.push(sent);
        }
    }
    kept.sort_unstable();
    kept.into_iter()
        .filter_map(|i| request.recipients.get(i).cloned())
        .collect()
}

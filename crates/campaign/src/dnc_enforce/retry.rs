//! Which way "Retry failed" goes for one part once the list is applied: Cartesia's own retry
//! re-dials every failed recipient of a batch, so it may be used only when none of them is listed.

use cartesia::{CallBatch, CreateBatchRequest, NewRecipient, RecipientStatus};
use std::collections::HashSet;

/// How a part's failed calls are made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryWay {
    /// Nobody listed: Cartesia's retry of the batch.
    Cartesia,
    /// Some listed: a new part with the others, planned in their calling hours; `left_out` of
    /// them are listed and not called.
    NewPart { left_out: u32 },
    /// Everyone whose call failed is listed: nobody is called again.
    Nobody { left_out: u32 },
}

/// The way for a part whose failed recipients have these numbers.
pub fn retry_way<'a>(
    failed: impl IntoIterator<Item = &'a str>,
    listed: &HashSet<String>,
) -> RetryWay {
    let (mut all, mut out) = (0u32, 0u32);
    for n in failed {
        all += 1;
        if listed.contains(n) {
            out += 1;
        }
    }
    match out {
        0 => RetryWay::Cartesia,
        n if n == all => RetryWay::Nobody { left_out: n },
        n => RetryWay::NewPart { left_out: n },
    }
}

/// The recipients of `request` (a part's exact request) whose latest call in `batch` failed,
/// with what was sent for them, except the listed ones, in the order they were sent. Joined by
/// number, in order, as Cartesia's recipients carry no id of ours.
pub(crate) fn failed_to_call_again(
    request: &CreateBatchRequest,
    batch: &CallBatch,
    listed: &HashSet<String>,
) -> Vec<NewRecipient> {
    crate::carry::sent_for(
        request,
        batch.recipients.as_deref().unwrap_or_default(),
        |r| r.status == RecipientStatus::Failed && !listed.contains(&r.to_number),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use cartesia::BatchRecipient;

    #[test]
    fn cartesia_retries_only_when_nobody_failed_is_listed() {
        let listed: HashSet<String> = ["+1302".to_string()].into();
        assert_eq!(retry_way(["+1301", "+1303"], &listed), RetryWay::Cartesia);
        assert_eq!(
            retry_way(["+1301", "+1302", "+1303"], &listed),
            RetryWay::NewPart { left_out: 1 }
        );
        assert_eq!(
            retry_way(["+1302", "+1302"], &listed),
            RetryWay::Nobody { left_out: 2 }
        );
        assert_eq!(retry_way([], &listed), RetryWay::Cartesia);
    }

    #[test]
    fn the_new_part_holds_the_failed_except_the_listed_with_what_was_sent_for_them() {
        let request = CreateBatchRequest::new(
            "Spring",
            "agent",
            "num",
            ["+1301", "+1302", "+1303", "+1304"]
                .iter()
                .enumerate()
                .map(|(i, n)| NewRecipient {
                    to_number: (*n).to_string(),
                    metadata: serde_json::json!({ "row": i }).as_object().cloned(),
                })
                .collect(),
        );
        let mut batch: CallBatch =
            serde_json::from_value(serde_json::json!({"id": "acb_1", "status": "completed"}))
                .unwrap();
        use RecipientStatus as S;
        batch.recipients = Some(
            [
                ("+1301", S::Failed),
                ("+1302", S::Failed),
                ("+1303", S::Completed),
                ("+1304", S::Failed),
            ]
            .iter()
            .map(|(n, s)| BatchRecipient {
                id: String::new(),
                to_number: (*n).to_string(),
                status: s.clone(),
                agent_call_id: Some("ac".into()),
                end_reason: None,
                error_message: None,
                metadata: None,
                created_at: None,
            })
            .collect(),
        );
        let listed: HashSet<String> = ["+1302".to_string()].into();
        let again = failed_to_call_again(&request, &batch, &listed);
        let got: Vec<_> = again
            .iter()
            .map(|r| {
                (
                    r.to_number.as_str(),
                    r.metadata.as_ref().unwrap()["row"].clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("+1301", serde_json::json!(0)),
                ("+1304", serde_json::json!(3))
            ]
        );
    }
}

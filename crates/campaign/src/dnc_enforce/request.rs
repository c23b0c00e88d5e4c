//! A part's request without the listed numbers, before the part is first sent.

use super::left_out_words;
use crate::error::Result;
use crate::launch::Launcher;
use crate::store::{LaunchState, Part};
use cartesia::CreateBatchRequest;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// `request` without the recipients whose number is in `listed`, and how many were taken out;
/// `None` when nobody in it is listed (the request stays exactly as it was).
pub fn without_listed(
    request: &CreateBatchRequest,
    listed: &HashSet<String>,
) -> Option<(CreateBatchRequest, u32)> {
    let before = request.recipients.len();
    let recipients: Vec<_> = request
        .recipients
        .iter()
        .filter(|r| !listed.contains(&r.to_number))
        .cloned()
        .collect();
    let removed = before - recipients.len();
    (removed > 0).then(|| {
        (
            CreateBatchRequest {
                recipients,
                ..request.clone()
            },
            u32::try_from(removed).unwrap_or(u32::MAX),
        )
    })
}

impl Launcher {
    /// Just before a part is sent: when Cartesia certainly doesn't have it (never sent, or
    /// clearly refused), its listed numbers are taken out of its request — the request and its
    /// hash rewritten with an audit entry in one transaction, or the part not sent at all when
    /// everyone in it is listed. A part whose earlier attempt may have reached Cartesia is
    /// never rewritten: the look-up that follows must find exactly what was sent. `None`: nothing
    /// to send (everyone was listed, or another launcher changed the part meanwhile).
    pub(crate) fn leave_out_listed(&self, part: &Part, now: DateTime<Utc>) -> Result<Option<Part>> {
        if !matches!(part.state, LaunchState::Planned | LaunchState::Failed) {
            return Ok(Some(part.clone()));
        }
        let request = self.store.part_request(part.id)?;
        let listed = self
            .store
            .dnc_listed_among(request.recipients.iter().map(|r| r.to_number.as_str()))?;
        let Some((kept, removed)) = without_listed(&request, &listed) else {
            return Ok(Some(part.clone()));
        };
        let which = if part.parts > 1 {
            format!(" (part {} of {})", part.part, part.parts)
        } else {
            String::new()
        };
        let everyone = kept.recipients.is_empty();
        let detail = if everyone {
            format!("{}{which}; the part was not sent", left_out_words(removed))
        } else {
            format!("{}{which}", left_out_words(removed))
        };
        let new_request = (!everyone).then_some(&kept);
        if !self
            .store
            .leave_out_unsent(part, new_request, &detail, now)?
        {
            return Ok(None);
        }
        if everyone {
            return Ok(None);
        }
        Ok(Some(self.store.part(part.id)?))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use cartesia::NewRecipient;

    fn req(numbers: &[&str]) -> CreateBatchRequest {
        let mut r = CreateBatchRequest::new(
            "Spring (part 1 of 2)",
            "agent",
            "num",
            numbers
                .iter()
                .map(|n| NewRecipient {
                    to_number: (*n).to_string(),
                    metadata: serde_json::json!({"name": n}).as_object().cloned(),
                })
                .collect(),
        );
        r.target_concurrency_limit = Some(3);
        r
    }

    #[test]
    fn listed_numbers_are_taken_out_and_everything_else_is_kept() {
        let listed: HashSet<String> = ["+1302".to_string(), "+1999".to_string()].into();
        let (kept, removed) =
            without_listed(&req(&["+1301", "+1302", "+1303", "+1302"]), &listed).unwrap();
        assert_eq!(removed, 2, "both of the listed number's rows");
        let numbers: Vec<_> = kept
            .recipients
            .iter()
            .map(|r| r.to_number.as_str())
            .collect();
        assert_eq!(numbers, ["+1301", "+1303"]);
        assert_eq!(
            kept.recipients[1].metadata,
            req(&["+1303"]).recipients[0].metadata
        );
        assert_eq!(kept.name, "Spring (part 1 of 2)");
        assert_eq!(kept.target_concurrency_limit, Some(3));
        // Nobody listed: no rewrite at all.
        assert!(without_listed(&req(&["+1301"]), &listed).is_none());
        // Everyone listed: an empty request, which the launch doesn't send.
        let (none, n) = without_listed(&req(&["+1302"]), &listed).unwrap();
        assert!(none.recipients.is_empty());
        assert_eq!(n, 1);
    }
}

//! The do-not-call list made impossible to get around once a campaign exists.
//!
//! A new campaign leaves listed numbers out when it is set up (the Review step). But a number
//! may be added to the list later — from the Do-not-call page, a file, or a campaign's results
//! — while a campaign that holds it is waiting to launch, already in Cartesia with the call not
//! yet made, or about to retry it. Each of those ways to dial is closed here:
//!
//! - **Before a part is first sent** (launch, resume, "send again", a move's new parts):
//!   the launch protocol takes listed numbers out of the part's request, rewriting the request
//!   and its hash with an audit entry in one transaction ([`crate::Launcher`]). Only a
//!   part Cartesia certainly doesn't have is rewritten (never sent, or clearly refused): a part
//!   whose attempt may have reached Cartesia is never changed, so exactly-once still holds.
//! - **A part Cartesia already has, the person not yet dialed** ([`take_out_waiting`]): Cartesia
//!   can't drop one recipient from a batch, so the part's people not yet dialed move through the
//!   move protocol ([`crate::carry`], [`CarryReason::DoNotCall`]) and the listed ones are left
//!   out when the move plans its new parts.
//! - **Retry** ([`crate::retry_failed`]): Cartesia's retry re-dials every failed recipient of a
//!   batch, so a part whose failed recipients include a listed number is retried as a new part
//!   without it ([`retry_way`]).
//!
//! Calls in which the recipient asked not to be called again are found by [`opt_out_phrase`].
//!
//! [`CarryReason::DoNotCall`]: crate::CarryReason::DoNotCall

mod opt_out;
mod request;
mod results;
pub(crate) mod retry;
mod waiting;

pub use opt_out::{opt_out_phrase, OptOutCall, OptOuts, DEFAULT_OPT_OUT_PHRASES};
pub use request::without_listed;
pub use results::{dont_call_again, opt_outs, DontCallOutcome};
pub use retry::{retry_way, RetryWay};
pub use waiting::{take_out_waiting, DncWatch, TakenOut};

use crate::view::plural;

/// "2 people left out: on the do-not-call list", for the audit log and the person.
pub fn left_out_words(n: u32) -> String {
    format!(
        "{} left out: on the do-not-call list",
        plural(n, "person", "people")
    )
}

/// How a recipient is named to the person: the name in what was sent for them ("name", "full
/// name", or first and last name), else their number.
pub fn person_name(r: &cartesia::NewRecipient) -> String {
    let field = |keys: &[&str]| {
        r.metadata.as_ref().and_then(|m| {
            m.iter()
                .find(|(k, _)| keys.contains(&k.to_lowercase().replace([' ', '-'], "_").as_str()))
                .and_then(|(_, v)| v.as_str())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        })
    };
    if let Some(name) = field(&["name", "full_name", "fullname", "contact_name"]) {
        return name;
    }
    match (
        field(&["first_name", "firstname", "first"]),
        field(&["last_name", "lastname", "last", "surname"]),
    ) {
        (Some(f), Some(l)) => format!("{f} {l}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => national(&r.to_number),
    }
}

/// A North American number as people write it ("(415) 555-0101"); others as they are.
fn national(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(d) if d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..])
        }
        _ => number.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use cartesia::NewRecipient;

    fn with(meta: serde_json::Value) -> NewRecipient {
        NewRecipient {
            to_number: "+14155550101".into(),
            metadata: meta.as_object().cloned(),
        }
    }

    #[test]
    fn a_person_is_named_by_their_name_else_by_their_number() {
        assert_eq!(
            person_name(&with(serde_json::json!({"Name": "Ana Ruiz"}))),
            "Ana Ruiz"
        );
        assert_eq!(
            person_name(&with(
                serde_json::json!({"first_name": "Ana", "Last Name": "Ruiz"})
            )),
            "Ana Ruiz"
        );
        assert_eq!(
            person_name(&with(serde_json::json!({"city": "Austin"}))),
            "(415) 555-0101"
        );
        assert_eq!(
            left_out_words(2),
            "2 people left out: on the do-not-call list"
        );
        assert_eq!(
            left_out_words(1),
            "1 person left out: on the do-not-call list"
        );
    }
}

//! Everything that can go wrong talking to Cartesia, and how to say it to a campaign manager.
//!
//! The variants keep what support needs (status, `error_code`, `request_id`); `Display` is the
//! plain message for the person running the campaign. Neither ever contains the API key: the
//! client removes it from any text a server sends back before it lands here.

/// What a request was about, so a "not found" can say which thing was missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    CreateBatch {
        name: String,
        agent_id: String,
        from_number_id: String,
        recipients: usize,
    },
    Batch(String),
    RetryBatch(String),
    CancelBatch(String),
    ListBatches,
    Call(String),
    CallAudio(String),
    ListCalls(String),
    Agents,
    PhoneNumbers,
}

/// A recipient named by a 400, with the number that was sent for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRef {
    /// Position in the request, from 0.
    pub index: usize,
    pub to_number: Option<String>,
}

/// Cartesia's answer to a request it refused, as it sent it (plus what the request was about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub error_code: Option<String>,
    pub title: String,
    pub message: String,
    /// Cartesia's reference for support.
    pub request_id: Option<String>,
    pub target: Target,
    /// For a 400 about one recipient of a create.
    pub recipient: Option<RecipientRef>,
    /// For a 400 about the recipient count of a create: (limit named by Cartesia, count sent).
    pub too_many: Option<(usize, usize)>,
    /// How long Cartesia asked to wait before trying again (`Retry-After`).
    pub retry_after: Option<std::time::Duration>,
}

/// A failed Cartesia request.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Cartesia answered with an error status.
    #[error("{}", self.user_message())]
    Api(Box<ApiError>),
    /// No connection, or it broke. `connected` is false when nothing was sent at all.
    #[error("{}", self.user_message())]
    Network {
        target: Target,
        connected: bool,
        detail: String,
    },
    /// No answer within the client's time limit (the request may have been received).
    #[error("{}", self.user_message())]
    Timeout { target: Target },
    /// A success status with a body that could not be read (cut short or not the documented shape).
    #[error("{}", self.user_message())]
    UnexpectedResponse {
        target: Target,
        status: u16,
        detail: String,
    },
    /// The configured address answered with a redirect (3xx). It is never followed: the key
    /// must go only where the person pointed Batchline, and nothing was done by Cartesia.
    #[error("{}", self.user_message())]
    Redirected { target: Target, status: u16 },
    /// A Cartesia address that is not `https://` (only this computer may use plain `http://`).
    #[error("{}", self.user_message())]
    InsecureBaseUrl { url: String },
    /// A Cartesia address that is not a web address at all.
    #[error("{}", self.user_message())]
    InvalidBaseUrl { url: String },
    /// The key holds characters no key can have (usually a bad copy-paste).
    #[error("{}", self.user_message())]
    UnusableKey,
    /// The HTTP client could not be set up on this computer.
    #[error("{}", self.user_message())]
    Setup { detail: String },
    /// An answer larger than Batchline reads (`limit` bytes); reading stopped there.
    #[error("{}", self.user_message())]
    TooLarge { target: Target, limit: u64 },
    /// A create whose answer was lost, and Batchline could not check whether Cartesia made the
    /// batch. Nothing is re-sent: the person must look before trying again.
    #[error("{}", self.user_message())]
    CreateUnconfirmed {
        name: String,
        /// Why the check could not be done.
        cause: Box<Error>,
    },
}

/// A Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The HTTP status, when Cartesia answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Cartesia's machine-readable code, when it sent one (e.g. `concurrency_limited`).
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.error_code.as_deref(),
            _ => None,
        }
    }

    /// Cartesia's reference for support, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// How long Cartesia asked to wait before trying again, if it said.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// A 401: the key is wrong or revoked. The app sends the person to Settings.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// A 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// Worth trying again later with no change (busy, server trouble, network, time limit).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Api(e) => matches!(e.status, 408 | 429 | 500..=599),
            Error::Network { .. } | Error::Timeout { .. } => true,
            Error::UnexpectedResponse { .. } => true,
            _ => false,
        }
    }

    /// Whether a request that failed this way may still have been carried out by Cartesia
    /// (so a create must be reconciled, never simply re-sent).
    pub fn may_have_been_processed(&self) -> bool {
        match self {
            Error::Api(e) => matches!(e.status, 408 | 500..=599),
            Error::Network { connected, .. } => *connected,
            Error::Timeout { .. } | Error::UnexpectedResponse { .. } => true,
            Error::CreateUnconfirmed { .. } => true,
            _ => false,
        }
    }

    /// The message for a campaign manager: what happened, why if known, what to do next.
    pub fn user_message(&self) -> String {
        match self {
            Error::Api(e) => api_message(e),
            Error::Network { .. } => "Batchline can't reach Cartesia. Check your internet \
                connection (and any VPN or firewall), then try again."
                .to_string(),
            Error::Timeout { .. } => "Cartesia took too long to answer. Check your internet \
                connection and try again in a minute."
                .to_string(),
            Error::UnexpectedResponse { .. } => "Cartesia's answer could not be read (it was \
                cut short or not in the expected form). Try again in a minute."
                .to_string(),
            Error::Redirected { .. } => "Cartesia's address answered with a redirect to another \
                place; Batchline doesn't follow it, so your key stays safe. Check the API address \
                in Settings."
                .to_string(),
            Error::InsecureBaseUrl { url } => format!(
                "The Cartesia address {url} is not secure. Use an address starting with \
                 https:// (plain http:// is only allowed for this computer)."
            ),
            Error::InvalidBaseUrl { url } => format!(
                "\"{url}\" is not a valid Cartesia address. It should look like \
                 https://api.cartesia.ai."
            ),
            Error::UnusableKey => "The API key contains characters a key cannot have, \
                probably from copying it. Paste it again in Settings."
                .to_string(),
            Error::Setup { .. } => "Batchline could not prepare a secure connection on this \
                computer. Restart Batchline and try again."
                .to_string(),
            Error::TooLarge {
                target: Target::CallAudio(_),
                limit,
            } => format!(
                "This call's recording is larger than Batchline plays ({} MB), so it wasn't \
                 downloaded. Listen to it in Cartesia's dashboard instead.",
                limit / (1024 * 1024)
            ),
            Error::TooLarge { limit, .. } => format!(
                "Cartesia's answer was larger than Batchline reads ({} MB), so it was set \
                 aside. Try again later; if it keeps happening, contact support.",
                limit / (1024 * 1024)
            ),
            Error::CreateUnconfirmed { name, cause } => format!(
                "Batchline lost Cartesia's answer while starting \"{name}\" and could not check \
                 whether the calls were set up ({}). It has not sent them again, so nobody is \
                 called twice: look at the list of campaign parts before trying again.",
                cause.user_message().trim_end_matches('.')
            ),
        }
    }
}

fn what_was_missing(target: &Target, message: &str) -> String {
    match target {
        Target::CreateBatch {
            agent_id,
            from_number_id,
            ..
        } => {
            let m = message.to_ascii_lowercase();
            if m.contains("number") {
                format!(
                    "Cartesia has no from number with the id {from_number_id} in this account. \
                     Pick one of the account's phone numbers and try again."
                )
            } else if m.contains("agent") {
                format!(
                    "Cartesia has no agent with the id {agent_id} in this account. \
                     Pick one of the account's agents and try again."
                )
            } else {
                format!(
                    "Cartesia could not find the agent ({agent_id}) or the from number \
                     ({from_number_id}) in this account. Check both and try again."
                )
            }
        }
        Target::Batch(id) | Target::RetryBatch(id) | Target::CancelBatch(id) => format!(
            "Cartesia has no campaign part with the id {id} in this account. It may have \
             been made with a different account's key."
        ),
        Target::ListCalls(id) => {
            format!("Cartesia has no campaign part with the id {id}, so its calls can't be listed.")
        }
        Target::Call(id) => format!("Cartesia has no call with the id {id} in this account."),
        Target::CallAudio(id) => format!(
            "There is no recording of call {id}: the call did not connect, has not finished, \
             or recordings are not kept for this agent."
        ),
        Target::ListBatches | Target::Agents | Target::PhoneNumbers => {
            "Cartesia could not find what Batchline asked for. The address in Settings may be \
             wrong."
                .to_string()
        }
    }
}

fn action(target: &Target) -> &'static str {
    match target {
        Target::CreateBatch { .. } => "start the calls",
        Target::RetryBatch(_) => "retry the failed calls",
        Target::CancelBatch(_) => "cancel",
        _ => "do that",
    }
}

fn api_message(e: &ApiError) -> String {
    let ApiError {
        status,
        error_code: code,
        title,
        message,
        request_id,
        target,
        recipient,
        too_many,
        retry_after: _,
    } = e;
    let (status, code, request_id, too_many) =
        (*status, code.as_deref(), request_id.as_deref(), *too_many);
    let detail = if message.trim().is_empty() {
        title.trim()
    } else {
        message.trim()
    };
    let reference = request_id
        .map(|r| format!(" If it keeps happening, give Cartesia support this reference: {r}."))
        .unwrap_or_default();
    match status {
        401 => "Cartesia did not accept the API key: it is wrong or has been revoked. Check \
                the key in Settings, or create a new one in your Cartesia account."
            .to_string(),
        402 => "Your Cartesia plan has reached its usage limit, so no more calls can be \
                placed. Raise the limit or upgrade the plan in your Cartesia account, then try \
                again."
            .to_string(),
        403 => format!(
            "This API key is not allowed to {}. Check the key's permissions in your Cartesia \
             account.",
            action(target)
        ),
        404 => what_was_missing(target, message),
        429 => "Cartesia is busy right now and asked Batchline to slow down. Wait a minute \
                and try again."
            .to_string(),
        400 | 409 | 422 => {
            if let Some((limit, sent)) = too_many {
                return format!(
                    "Cartesia accepts at most {limit} recipients in one campaign part, and \
                     this one has {sent}. Split the list into parts of {limit} or fewer and \
                     try again."
                );
            }
            if let Some(r) = recipient {
                let who = match &r.to_number {
                    Some(n) => format!("Recipient {} ({n})", r.index + 1),
                    None => format!("Recipient {}", r.index + 1),
                };
                return format!(
                    "{who} was not accepted by Cartesia: {}. Fix or remove it in the list and \
                     try again.",
                    detail.trim_end_matches('.')
                );
            }
            if code == Some("batch_cancelled")
                || (matches!(target, Target::RetryBatch(_))
                    && detail.to_ascii_lowercase().contains("cancel"))
            {
                return "This campaign part was cancelled, and cancelled parts can't be \
                        retried. Start a new campaign for the people who still need a call."
                    .to_string();
            }
            format!(
                "Cartesia did not accept the request to {}: {}. Change it and try again.",
                action(target),
                detail.trim_end_matches('.')
            )
        }
        500..=599 => format!(
            "Cartesia had a problem on its side and could not {}. Try again in a few \
             minutes.{reference}",
            action(target)
        ),
        _ => format!(
            "Cartesia could not {} ({}: {}).{reference}",
            action(target),
            status,
            detail.trim_end_matches('.')
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, message: &str, target: Target) -> Error {
        Error::Api(Box::new(ApiError {
            status,
            error_code: None,
            title: "Title".into(),
            message: message.into(),
            request_id: Some("req-1".into()),
            target,
            recipient: None,
            too_many: None,
            retry_after: None,
        }))
    }

    #[test]
    fn messages_speak_to_a_campaign_manager() {
        let m = api(401, "bad", Target::ListBatches).to_string();
        assert!(
            m.contains("wrong or has been revoked") && m.contains("Settings"),
            "{m}"
        );
        assert!(api(402, "", Target::ListBatches)
            .to_string()
            .contains("usage limit"));
        let m = api(404, "No call batch", Target::Batch("acb_9".into())).to_string();
        assert!(m.contains("acb_9"), "{m}");
        let m = api(
            404,
            "No phone number with id 'ap_x'",
            Target::CreateBatch {
                name: "N".into(),
                agent_id: "agent_1".into(),
                from_number_id: "ap_x".into(),
                recipients: 1,
            },
        )
        .to_string();
        assert!(m.contains("from number") && m.contains("ap_x"), "{m}");
        assert!(api(429, "", Target::Agents).to_string().contains("busy"));
        let m = api(503, "", Target::Agents).to_string();
        assert!(m.contains("req-1"), "{m}");
        for e in [
            Error::Network {
                target: Target::Agents,
                connected: false,
                detail: "refused".into(),
            },
            Error::Timeout {
                target: Target::Agents,
            },
        ] {
            let m = e.to_string();
            assert!(m.contains("connection"), "{m}");
            assert!(!m.contains("HTTP"), "{m}");
        }
    }

    #[test]
    fn a_rejected_recipient_and_the_size_limit_are_named() {
        let mut e = api(
            400,
            "recipients[4].to_number '555' is not valid",
            Target::ListBatches,
        );
        if let Error::Api(a) = &mut e {
            a.recipient = Some(RecipientRef {
                index: 4,
                to_number: Some("555".into()),
            });
        }
        let m = e.to_string();
        assert!(m.starts_with("Recipient 5 (555)"), "{m}");
        if let Error::Api(a) = &mut e {
            a.too_many = Some((1000, 1200));
        }
        let m = e.to_string();
        assert!(m.contains("at most 1000") && m.contains("1200"), "{m}");
    }

    #[test]
    fn only_unsent_or_refused_requests_are_definitely_not_processed() {
        assert!(!api(400, "", Target::ListBatches).may_have_been_processed());
        assert!(!api(429, "", Target::ListBatches).may_have_been_processed());
        assert!(api(502, "", Target::ListBatches).may_have_been_processed());
        assert!(Error::Timeout {
            target: Target::Agents
        }
        .may_have_been_processed());
        assert!(!Error::Network {
            target: Target::Agents,
            connected: false,
            detail: String::new()
        }
        .may_have_been_processed());
    }
}

//! A test call to the manager's own phone before a launch: hear the agent with a real row's
//! call data, then launch.
//!
//! It goes out as a one-recipient batch named "Test call — {campaign}", kept apart from every
//! campaign (its own table: never in a campaign's figures, parts or exports, and never listed
//! among other batches), and is sent exactly once by the launch protocol's means: the request
//! on disk first, Cartesia's clock read for the look-up horizon, a claim by compare-and-swap,
//! and after a lost answer or a crash a look-up by name before anything is sent again. A click
//! twice finds the draft's test call that isn't over instead of making a second.

use crate::error::{Error, Result};
use crate::launch::Launcher;
pub use crate::store::{TestCallId, TestCallRecord, TestCallState};
use crate::view::{call_detail_of, CallDetail, Outcome};
use cartesia::{BatchFingerprint, Client, CreateBatchRequest, Horizon, NewRecipient};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the person asked for on the Setup step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TestCallAsk {
    /// Their own phone number, as typed.
    pub to_number: String,
    /// The spreadsheet row whose call data the agent gets; `None`: the first ready row.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub row: Option<u64>,
}

/// Where a test call is, in the words the wizard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum TestCallStage {
    /// Being sent to Cartesia (or checked there after a lost answer).
    Sending,
    /// Cartesia has it; the call waits its turn.
    Queued,
    /// Your phone is ringing.
    Ringing,
    /// The agent is talking to you.
    OnThePhone,
    /// Over: how it ended and its transcript are shown.
    Ended,
    /// It couldn't be sent; the message says why and what to do.
    NotSent,
}

impl TestCallStage {
    pub fn words(self) -> &'static str {
        match self {
            TestCallStage::Sending => "Sending",
            TestCallStage::Queued => "Queued",
            TestCallStage::Ringing => "Ringing",
            TestCallStage::OnThePhone => "On the phone",
            TestCallStage::Ended => "Ended",
            TestCallStage::NotSent => "Not sent",
        }
    }
}

/// A test call, as the wizard follows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TestCallView {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: TestCallId,
    pub stage: TestCallStage,
    /// The stage in words ("Ringing").
    pub stage_words: String,
    pub to_number: String,
    /// What went wrong, or what the stage needs said, in plain words.
    pub message: Option<String>,
    /// The call once dialed: how it ended, the summary and the transcript when it is over.
    pub call: Option<CallDetail>,
    /// How it ended, in a word, once over ("Answered", "No answer").
    pub outcome_words: Option<String>,
}

/// Why a test call can't be made as asked, in the person's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TestCallError {
    #[error("Type your own phone number to get the test call.")]
    NoNumber,
    #[error("\u{201c}{number}\u{201d} can't be called: it is {reason}. Check your number and try again.")]
    BadNumber { number: String, reason: String },
    #[error("Choose the agent and the number it calls from first (above).")]
    NoAgent,
    #[error("Row {0} isn't among the ready recipients. Pick another row.")]
    NoSuchRow(u64),
    #[error("Import the list first: the test call uses one of its rows' call data.")]
    NoList,
}

/// The name a test call's batch is sent with.
pub fn test_call_name(campaign: &str) -> String {
    format!("Test call \u{2014} {}", campaign.trim())
}

/// Checks the person's own number like any recipient's (`country` for a number written without
/// its country code), and returns it in international form.
pub fn check_own_number(typed: &str, country: &str) -> std::result::Result<String, TestCallError> {
    if typed.trim().is_empty() {
        return Err(TestCallError::NoNumber);
    }
    let country = recipients::Country::from_code(country)
        .or_else(|_| recipients::Country::from_code("US"))
        .map_err(|e| TestCallError::BadNumber {
            number: typed.trim().to_string(),
            reason: e.to_string(),
        })?;
    recipients::normalize(typed, country)
        .map(|n| n.to_string())
        .map_err(|r| TestCallError::BadNumber {
            number: typed.trim().to_string(),
            reason: r.reason,
        })
}

/// The campaign's settings a test call is sent with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TestCallSettings<'a> {
    /// The campaign's name; empty: taken from `file_name`, as a launch does.
    pub campaign_name: &'a str,
    pub file_name: &'a str,
    pub agent_id: &'a str,
    pub from_number_id: &'a str,
    pub ringing_timeout_seconds: Option<u32>,
    pub max_call_duration_minutes: Option<u32>,
    /// Two-letter country for a number typed without its country code.
    pub country: &'a str,
}

/// The one-recipient request of the wizard's test call, from its imported list (the country it
/// was read with, its ready rows, its file name): refused until a list is imported.
#[allow(clippy::too_many_arguments)]
pub fn test_call_request_for(
    ask: &TestCallAsk,
    import: Option<&crate::draft::ImportSession>,
    campaign_name: &str,
    agent_id: &str,
    from_number_id: &str,
    ringing_timeout_seconds: Option<u32>,
    max_call_duration_minutes: Option<u32>,
) -> std::result::Result<CreateBatchRequest, TestCallError> {
    let import = import.ok_or(TestCallError::NoList)?;
    let ready = import
        .report
        .as_ref()
        .map(|r| r.recipients.as_slice())
        .unwrap_or_default();
    let settings = TestCallSettings {
        campaign_name,
        file_name: &import.file_name,
        agent_id,
        from_number_id,
        ringing_timeout_seconds,
        max_call_duration_minutes,
        country: &import.choices.country,
    };
    test_call_request(ask, &settings, ready)
}

/// The one-recipient request of a test call: the person's number with the call data of the
/// chosen ready row (`ask.row`; the first ready row when none).
pub fn test_call_request(
    ask: &TestCallAsk,
    settings: &TestCallSettings<'_>,
    ready: &[recipients::Recipient],
) -> std::result::Result<CreateBatchRequest, TestCallError> {
    if settings.agent_id.is_empty() || settings.from_number_id.is_empty() {
        return Err(TestCallError::NoAgent);
    }
    let to_number = check_own_number(&ask.to_number, settings.country)?;
    let row = match ask.row {
        Some(n) => Some(
            ready
                .iter()
                .find(|r| r.row == n)
                .ok_or(TestCallError::NoSuchRow(n))?,
        ),
        None => ready.first(),
    };
    let metadata = row.and_then(|r| crate::plan::new_recipient(r).metadata);
    let name = match settings.campaign_name.trim() {
        "" => crate::plan::name_from_file(settings.file_name),
        n => n.to_string(),
    };
    let mut req = CreateBatchRequest::new(
        test_call_name(&name),
        settings.agent_id,
        settings.from_number_id,
        vec![NewRecipient {
            to_number,
            metadata,
        }],
    );
    req.ringing_timeout_seconds = settings.ringing_timeout_seconds;
    req.max_call_duration_minutes = settings.max_call_duration_minutes;
    req.target_concurrency_limit = Some(1);
    Ok(req)
}

impl Launcher {
    /// Records the draft's test call (or finds the one not over yet: a click twice) and sends it
    /// exactly once. Cartesia's trouble is not an error here: the returned view says it.
    pub async fn test_call(
        &self,
        client: &Client,
        draft_id: Option<&str>,
        request: &CreateBatchRequest,
        now: DateTime<Utc>,
    ) -> Result<TestCallView> {
        let _guard = self.busy.try_lock().map_err(|_| Error::LaunchInProgress)?;
        let _lock = self.try_lock_store()?.ok_or(Error::LaunchInProgress)?;
        let (call, _) = self.store.begin_test_call(draft_id, request, now)?;
        self.send_test_call(client, &call, now).await?;
        Ok(sending_view(&self.store.test_call(call.id)?))
    }

    /// One attempt to have Cartesia make the test call, never a second batch: a call in doubt
    /// is looked up first; the intent and horizon reach the disk before the request leaves.
    async fn send_test_call(
        &self,
        client: &Client,
        call: &TestCallRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        use TestCallState as S;
        let store = &self.store;
        if matches!(call.state, S::Created | S::Ended) {
            return Ok(());
        }
        let req = store.test_call_request(call.id)?;
        let known = store.known_batch_ids()?;
        let mut seen = call.clone();
        if call.state.needs_check() {
            match client
                .find_created_batch(
                    &BatchFingerprint::of(&req),
                    Horizon::from_stored(call.attempt_horizon),
                    &known,
                )
                .await
            {
                Ok(Some(batch)) => {
                    return store.set_test_call_state(call.id, S::Created, Some(&batch.id), None)
                }
                Ok(None) => {
                    store.set_test_call_state(call.id, S::Planned, None, None)?;
                    seen = store.test_call(call.id)?;
                }
                Err(e) => {
                    let message = unconfirmed(&e);
                    return store.set_test_call_state(
                        call.id,
                        S::Unconfirmed,
                        None,
                        Some(&message),
                    );
                }
            }
        }
        let horizon = match client.creation_horizon(&req.agent_id).await {
            Ok(h) => h,
            Err(e) => {
                let message = e.user_message();
                return store.set_test_call_state(call.id, S::Failed, None, Some(&message));
            }
        };
        if !store.claim_test_call(&seen, now, horizon.at())? {
            return Ok(());
        }
        match client
            .create_batch_exactly_once_after(&req, horizon, &known)
            .await
        {
            Ok(outcome) => {
                store.set_test_call_state(call.id, S::Created, Some(&outcome.batch().id), None)
            }
            Err(e) if e.may_have_been_processed() => {
                let message = unconfirmed(&e);
                store.set_test_call_state(call.id, S::Unconfirmed, None, Some(&message))
            }
            Err(e) => {
                let message = e.user_message();
                store.set_test_call_state(call.id, S::Failed, None, Some(&message))
            }
        }
    }

    /// Where the test call is now: asks Cartesia for its batch and, once dialed, its call. A
    /// test call whose answer was lost is looked up (and, when Cartesia certainly hasn't it,
    /// sent) first — still exactly once.
    pub async fn follow_test_call(
        &self,
        client: &Client,
        id: TestCallId,
        now: DateTime<Utc>,
    ) -> Result<TestCallView> {
        let call = self.store.test_call(id)?;
        if call.state.needs_check() || call.state == TestCallState::Planned {
            if let (Ok(_guard), Some(_lock)) = (self.busy.try_lock(), self.try_lock_store()?) {
                self.send_test_call(client, &call, now).await?;
            }
        }
        let call = self.store.test_call(id)?;
        let Some(batch_id) = call
            .api_batch_id
            .clone()
            .filter(|_| matches!(call.state, TestCallState::Created | TestCallState::Ended))
        else {
            return Ok(sending_view(&call));
        };
        let mut view = sending_view(&call);
        let batch = match client.get_batch(&batch_id).await {
            Ok(b) => b,
            Err(e) => {
                view.stage = TestCallStage::Queued;
                view.message = Some(format!(
                    "{} Batchline keeps trying to follow your test call.",
                    e.user_message().trim_end()
                ));
                view.stage_words = view.stage.words().to_string();
                return Ok(view);
            }
        };
        let recipient = batch.recipients.as_ref().and_then(|r| r.first()).cloned();
        let Some(recipient) = recipient else {
            view.stage = TestCallStage::Queued;
            view.stage_words = view.stage.words().to_string();
            return Ok(view);
        };
        let detail = match recipient.agent_call_id.as_deref() {
            Some(call_id) => match client.get_call(call_id).await {
                Ok(c) => Some(call_detail_of(&c)),
                Err(_) => None,
            },
            None => None,
        };
        view.stage = stage_of(recipient.status.as_str(), detail.as_ref());
        if view.stage == TestCallStage::Ended {
            let outcome = detail.as_ref().and_then(|d| d.outcome).or_else(|| {
                Outcome::of_recipient(
                    recipient.status.as_str(),
                    recipient.end_reason.as_ref().map(|r| r.as_str()),
                )
            });
            view.outcome_words = outcome.map(|o| o.label().to_string());
            if detail.is_none() {
                view.message = recipient.error_message.clone();
            }
            self.store
                .set_test_call_state(id, TestCallState::Ended, None, None)?;
        }
        view.stage_words = view.stage.words().to_string();
        view.call = detail;
        Ok(view)
    }
}

/// The stage of a made test call, from its recipient's status and, once dialed, its call's.
pub fn stage_of(recipient_status: &str, call: Option<&CallDetail>) -> TestCallStage {
    let final_recipient = matches!(recipient_status, "completed" | "failed" | "cancelled");
    match call.map(|c| c.status.as_str()) {
        Some("completed" | "failed") => TestCallStage::Ended,
        Some("started") if call.is_some_and(|c| c.connected) => TestCallStage::OnThePhone,
        Some(_) if final_recipient => TestCallStage::Ended,
        Some(_) => TestCallStage::Ringing,
        None if final_recipient => TestCallStage::Ended,
        None if matches!(recipient_status, "dispatched" | "started") => TestCallStage::Ringing,
        None => TestCallStage::Queued,
    }
}

/// The view of a test call from the store alone (before Cartesia is asked about its call).
fn sending_view(call: &TestCallRecord) -> TestCallView {
    let stage = match call.state {
        TestCallState::Failed => TestCallStage::NotSent,
        TestCallState::Created => TestCallStage::Queued,
        TestCallState::Ended => TestCallStage::Ended,
        _ => TestCallStage::Sending,
    };
    TestCallView {
        id: call.id,
        stage,
        stage_words: stage.words().to_string(),
        to_number: call.to_number.clone(),
        message: call.last_error.clone(),
        call: None,
        outcome_words: None,
    }
}

fn unconfirmed(e: &cartesia::Error) -> String {
    format!(
        "{} Batchline doesn't know yet whether Cartesia made your test call, so it hasn't sent \
         it again; it checks before trying.",
        e.user_message().trim_end()
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn a_test_call_needs_an_imported_list_first() {
        let ask = TestCallAsk {
            to_number: "(415) 555-0004".into(),
            row: None,
        };
        let refused = test_call_request_for(&ask, None, "Spring", "agent", "number", None, None);
        assert!(matches!(refused, Err(TestCallError::NoList)), "{refused:?}");
    }

    fn call(status: &str, connected: bool) -> CallDetail {
        CallDetail {
            call_id: Some("ac_1".into()),
            dialed: true,
            connected,
            status: status.into(),
            status_label: String::new(),
            started_at: None,
            ended_at: None,
            duration_seconds: None,
            end_reason: None,
            end_reason_label: None,
            outcome: None,
            outcome_reason: None,
            summary: None,
            transcript: Vec::new(),
            transcript_withheld: false,
            error_message: None,
            to_number: None,
            from_number: None,
        }
    }

    #[test]
    fn the_stage_follows_the_recipient_then_the_call() {
        use TestCallStage::*;
        assert_eq!(stage_of("queued", None), Queued);
        assert_eq!(stage_of("dispatched", None), Ringing);
        assert_eq!(stage_of("started", Some(&call("created", false))), Ringing);
        assert_eq!(
            stage_of("started", Some(&call("started", true))),
            OnThePhone
        );
        assert_eq!(stage_of("completed", Some(&call("completed", true))), Ended);
        // Failed before any dial (no call), or cancelled: over.
        assert_eq!(stage_of("failed", None), Ended);
        assert_eq!(stage_of("cancelled", None), Ended);
    }

    #[test]
    fn your_number_is_checked_like_any_recipient_and_the_row_chosen_is_sent() {
        assert_eq!(
            check_own_number("(415) 555-2671", "US").unwrap(),
            "+14155552671"
        );
        assert_eq!(check_own_number("  ", "US"), Err(TestCallError::NoNumber));
        let said = check_own_number("555-12", "US").unwrap_err().to_string();
        assert!(
            said.starts_with("\u{201c}555-12\u{201d} can't be called: it is too short"),
            "{said}"
        );
        let ready = vec![
            recipients::Recipient {
                row: 2,
                to_number: "+12125550100".into(),
                metadata: recipients::Metadata::from_pairs([("Name", "Ada")]),
            },
            recipients::Recipient {
                row: 5,
                to_number: "+12125550101".into(),
                metadata: recipients::Metadata::from_pairs([("Name", "Grace")]),
            },
        ];
        let settings = TestCallSettings {
            campaign_name: "",
            file_name: "spring-leads.csv",
            agent_id: "agent_1",
            from_number_id: "pn_1",
            country: "US",
            ..TestCallSettings::default()
        };
        let ask = |row| TestCallAsk {
            to_number: "+14155552671".into(),
            row,
        };
        let first = test_call_request(&ask(None), &settings, &ready).unwrap();
        assert_eq!(
            first.name, "Test call \u{2014} spring leads",
            "named as a launch would be"
        );
        assert_eq!(
            first.recipients[0].metadata.as_ref().unwrap()["Name"],
            "Ada"
        );
        let fifth = test_call_request(&ask(Some(5)), &settings, &ready).unwrap();
        assert_eq!(
            fifth.recipients[0].metadata.as_ref().unwrap()["Name"],
            "Grace"
        );
        assert_eq!(fifth.recipients[0].to_number, "+14155552671");
        assert_eq!(
            test_call_request(&ask(Some(3)), &settings, &ready),
            Err(TestCallError::NoSuchRow(3))
        );
        let no_agent = TestCallSettings {
            agent_id: "",
            ..settings
        };
        assert_eq!(
            test_call_request(&ask(None), &no_agent, &ready),
            Err(TestCallError::NoAgent)
        );
    }
}

//! When a campaign calls (issue 11, "Safe Send"): the calling hours a person chose, in each
//! recipient's own local time; where each recipient is (from the list's ZIP code, state or
//! time-zone column, else the number); how long a call is expected to take; and who a plan
//! leaves out. The planner ([`crate::plan`]) takes these and asks [`hours::plan`] for the parts.
//!
//! The app and the `batchline` command share all of it, so a list is located and planned the same
//! way wherever it is launched from.

mod preview;

pub use preview::{
    location_summary, plan_preview, preview, rule_terms, rules_off_words, start_words, zone_label,
    DayPreview, LocationSummary, NamedCount, PartPreview, PlanPreview, RuleTouch, LEFT_OUT_SHOWN,
};

use hours::{CallingHours, Days, HoursError};
use recipients::Recipient;
use serde::{Deserialize, Serialize};
use whereabouts::{Hints, Whereabouts};

/// How many recipients' cells are read to recognise the ZIP, state and time-zone columns.
pub const LOCATION_SAMPLE_ROWS: usize = 200;

/// The minutes a call is expected to talk when nothing better is known (ringing comes on top).
pub const DEFAULT_TALK_MINUTES: u32 = 3;

/// Finished calls needed before their median stands for the next campaign's calls.
pub const MIN_CALLS_FOR_MEDIAN: usize = 5;

/// The calling hours as the person chose them: kept with the draft, the campaign
/// (`campaigns.calling_hours`) and as the default in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HoursChoice {
    /// The calling days, as "mon", "tue", … "sun".
    pub days: Vec<String>,
    /// From, "09:00", in each recipient's local time.
    pub from: String,
    /// To, "20:00", in each recipient's local time.
    pub to: String,
    /// Skip the US federal holidays.
    pub skip_holidays: bool,
    /// Leave out numbers whose time zone can't be known (toll-free, non-geographic), with a
    /// reason, instead of calling them in the hours that fit every zone of their country.
    #[serde(default)]
    pub leave_out_unplaced: bool,
}

impl Default for HoursChoice {
    /// Monday–Saturday, 9:00–20:00, federal holidays skipped.
    fn default() -> HoursChoice {
        HoursChoice::of(&CallingHours::default())
    }
}

impl HoursChoice {
    /// The hours as the planner takes them, refused in plain words when they can't be used
    /// (wider than 8:00–21:00, ending before they start, no day).
    pub fn calling_hours(&self) -> Result<CallingHours, HoursError> {
        let days = if self.days.is_empty() {
            Days::NONE
        } else {
            Days::parse(&self.days.join(","))?
        };
        CallingHours {
            days,
            skip_us_federal_holidays: self.skip_holidays,
            ..CallingHours::default()
        }
        .with_range(&format!("{}-{}", self.from, self.to))
    }

    /// The choice that stands for `hours`.
    pub fn of(hours: &CallingHours) -> HoursChoice {
        HoursChoice {
            days: hours
                .days
                .iter()
                .map(|d| d.to_string().to_ascii_lowercase())
                .collect(),
            from: hours.from.format("%H:%M").to_string(),
            to: hours.to.format("%H:%M").to_string(),
            skip_holidays: hours.skip_us_federal_holidays,
            leave_out_unplaced: false,
        }
    }
}

/// What a campaign was planned with, kept with it (`campaigns.calling_hours`) so its people are
/// planned the same way again when their calls move (the hours close, or the campaign is
/// changed): the hours — at the top level, as campaigns kept them before — the minutes per call
/// used, the state rules turned off and the location columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptPlanning {
    #[serde(flatten)]
    pub hours: HoursChoice,
    #[serde(default)]
    pub call_minutes: Option<u32>,
    #[serde(default)]
    pub rules_off: Vec<String>,
    #[serde(default)]
    pub location_columns: Option<LocationColumns>,
}

impl KeptPlanning {
    /// Read from the campaign's record; `None` for a campaign not planned by hours (or a value
    /// this version can't read, which then is planned as such: one start for everyone).
    pub fn read(json: Option<&str>) -> Option<KeptPlanning> {
        json.and_then(|j| serde_json::from_str(j).ok())
    }
}

/// The columns of a list that say where each recipient is, by name (as the list's header names
/// them); detected at import, changeable in the Columns step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LocationColumns {
    /// ZIP code or postal code.
    pub postal_code: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// Time zone.
    pub time_zone: Option<String>,
}

/// The ZIP, state and time-zone columns of the recipients' call data, recognised from their
/// names and first values.
pub fn detect_location_columns(recipients: &[Recipient]) -> LocationColumns {
    let sample = &recipients[..recipients.len().min(LOCATION_SAMPLE_ROWS)];
    let mut headers: Vec<&str> = Vec::new();
    for r in sample {
        for (k, _) in r.metadata.iter() {
            if !headers.contains(&k) {
                headers.push(k);
            }
        }
    }
    let rows: Vec<Vec<&str>> = sample
        .iter()
        .map(|r| {
            headers
                .iter()
                .map(|h| r.metadata.get(h).unwrap_or(""))
                .collect()
        })
        .collect();
    let found = whereabouts::detect_location_columns(&headers, &rows);
    let name = |i: Option<usize>| i.and_then(|i| headers.get(i)).map(|h| (*h).to_owned());
    LocationColumns {
        postal_code: name(found.postal_code),
        region: name(found.region),
        time_zone: name(found.time_zone),
    }
}

/// A recipient as it was sent to Cartesia, read back as the planner takes one (`row`: its
/// place), to be planned or located again.
pub(crate) fn as_recipient(row: u64, r: &cartesia::NewRecipient) -> Recipient {
    Recipient {
        row,
        to_number: r.to_number.clone(),
        metadata: recipients::Metadata::from_pairs(
            r.metadata
                .iter()
                .flatten()
                .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default())),
        ),
    }
}

/// Where each recipient may be (in list order), from `columns`, else from the number.
pub fn locate(recipients: &[Recipient], columns: &LocationColumns) -> Vec<Whereabouts> {
    let cell = |r: &'_ Recipient, column: &Option<String>| -> Option<String> {
        column
            .as_deref()
            .and_then(|c| r.metadata.get(c))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    recipients
        .iter()
        .map(|r| {
            let (postal_code, region, time_zone) = (
                cell(r, &columns.postal_code),
                cell(r, &columns.region),
                cell(r, &columns.time_zone),
            );
            let hints = Hints {
                postal_code: postal_code.as_deref(),
                region: region.as_deref(),
                time_zone: time_zone.as_deref(),
            };
            whereabouts::locate(&r.to_number, &hints)
        })
        .collect()
}

/// The recipients as the hours planner takes them: row, number and where they may be (located
/// with `columns`, else by the number).
pub fn to_plan(recipients: &[Recipient], columns: &LocationColumns) -> Vec<hours::Recipient> {
    recipients
        .iter()
        .zip(locate(recipients, columns))
        .map(|(r, whereabouts)| hours::Recipient {
            row: r.row,
            to_number: r.to_number.clone(),
            whereabouts,
        })
        .collect()
}

/// Who the hours planner left out of `people`, by row and number, with its reason.
pub fn left_out(
    people: &[hours::Recipient],
    not_scheduled: &[hours::NotScheduled],
) -> Vec<LeftOut> {
    not_scheduled
        .iter()
        .map(|n| LeftOut {
            row: people[n.recipient].row,
            to_number: people[n.recipient].to_number.clone(),
            reason: n.reason.clone(),
        })
        .collect()
}

/// Why a number is left out when the person chose to leave out numbers whose zone can't be known.
pub const UNPLACED_LEFT_OUT: &str = "Its time zone can't be known from the number (toll-free or \
     non-geographic), and you chose to leave such numbers out. Add a ZIP code, state or time-zone \
     column to call it.";

/// Where the expected minutes per call came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CallMinutesSource {
    /// Batchline's default: 3 minutes plus the ringing time.
    Default,
    /// The person set it.
    Chosen,
    /// The median of this account's finished calls with the chosen agent, plus ringing.
    FinishedCalls { calls: u32 },
}

/// The expected length of one call, ringing included, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CallMinutes {
    pub minutes: u32,
    pub source: CallMinutesSource,
}

impl CallMinutes {
    /// In words, for the Confirm step: "4 minutes per call (Batchline's default: 3 minutes
    /// talking plus up to 60 seconds ringing)".
    pub fn words(&self, ringing_seconds: u32) -> String {
        let m = self.minutes;
        let unit = if m == 1 { "minute" } else { "minutes" };
        match self.source {
            CallMinutesSource::Default => format!(
                "{m} {unit} per call (Batchline's default: {DEFAULT_TALK_MINUTES} minutes \
                 talking plus up to {ringing_seconds} seconds ringing)"
            ),
            CallMinutesSource::Chosen => format!("{m} {unit} per call (as you set it)"),
            CallMinutesSource::FinishedCalls { calls } => format!(
                "{m} {unit} per call (the usual length of this agent's last {calls} calls, plus \
                 up to {ringing_seconds} seconds ringing)"
            ),
        }
    }
}

/// The minutes per call to plan with: the person's own figure when they set one; else the
/// median of `finished_call_seconds` (this account's finished calls with the agent) plus the
/// ringing time, once there are enough of them; else 3 minutes plus the ringing time.
pub fn call_minutes(
    chosen: Option<u32>,
    finished_call_seconds: &[u32],
    ringing_seconds: u32,
) -> CallMinutes {
    if let Some(minutes) = chosen {
        return CallMinutes {
            minutes,
            source: CallMinutesSource::Chosen,
        };
    }
    let whole_minutes = |seconds: u32| seconds.div_ceil(60).max(1);
    if finished_call_seconds.len() >= MIN_CALLS_FOR_MEDIAN {
        let mut sorted = finished_call_seconds.to_vec();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        return CallMinutes {
            minutes: whole_minutes(median.saturating_add(ringing_seconds)),
            source: CallMinutesSource::FinishedCalls {
                calls: u32::try_from(sorted.len()).unwrap_or(u32::MAX),
            },
        };
    }
    CallMinutes {
        minutes: whole_minutes(DEFAULT_TALK_MINUTES * 60 + ringing_seconds),
        source: CallMinutesSource::Default,
    }
}

/// How many of an agent's newest calls the expected minutes per call are taken from.
pub const RECENT_CALLS: usize = 300;

/// How long each finished call lasted, in seconds: completed calls that connected (end − start).
pub fn finished_call_seconds(calls: &[cartesia::Call]) -> Vec<u32> {
    calls
        .iter()
        .filter(|c| c.status == cartesia::CallStatus::Completed)
        .filter_map(|c| c.duration())
        .filter_map(|d| u32::try_from(d.num_seconds()).ok())
        .filter(|&s| s > 0)
        .collect()
}

/// How long this account's newest finished calls with `agent_id` lasted ([`RECENT_CALLS`] at
/// most), as [`call_minutes`] takes them.
pub async fn agent_call_seconds(
    client: &cartesia::Client,
    agent_id: &str,
) -> Result<Vec<u32>, cartesia::Error> {
    let calls = client.recent_agent_calls(agent_id, RECENT_CALLS).await?;
    Ok(finished_call_seconds(&calls))
}

/// How long planning waits for an agent's finished calls before using Batchline's default.
pub const CALL_LENGTHS_WAIT: std::time::Duration = std::time::Duration::from_secs(4);

/// [`agent_call_seconds`] as planning uses it: a read slower than [`CALL_LENGTHS_WAIT`] or a
/// failed one gives none, so the plan uses Batchline's default and the wizard never waits long.
pub async fn agent_call_seconds_or_none(client: &cartesia::Client, agent_id: &str) -> Vec<u32> {
    crate::compare::agent_history_or_none(client, agent_id)
        .await
        .seconds
}

/// A recipient the plan leaves out, and why, as kept in `campaigns.left_out` and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    /// Spreadsheet row.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row: u64,
    pub to_number: String,
    pub reason: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    #[test]
    fn what_a_campaign_was_planned_with_is_read_back_also_from_the_older_shape() {
        let kept = KeptPlanning {
            hours: HoursChoice::default(),
            call_minutes: Some(6),
            rules_off: vec!["US-FL".into()],
            location_columns: Some(LocationColumns {
                postal_code: Some("ZIP".into()),
                ..LocationColumns::default()
            }),
        };
        let json = serde_json::to_string(&kept).unwrap();
        assert_eq!(KeptPlanning::read(Some(&json)), Some(kept));
        // Campaigns first kept the hours alone.
        let older = serde_json::to_string(&HoursChoice::default()).unwrap();
        let read = KeptPlanning::read(Some(&older)).unwrap();
        assert_eq!(read.hours, HoursChoice::default());
        assert_eq!((read.call_minutes, read.rules_off.len()), (None, 0));
        assert_eq!(KeptPlanning::read(None), None);
    }

    fn import(csv: &str) -> Vec<Recipient> {
        recipients::import(
            csv.as_bytes(),
            "leads.csv",
            &recipients::ImportOptions::default(),
        )
        .unwrap()
        .recipients
    }

    #[test]
    fn the_default_hours_are_monday_to_saturday_nine_to_eight() {
        let choice = HoursChoice::default();
        assert_eq!(choice.days, ["mon", "tue", "wed", "thu", "fri", "sat"]);
        assert_eq!(
            (choice.from.as_str(), choice.to.as_str()),
            ("09:00", "20:00")
        );
        assert!(choice.skip_holidays);
        assert_eq!(choice.calling_hours().unwrap(), CallingHours::default());
    }

    #[test]
    fn hours_a_person_may_not_choose_are_refused_in_words() {
        let early = HoursChoice {
            from: "07:00".into(),
            ..HoursChoice::default()
        };
        assert_eq!(early.calling_hours(), Err(HoursError::WiderThanFederal));
        let no_days = HoursChoice {
            days: vec![],
            ..HoursChoice::default()
        };
        assert_eq!(no_days.calling_hours(), Err(HoursError::NoDays));
        let sundays = HoursChoice {
            days: vec!["sun".into()],
            ..HoursChoice::default()
        };
        let hours = sundays.calling_hours().unwrap();
        assert_eq!(
            hours.days.iter().collect::<Vec<_>>(),
            [chrono::Weekday::Sun]
        );
        assert_eq!(HoursChoice::of(&hours), sundays, "kept as chosen");
    }

    #[test]
    fn the_zip_state_and_time_zone_columns_are_found_by_name_and_values() {
        let list = import(
            "Phone,Name,Zip Code,State,TZ\n\
             +13055550100,Ada,33101,FL,America/New_York\n\
             +12065550100,Bo,98101,WA,Pacific\n",
        );
        let columns = detect_location_columns(&list);
        assert_eq!(
            columns,
            LocationColumns {
                postal_code: Some("Zip Code".into()),
                region: Some("State".into()),
                time_zone: Some("TZ".into()),
            }
        );
        assert_eq!(
            detect_location_columns(&import("Phone,Name\n+13055550100,Ada\n")),
            LocationColumns::default()
        );
    }

    #[test]
    fn a_zip_code_outranks_the_area_code_and_without_columns_the_number_decides() {
        // A Miami number whose holder lives in Seattle.
        let list = import("Phone,ZIP\n+13055550100,98101\n+13055550101,\n");
        let columns = detect_location_columns(&list);
        let places = locate(&list, &columns);
        assert_eq!(places[0].region.as_deref(), Some("US-WA"));
        assert_eq!(places[1].region.as_deref(), Some("US-FL"), "area code 305");
        let none = locate(&list, &LocationColumns::default());
        assert_eq!(none[0].region.as_deref(), Some("US-FL"), "columns not used");
    }

    #[test]
    fn minutes_per_call_come_from_the_person_then_past_calls_then_the_default() {
        assert_eq!(
            call_minutes(None, &[], 60),
            CallMinutes {
                minutes: 4,
                source: CallMinutesSource::Default
            }
        );
        assert_eq!(call_minutes(None, &[], 25).minutes, 4, "3 min + 25 s");
        assert_eq!(
            call_minutes(Some(7), &[60; 10], 60).source,
            CallMinutesSource::Chosen
        );
        let past = [100, 400, 130, 90, 120];
        assert_eq!(
            call_minutes(None, &past, 30),
            CallMinutes {
                minutes: 3, // median 120 s + 30 s ringing = 150 s
                source: CallMinutesSource::FinishedCalls { calls: 5 }
            }
        );
        assert_eq!(
            call_minutes(None, &past[..4], 30).source,
            CallMinutesSource::Default,
            "too few calls to go by"
        );
        let words = call_minutes(None, &past, 30).words(30);
        assert!(words.contains("last 5 calls"), "{words}");
        assert!(call_minutes(None, &[], 60)
            .words(60)
            .contains("Batchline's default"));
    }
}

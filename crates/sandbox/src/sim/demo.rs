//! The practice org's agents and phone numbers.
//!
//! Seeded from the run's generator so the practice org looks the same every time, and kept
//! out of the dialer because nothing about dialing depends on them.

use super::model::Rng;
use chrono::Duration as ChronoDuration;

/// Demo agents and phone numbers, seeded so the practice org always looks the same.
#[derive(Debug)]
pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) created_at: i64,
}

#[derive(Debug)]
pub(crate) struct PhoneNumber {
    pub(crate) id: String,
    pub(crate) label: &'static str,
    pub(crate) number: &'static str,
    pub(crate) agent: Option<usize>,
    pub(crate) provider: &'static str,
}

pub(super) fn demo_org(rng: &mut Rng, now_ms: i64) -> (Vec<Agent>, Vec<PhoneNumber>) {
    let created = now_ms - ChronoDuration::days(40).num_milliseconds();
    let specs = [
        (
            "Appointment reminder",
            "Reminds patients of tomorrow's appointment and offers to reschedule.",
        ),
        (
            "Customer survey",
            "Asks three short satisfaction questions after a store visit.",
        ),
        (
            "Payment reminder",
            "Politely reminds customers of an upcoming invoice due date.",
        ),
    ];
    let agents: Vec<Agent> = specs
        .iter()
        .enumerate()
        .map(|(i, (name, description))| Agent {
            id: rng.id("agent_"),
            name,
            description,
            created_at: created + i as i64 * 86_400_000,
        })
        .collect();
    let nums = [
        ("Front desk line", "+14155550142", Some(0), "cartesia"),
        ("Reminders (Oakland)", "+15105550178", Some(0), "cartesia"),
        ("Survey line", "+12125550163", Some(1), "twilio"),
        ("Billing line", "+13125550119", Some(2), "cartesia"),
        ("Spare number", "+16175550190", None, "cartesia"),
    ];
    let numbers = nums
        .iter()
        .map(|&(label, number, agent, provider)| PhoneNumber {
            id: rng.id("ap_"),
            label,
            number,
            agent,
            provider,
        })
        .collect();
    (agents, numbers)
}

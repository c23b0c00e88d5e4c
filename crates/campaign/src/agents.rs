//! Which agent may call from which number, as the Setup step offers them.
//!
//! An agent calls from its own numbers, or from the account's numbers not given to any agent; a
//! number given to another agent is that agent's. Numbers Cartesia provides itself dial US
//! destinations only, which the person is told next to the number.

use cartesia::{AgentSummary, PhoneNumber};
use serde::Serialize;

/// An agent the person can pick, with the numbers it can call from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AgentChoice {
    pub id: String,
    pub name: String,
    pub description: String,
    pub numbers: Vec<NumberChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NumberChoice {
    pub id: String,
    /// International form, e.g. `+14155550100`; the UI shows it in national form.
    pub number: String,
    pub label: String,
    /// Cartesia's own numbers dial US destinations only.
    pub us_only: bool,
}

/// The provider Cartesia names its own numbers by.
const CARTESIA_PROVIDER: &str = "cartesia";

/// Each agent with the numbers it can call from: its own numbers first, then the account's
/// numbers not given to any agent. Numbers that belong to another agent, and numbers with no
/// digits, are left out. Agents are sorted by name (any case), so the list reads the same every
/// time; an agent without a name is "Unnamed agent".
pub fn agent_choices(agents: Vec<AgentSummary>, numbers: &[PhoneNumber]) -> Vec<AgentChoice> {
    let mut choices: Vec<AgentChoice> = agents
        .into_iter()
        .map(|agent| {
            let own = agent.phone_numbers.iter().map(|p| p.id.as_str());
            let given = numbers
                .iter()
                .filter(|n| n.agent.as_ref().is_some_and(|a| a.id == agent.id))
                .map(|n| n.id.as_str());
            let spare = numbers
                .iter()
                .filter(|n| n.agent.is_none())
                .map(|n| n.id.as_str());
            let mut offered: Vec<NumberChoice> = Vec::new();
            for id in own.chain(given).chain(spare) {
                if offered.iter().any(|n| n.id == id) {
                    continue;
                }
                if let Some(choice) = number_choice(id, &agent, numbers) {
                    offered.push(choice);
                }
            }
            AgentChoice {
                name: if agent.name.trim().is_empty() {
                    "Unnamed agent".into()
                } else {
                    agent.name.clone()
                },
                description: agent.description.clone().unwrap_or_default(),
                id: agent.id,
                numbers: offered,
            }
        })
        .collect();
    choices.sort_by_key(|a| a.name.to_lowercase());
    choices
}

/// A number as offered: the account's record of it if listed, else the agent's own.
fn number_choice(id: &str, agent: &AgentSummary, numbers: &[PhoneNumber]) -> Option<NumberChoice> {
    let listed = numbers.iter().find(|n| n.id == id);
    let number = match listed {
        Some(n) => n.number.clone(),
        None => agent
            .phone_numbers
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.number.clone())?,
    };
    if number.is_empty() {
        return None;
    }
    Some(NumberChoice {
        id: id.to_owned(),
        number,
        label: listed.and_then(|n| n.label.clone()).unwrap_or_default(),
        us_only: listed
            .and_then(|n| n.provider.as_ref())
            .is_some_and(|p| p.kind == CARTESIA_PROVIDER),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use serde_json::json;

    fn fixture<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
        serde_json::from_value(json).unwrap()
    }

    fn ids(choice: &AgentChoice) -> Vec<&str> {
        choice.numbers.iter().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn numbers_of_other_agents_are_left_out_and_spare_ones_offered() {
        let agents: Vec<AgentSummary> = fixture(json!([
            {"id": "a2", "name": "Survey", "phone_numbers": [{"id": "n2", "number": "+12125550163"}]},
            {"id": "a1", "name": "appointments", "phone_numbers": []},
        ]));
        let numbers: Vec<PhoneNumber> = fixture(json!([
            {"id": "n1", "number": "+14155550142", "label": "Front desk", "agent": {"id": "a1"}, "provider": {"type": "cartesia"}},
            {"id": "n2", "number": "+12125550163", "label": "Survey line", "agent": {"id": "a2"}, "provider": {"type": "twilio"}},
            {"id": "n3", "number": "+16175550190", "label": "Spare", "agent": null, "provider": {"type": "twilio"}},
            {"id": "n4", "number": "", "label": "Broken", "agent": null},
        ]));
        let choices = agent_choices(agents, &numbers);
        assert_eq!(choices[0].name, "appointments", "sorted by name, any case");
        assert_eq!(ids(&choices[0]), ["n1", "n3"]);
        assert_eq!(ids(&choices[1]), ["n2", "n3"]);
        assert_eq!(choices[1].numbers[0].label, "Survey line");
    }

    #[test]
    fn only_cartesias_own_numbers_are_us_only() {
        let agents: Vec<AgentSummary> =
            fixture(json!([{"id": "a1", "name": "Reminders", "phone_numbers": []}]));
        let numbers: Vec<PhoneNumber> = fixture(json!([
            {"id": "c", "number": "+14155550142", "agent": null, "provider": {"type": "cartesia"}},
            {"id": "t", "number": "+442071838750", "agent": null, "provider": {"type": "twilio"}},
            {"id": "u", "number": "+14155550143", "agent": null},
        ]));
        let us_only: Vec<(String, bool)> = agent_choices(agents, &numbers)[0]
            .numbers
            .iter()
            .map(|n| (n.id.clone(), n.us_only))
            .collect();
        assert_eq!(
            us_only,
            [
                ("c".to_owned(), true),
                ("t".to_owned(), false),
                ("u".to_owned(), false)
            ]
        );
    }

    #[test]
    fn an_agents_own_number_missing_from_the_account_list_is_still_offered_once() {
        let agents: Vec<AgentSummary> = fixture(json!([
            {"id": "a1", "name": "  ", "description": "Calls back", "phone_numbers": [
                {"id": "n9", "number": "+13125550101"},
                {"id": "n9", "number": "+13125550101"},
            ]},
        ]));
        let choices = agent_choices(agents, &[]);
        assert_eq!(choices[0].name, "Unnamed agent");
        assert_eq!(choices[0].description, "Calls back");
        assert_eq!(ids(&choices[0]), ["n9"]);
        assert_eq!(choices[0].numbers[0].number, "+13125550101");
        assert_eq!(choices[0].numbers[0].label, "");
        assert!(!choices[0].numbers[0].us_only, "unknown provider");
    }
}

//! Handlers for the practice org's agents and phone numbers, which a client reads to fill
//! its pickers before creating a batch.

use super::paging::{page, page_body, paging};
use super::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(super) async fn list_agents(State(app): State<AppState>) -> Response {
    let sim = app.shared.lock();
    let summaries: Vec<Value> = sim
        .agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let phones: Vec<Value> = sim
                .numbers
                .iter()
                .filter(|n| n.agent == Some(i))
                .map(|n| json!({"id": n.id, "number": n.number}))
                .collect();
            json!({
                "id": a.id,
                "name": a.name,
                "description": a.description,
                "phone_numbers": phones,
                "created_at": crate::sim::fmt_time(a.created_at),
                "updated_at": crate::sim::fmt_time(a.created_at),
            })
        })
        .collect();
    Json(json!({ "summaries": summaries })).into_response()
}

pub(super) async fn list_numbers(
    State(app): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let p = match paging(&q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let sim = app.shared.lock();
    let needle = q.get("q").map(|s| s.to_lowercase());
    let agent = q.get("agent_id");
    let matching: Vec<usize> = (0..sim.numbers.len())
        .filter(|&i| {
            let n = &sim.numbers[i];
            needle.as_ref().is_none_or(|s| {
                n.label.to_lowercase().contains(s.as_str()) || n.number.contains(s.as_str())
            }) && agent.is_none_or(|a| n.agent.is_some_and(|x| &sim.agents[x].id == a))
        })
        .collect();
    let ids: Vec<&str> = matching
        .iter()
        .map(|&i| sim.numbers[i].id.as_str())
        .collect();
    match page(&ids, |s| s, &p) {
        Ok((pos, more)) => {
            let data = pos
                .iter()
                .map(|&k| {
                    let n = &sim.numbers[matching[k]];
                    json!({
                        "id": n.id,
                        "label": n.label,
                        "number": n.number,
                        "agent": n.agent.map(|x| json!({"id": sim.agents[x].id, "name": sim.agents[x].name})),
                        "provider": {"type": n.provider},
                    })
                })
                .collect();
            Json(page_body(data, more)).into_response()
        }
        Err(r) => r,
    }
}

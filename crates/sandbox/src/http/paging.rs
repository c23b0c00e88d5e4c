//! Cursor paging (`limit`, `starting_after`, `ending_before`) shared by every list, so all
//! lists page and report `has_more` / `next_page` the same way.

use super::bad_request;
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(super) struct Paging {
    limit: usize,
    starting_after: Option<String>,
    ending_before: Option<String>,
}

pub(super) fn paging(q: &HashMap<String, String>) -> Result<Paging, Response> {
    let limit = match q.get("limit") {
        None => 10,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(bad_request(
                    "limit must be a whole number from 1 to 100.".into(),
                ))
            }
        },
    };
    let nonempty = |k: &str| q.get(k).filter(|s| !s.is_empty()).cloned();
    Ok(Paging {
        limit,
        starting_after: nonempty("starting_after"),
        ending_before: nonempty("ending_before"),
    })
}

/// Slices an ordered list of ids by cursor. Returns (positions, has_more).
pub(super) fn page<T>(
    items: &[T],
    id_of: impl Fn(&T) -> &str,
    p: &Paging,
) -> Result<(Vec<usize>, bool), Response> {
    let find = |cursor: &str| {
        items
            .iter()
            .position(|t| id_of(t) == cursor)
            .ok_or_else(|| bad_request(format!("The cursor '{cursor}' does not match any item.")))
    };
    if let Some(c) = &p.ending_before {
        let end = find(c)?;
        let start = end.saturating_sub(p.limit);
        return Ok(((start..end).collect(), start > 0));
    }
    let start = match &p.starting_after {
        Some(c) => find(c)? + 1,
        None => 0,
    };
    let end = (start + p.limit).min(items.len());
    Ok(((start..end).collect(), end < items.len()))
}

pub(super) fn page_body(data: Vec<Value>, has_more: bool) -> Value {
    let next = if has_more {
        data.last()
            .and_then(|v| v.get("id"))
            .cloned()
            .unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    json!({"data": data, "has_more": has_more, "next_page": next})
}

//! Paging: the query of one page, and following the cursors of a list to its end.
//!
//! Every list endpoint pages the same way, so the cursor rules (fall back to the last id, stop
//! on a cursor seen twice instead of looping forever) are written once for all the
//! `list_all_*` methods. [`MAX_PAGE_LIMIT`] is also the page size the reconciling look-up asks for.

use crate::error::{Error, Result, Target};
use crate::types::{Page, PageParams};
use std::future::Future;

/// Most items a list endpoint returns per page.
pub const MAX_PAGE_LIMIT: u32 = 100;

/// Follows cursors until `has_more` is false. A cursor seen twice means the server is looping;
/// that is reported rather than followed forever.
pub(crate) async fn all_pages<T, F, Fut>(
    target: Target,
    mut fetch: F,
    id_of: impl Fn(&T) -> String,
) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    loop {
        let page = fetch(cursor.take()).await?;
        let next = page
            .next_page
            .clone()
            .filter(|c| !c.is_empty())
            .or_else(|| page.data.last().map(&id_of));
        let has_more = page.has_more;
        out.extend(page.data);
        if !has_more {
            return Ok(out);
        }
        match next {
            Some(c) if seen.insert(c.clone()) => cursor = Some(c),
            _ => {
                return Err(Error::UnexpectedResponse {
                    target,
                    status: 200,
                    detail: "a list kept saying there was more, but gave no new place to continue"
                        .into(),
                })
            }
        }
    }
}

pub(super) fn full_page(cursor: Option<String>) -> PageParams {
    PageParams {
        limit: Some(MAX_PAGE_LIMIT),
        starting_after: cursor,
        ending_before: None,
    }
}

pub(super) fn page_query(page: &PageParams) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if let Some(l) = page.limit {
        q.push(("limit", l.clamp(1, MAX_PAGE_LIMIT).to_string()));
    }
    if let Some(c) = &page.starting_after {
        q.push(("starting_after", c.clone()));
    }
    if let Some(c) = &page.ending_before {
        q.push(("ending_before", c.clone()));
    }
    q
}

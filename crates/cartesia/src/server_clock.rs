//! Cartesia's clock, as its answers tell it.
//!
//! Deciding whether a batch was made "since the attempt began" compares times set by Cartesia
//! (`created_at`). Comparing them with this computer's clock would let a clock that is a few
//! minutes fast make a batch just created look old, and a create be sent twice. So the client
//! notes the `Date` header of every answer and the moment (on this computer's monotonic clock,
//! which is never set by hand) it arrived; Cartesia's "now" is that date plus the time since.
//! A monotonic clock that stopped while the computer slept makes the estimate fall behind,
//! which only makes a look-up go further back: the safe direction.

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, DATE};
use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug, Default)]
pub(crate) struct ServerClock {
    last: Mutex<Option<(DateTime<Utc>, Instant)>>,
}

impl ServerClock {
    /// Notes an answer's `Date` header, if it has a readable one.
    pub(crate) fn observe(&self, headers: &HeaderMap) {
        let Some(date) = headers
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date)
        else {
            return;
        };
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        *last = Some((date, Instant::now()));
    }

    /// Cartesia's time now, from the latest answer that gave it.
    pub(crate) fn now(&self) -> Option<DateTime<Utc>> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let (date, at) = (*last)?;
        let elapsed = chrono::Duration::from_std(at.elapsed()).ok()?;
        Some(date + elapsed)
    }
}

/// An HTTP date (RFC 9110's IMF-fixdate, which is RFC 2822's form with `GMT`).
fn parse_http_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(s.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_date_header_sets_cartesias_now() {
        let clock = ServerClock::default();
        assert_eq!(clock.now(), None, "nothing heard yet");
        let mut headers = HeaderMap::new();
        headers.insert(DATE, HeaderValue::from_static("garbage"));
        clock.observe(&headers);
        assert_eq!(clock.now(), None, "an unreadable date is ignored");
        headers.insert(
            DATE,
            HeaderValue::from_static("Sun, 01 Mar 2026 12:00:00 GMT"),
        );
        clock.observe(&headers);
        let now = clock.now().expect("a date was heard");
        let heard = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        assert!(now >= heard && now - heard < chrono::Duration::seconds(5));
    }
}

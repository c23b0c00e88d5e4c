//! The one place the app's decisions take "now" from.
//!
//! Planning a campaign (is the start still ahead?), telling whether a part has started, and
//! dating what the tracker saw all depend on the time. Calling hours make that time matter by
//! the hour, and a test can't wait for the evening to see what happens when the hours close. So
//! those decisions read a [`Clock`]: this computer's clock, unless a debug build was started
//! with a test clock (see [`TestClock::from_env`]):
//!
//! - `BATCHLINE_TEST_CLOCK=server`: the time of the server the app talks to, from the `Date` of
//!   its latest answer (the practice server's or `batchline sandbox --clock …`'s simulated
//!   clock). Until the first answer, this computer's clock. Between answers it runs at real
//!   speed, so with a fast server it lags by up to the time since the last answer.
//! - `BATCHLINE_TEST_NOW=RFC3339` (and optionally `BATCHLINE_TEST_CLOCK_SPEED=X`, simulated
//!   seconds per real second, default 1): a clock that reads that time at start and runs on.
//!
//! Release builds never read these variables. Records of when something happened on this
//! computer (a launch's heartbeat, an audit entry) keep this computer's clock.
//!
//! The app installs its clock once per connection ([`Clock::install`]); the crate's own
//! decisions that have no `now` argument (the tracker dating what it saw, a page's status as of
//! now) read it through [`app_now`]. Every function that decides by the time still takes `now`.

use cartesia::Client;
use chrono::{DateTime, Utc};
use std::sync::RwLock;
use std::time::Instant;

/// The clock [`app_now`] reads: this computer's until the app installs another.
static APP_CLOCK: RwLock<Clock> = RwLock::new(Clock {
    source: Source::System,
});

/// The time now by the app's clock (see [`Clock::install`]); this computer's time unless a
/// debug build's test asked for another.
pub fn app_now() -> DateTime<Utc> {
    APP_CLOCK.read().unwrap_or_else(|e| e.into_inner()).now()
}

/// Names a test clock for a debug build: `server` (or `sandbox`).
pub(crate) const TEST_CLOCK_VAR: &str = "BATCHLINE_TEST_CLOCK";
/// What a debug build's test clock reads at start, RFC 3339.
pub(crate) const TEST_NOW_VAR: &str = "BATCHLINE_TEST_NOW";
/// How fast a `BATCHLINE_TEST_NOW` clock runs: simulated seconds per real second.
pub(crate) const TEST_CLOCK_SPEED_VAR: &str = "BATCHLINE_TEST_CLOCK_SPEED";

/// Whether this build lets a test set the clock: debug builds only.
const TEST_CLOCK_ALLOWED: bool = cfg!(debug_assertions);

/// Where "now" comes from. Cheap to clone; clones read the same time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    source: Source,
}

#[derive(Debug, Clone, Default)]
enum Source {
    /// This computer's clock.
    #[default]
    System,
    /// Reads `start` at `since` and runs on at `speed`.
    Running {
        start: DateTime<Utc>,
        since: Instant,
        speed: f64,
    },
    /// The server's time, from the `Date` of its latest answer.
    Server(Client),
}

impl Clock {
    /// This computer's clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `start` now and runs on at `speed` simulated seconds per real
    /// second (a speed that isn't a number above 0 counts as 1).
    pub fn running_from(start: DateTime<Utc>, speed: f64) -> Clock {
        let speed = if speed.is_finite() && speed > 0.0 {
            speed
        } else {
            1.0
        };
        Clock {
            source: Source::Running {
                start,
                since: Instant::now(),
                speed,
            },
        }
    }

    /// The time of the server `client` talks to, as its latest answer told it; this computer's
    /// clock until it has answered.
    pub fn following(client: &Client) -> Clock {
        Clock {
            source: Source::Server(client.clone()),
        }
    }

    /// The clock a test asked for, talking to `server`.
    pub fn for_test(test: &TestClock, server: &Client) -> Clock {
        match *test {
            TestClock::Server => Clock::following(server),
            TestClock::Running { start, speed } => Clock::running_from(start, speed),
        }
    }

    /// The app's clock: a debug build's test clock when the environment names one (see the
    /// module's doc), else this computer's. An unreadable test clock is an error, so a test
    /// never runs on a clock it didn't ask for.
    pub fn from_env(server: &Client) -> Result<Clock, ClockError> {
        Ok(TestClock::from_env()?
            .map(|t| Clock::for_test(&t, server))
            .unwrap_or_default())
    }

    /// The time now.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.source {
            Source::System => Utc::now(),
            Source::Running {
                start,
                since,
                speed,
            } => {
                let ms = since.elapsed().as_secs_f64() * speed * 1000.0;
                // Past chrono's range (centuries at an absurd speed), it stops there.
                let ms = ms.min(i64::MAX as f64 / 4.0) as i64;
                start
                    .checked_add_signed(chrono::Duration::milliseconds(ms))
                    .unwrap_or(*start)
            }
            Source::Server(client) => client.server_now().unwrap_or_else(Utc::now),
        }
    }

    /// Makes this the clock [`app_now`] reads, in this whole process, from now on. The app
    /// installs one each time it connects, so a clock following the server follows the new one.
    pub fn install(self) {
        *APP_CLOCK.write().unwrap_or_else(|e| e.into_inner()) = self;
    }

    /// Whether this is a test's clock rather than this computer's.
    pub fn is_test(&self) -> bool {
        !matches!(self.source, Source::System)
    }
}

/// A clock a test asked for through the environment.
#[derive(Debug, Clone, PartialEq)]
pub enum TestClock {
    /// `BATCHLINE_TEST_CLOCK=server`: the server's time.
    Server,
    /// `BATCHLINE_TEST_NOW` (with `BATCHLINE_TEST_CLOCK_SPEED`).
    Running { start: DateTime<Utc>, speed: f64 },
}

/// Why the test clock the environment names can't be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("{TEST_CLOCK_VAR}='{0}' is not a clock Batchline knows. Use {TEST_CLOCK_VAR}=server, or {TEST_NOW_VAR}=<time> instead.")]
    UnknownClock(String),
    #[error("{TEST_NOW_VAR}='{0}' is not a time Batchline can read. Write it like 2026-03-09T08:55:00-05:00.")]
    UnreadableNow(String),
    #[error("{TEST_CLOCK_SPEED_VAR}='{0}' must be a number above 0 (simulated seconds per real second).")]
    UnreadableSpeed(String),
    #[error("{TEST_CLOCK_VAR}=server follows the server's time, so it can't also start at {TEST_NOW_VAR}. Set one of them.")]
    ServerAndNow,
    #[error("{TEST_CLOCK_SPEED_VAR} sets how fast {TEST_NOW_VAR} runs; set {TEST_NOW_VAR} too.")]
    SpeedWithoutNow,
}

impl TestClock {
    /// The test clock the environment names, in a debug build; `None` in a release build,
    /// whatever the environment says, and when it names none.
    pub fn from_env() -> Result<Option<TestClock>, ClockError> {
        let var = |name: &str| std::env::var(name).ok();
        TestClock::parse_if_allowed(
            TEST_CLOCK_ALLOWED,
            var(TEST_CLOCK_VAR).as_deref(),
            var(TEST_NOW_VAR).as_deref(),
            var(TEST_CLOCK_SPEED_VAR).as_deref(),
        )
    }

    fn parse_if_allowed(
        allowed: bool,
        clock: Option<&str>,
        now: Option<&str>,
        speed: Option<&str>,
    ) -> Result<Option<TestClock>, ClockError> {
        if allowed {
            TestClock::parse(clock, now, speed)
        } else {
            Ok(None)
        }
    }

    /// The test clock named by the values of `BATCHLINE_TEST_CLOCK`, `BATCHLINE_TEST_NOW` and
    /// `BATCHLINE_TEST_CLOCK_SPEED` (empty counts as unset).
    pub fn parse(
        clock: Option<&str>,
        now: Option<&str>,
        speed: Option<&str>,
    ) -> Result<Option<TestClock>, ClockError> {
        let (clock, now, speed) = (set(clock), set(now), set(speed));
        let server = match clock {
            None => false,
            Some(c) if c.eq_ignore_ascii_case("server") || c.eq_ignore_ascii_case("sandbox") => {
                true
            }
            Some(c) => return Err(ClockError::UnknownClock(c.to_string())),
        };
        let speed = speed
            .map(|s| match s.parse::<f64>() {
                Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
                _ => Err(ClockError::UnreadableSpeed(s.to_string())),
            })
            .transpose()?;
        match (server, now) {
            (true, Some(_)) => Err(ClockError::ServerAndNow),
            (true, None) if speed.is_some() => Err(ClockError::SpeedWithoutNow),
            (true, None) => Ok(Some(TestClock::Server)),
            (false, Some(n)) => {
                let start = DateTime::parse_from_rfc3339(n)
                    .map_err(|_| ClockError::UnreadableNow(n.to_string()))?
                    .with_timezone(&Utc);
                Ok(Some(TestClock::Running {
                    start,
                    speed: speed.unwrap_or(1.0),
                }))
            }
            (false, None) if speed.is_some() => Err(ClockError::SpeedWithoutNow),
            (false, None) => Ok(None),
        }
    }
}

/// A variable's value, trimmed; empty counts as unset.
fn set(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("a test time")
            .with_timezone(&Utc)
    }

    #[test]
    fn the_environment_names_a_server_clock_or_a_start_and_speed() {
        assert_eq!(TestClock::parse(None, None, None), Ok(None));
        assert_eq!(
            TestClock::parse(Some(" "), Some(""), None),
            Ok(None),
            "empty is unset"
        );
        assert_eq!(
            TestClock::parse(Some("server"), None, None),
            Ok(Some(TestClock::Server))
        );
        assert_eq!(
            TestClock::parse(Some("Sandbox"), None, None),
            Ok(Some(TestClock::Server))
        );
        assert_eq!(
            TestClock::parse(None, Some("2026-03-08T01:30:00-05:00"), Some("60")),
            Ok(Some(TestClock::Running {
                start: at("2026-03-08T06:30:00Z"),
                speed: 60.0
            }))
        );
        assert_eq!(
            TestClock::parse(None, Some("2026-11-01T12:00:00Z"), None),
            Ok(Some(TestClock::Running {
                start: at("2026-11-01T12:00:00Z"),
                speed: 1.0
            })),
            "real speed unless told"
        );
    }

    #[test]
    fn a_test_clock_that_cannot_be_used_says_which_variable_to_fix() {
        let e = TestClock::parse(Some("tomorrow"), None, None).unwrap_err();
        assert!(
            e.to_string().contains("BATCHLINE_TEST_CLOCK='tomorrow'"),
            "{e}"
        );
        let e = TestClock::parse(None, Some("2026-03-08 09:00"), None).unwrap_err();
        assert_eq!(e, ClockError::UnreadableNow("2026-03-08 09:00".into()));
        assert!(e.to_string().contains("2026-03-09T08:55:00-05:00"), "{e}");
        for bad in ["0", "-2", "fast", "NaN", "inf"] {
            assert_eq!(
                TestClock::parse(None, Some("2026-03-08T09:00:00Z"), Some(bad)),
                Err(ClockError::UnreadableSpeed(bad.into())),
                "{bad}"
            );
        }
        assert_eq!(
            TestClock::parse(Some("server"), Some("2026-03-08T09:00:00Z"), None),
            Err(ClockError::ServerAndNow)
        );
        assert_eq!(
            TestClock::parse(None, None, Some("60")),
            Err(ClockError::SpeedWithoutNow)
        );
        assert_eq!(
            TestClock::parse(Some("server"), None, Some("60")),
            Err(ClockError::SpeedWithoutNow)
        );
    }

    #[test]
    fn a_build_that_does_not_allow_a_test_clock_ignores_the_environment() {
        let named = (Some("server"), Some("nonsense"), Some("-1"));
        assert_eq!(
            TestClock::parse_if_allowed(false, named.0, named.1, named.2),
            Ok(None),
            "not even an error"
        );
        assert!(TestClock::parse_if_allowed(true, named.0, named.1, named.2).is_err());
        assert_eq!(TEST_CLOCK_ALLOWED, cfg!(debug_assertions));
    }

    /// Run by `cargo test --release`: a release build reads no test clock at all.
    #[cfg(not(debug_assertions))]
    #[test]
    fn release_builds_never_take_a_test_clock() {
        assert!(!TEST_CLOCK_ALLOWED);
    }

    #[test]
    fn a_running_clock_starts_where_it_was_set_and_runs_at_its_speed() {
        let start = at("2026-03-08T06:59:00Z");
        let clock = Clock::running_from(start, 3600.0);
        assert!(clock.is_test());
        std::thread::sleep(std::time::Duration::from_millis(50));
        let now = clock.now();
        // 50 ms or more at an hour per second: at least three simulated minutes.
        assert!(now - start >= chrono::Duration::minutes(3), "{now}");
        assert!(now - start < chrono::Duration::hours(1), "{now}");
        let shared = clock.clone();
        assert!(shared.now() >= now, "clones read the same clock");

        let still = Clock::running_from(start, 0.0);
        assert!(
            still.now() - start < chrono::Duration::seconds(5),
            "0 counts as 1"
        );
    }

    #[tokio::test]
    async fn a_server_clock_reads_the_time_the_server_answers_with() {
        let practice = at("2031-01-15T10:00:00Z");
        let sb = sandbox::start(sandbox::SandboxConfig {
            clock_start: Some(practice),
            ..sandbox::SandboxConfig::default()
        })
        .await
        .expect("sandbox");
        let client = Client::new(cartesia::ClientConfig::new(
            sb.base_url(),
            cartesia::ApiKey::new(sb.api_key()),
        ))
        .expect("client");
        let clock = Clock::following(&client);
        assert!(clock.is_test());
        let before = clock.now();
        assert!(
            (before - Utc::now()).num_seconds().abs() <= 1,
            "this computer's time until the server answers: {before}"
        );
        client.list_agents().await.expect("agents");
        let now = clock.now();
        assert!(
            (now - practice).num_seconds().abs() <= 5,
            "the server's time once it answered: {now}"
        );
        let test = TestClock::Server;
        let same = Clock::for_test(&test, &client);
        assert!((same.now() - practice).num_seconds().abs() <= 5);
        sb.shutdown().await;
    }

    #[test]
    fn the_system_clock_is_this_computers() {
        let clock = Clock::system();
        assert!(!clock.is_test());
        let gap = (clock.now() - Utc::now()).num_seconds().abs();
        assert!(gap <= 1, "{gap}");
    }
}

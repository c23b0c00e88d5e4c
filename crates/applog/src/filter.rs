//! Which events reach the log: Batchline's own crates at `info`, everything else at `warn`, and
//! the HTTP stack never below `warn`, whatever the override says — its debug output can show
//! request headers, and a request header carries the API key.

use tracing_subscriber::filter::{Directive, EnvFilter, LevelFilter};

/// Batchline's own crates (the tracing targets of their modules start with these names).
pub const OWN_CRATES: &[&str] = &[
    "batchline_app",
    "batchline_cli",
    "batchline",
    "applog",
    "campaign",
    "cartesia",
    "recipients",
    "sandbox",
    "userfile",
    "limits",
];

/// Crates that see requests on the wire: held at `warn` even when an override asks for more.
pub const WIRE_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper_util",
    "h2",
    "http",
    "rustls",
    "tokio_rustls",
    "axum",
    "tower",
    "tower_http",
];

/// An override that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the log levels \"{spec}\" could not be read ({reason}); the usual levels are used")]
pub struct BadOverride {
    pub spec: String,
    pub reason: String,
}

/// The app's levels, with `override_spec` (`RUST_LOG` syntax: `debug`, `campaign=trace`, …)
/// applied on top when given. An override that can't be read is ignored whole and returned as
/// the error beside the usual filter, so the caller can say so in the log.
pub fn levels(override_spec: Option<&str>) -> (EnvFilter, Option<BadOverride>) {
    levels_from("info", override_spec)
}

/// Every crate at `warn`, Batchline's own too, with `override_spec` on top as for [`levels`]:
/// for the command line, whose output belongs to the scripts that read it.
pub fn quiet_levels(override_spec: Option<&str>) -> (EnvFilter, Option<BadOverride>) {
    levels_from("warn", override_spec)
}

fn levels_from(own: &str, override_spec: Option<&str>) -> (EnvFilter, Option<BadOverride>) {
    let mut filter = EnvFilter::default().add_directive(LevelFilter::WARN.into());
    for name in OWN_CRATES {
        filter = filter.add_directive(directive(name, own));
    }
    let mut bad = None;
    if let Some(spec) = override_spec.map(str::trim).filter(|s| !s.is_empty()) {
        match parse(spec) {
            Ok(directives) => {
                for d in directives {
                    filter = filter.add_directive(d);
                }
                // A bare level ("debug") is meant for everything, ours included; our crates'
                // own directives name them and would otherwise outrank it.
                for level in bare_levels(spec) {
                    for name in OWN_CRATES {
                        filter = filter.add_directive(directive(name, level));
                    }
                }
            }
            Err(reason) => {
                bad = Some(BadOverride {
                    spec: spec.to_owned(),
                    reason,
                })
            }
        }
    }
    // Last, so they replace any directive the override gave the same crates.
    for name in WIRE_CRATES {
        filter = filter.add_directive(directive(name, "warn"));
    }
    (filter, bad)
}

fn parse(spec: &str) -> Result<Vec<Directive>, String> {
    spec.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<Directive>()
                .map_err(|e| format!("{part}: {e}"))
        })
        .collect()
}

/// The parts of an override that are a level alone, with no target.
fn bare_levels(spec: &str) -> impl Iterator<Item = &str> {
    spec.split(',')
        .map(str::trim)
        .filter(|part| part.parse::<LevelFilter>().is_ok())
}

fn directive(target: &str, level: &str) -> Directive {
    // Built from our own constants, which are valid directives; a typo there shows in the tests.
    format!("{target}={level}")
        .parse()
        .unwrap_or_else(|_| LevelFilter::WARN.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::fmt::MakeWriter;
    use tracing_subscriber::layer::SubscriberExt;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    /// Emits one event per (target, level) pair under the filter and returns what was logged.
    fn logged(override_spec: Option<&str>) -> String {
        logged_under(levels(override_spec).0)
    }

    /// tracing caches, per event site, whether any subscriber wants it; scoped subscribers made
    /// and dropped on parallel test threads can leave that cache stale for one another. One at a
    /// time, with the cache rebuilt under each, every test sees exactly its own filter.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn logged_under(filter: EnvFilter) -> String {
        let _turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let captured = Captured::default();
        let subscriber = tracing_subscriber::registry().with(filter).with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(captured.clone()),
        );
        tracing::subscriber::with_default(subscriber, || {
            tracing::callsite::rebuild_interest_cache();
            tracing::info!(target: "campaign::tracker", "campaign info");
            tracing::debug!(target: "campaign::tracker", "campaign debug");
            tracing::info!(target: "batchline_app", "app info");
            tracing::info!(target: "zbus::connection", "dependency info");
            tracing::warn!(target: "zbus::connection", "dependency warn");
            tracing::debug!(target: "reqwest::connect", "reqwest debug");
            tracing::trace!(target: "hyper_util::client", "hyper trace");
            tracing::warn!(target: "reqwest::async_impl", "reqwest warn");
        });
        let bytes = captured.0.lock().expect("lock").clone();
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn by_default_our_crates_say_info_and_dependencies_only_warn() {
        let log = logged(None);
        assert!(log.contains("campaign info"), "{log}");
        assert!(log.contains("app info"), "{log}");
        assert!(log.contains("dependency warn"), "{log}");
        assert!(log.contains("reqwest warn"), "{log}");
        assert!(!log.contains("campaign debug"), "{log}");
        assert!(!log.contains("dependency info"), "{log}");
        assert!(!log.contains("reqwest debug"), "{log}");
    }

    #[test]
    fn quietly_only_warnings_unless_asked_and_never_the_http_stacks_detail() {
        let log = logged_under(quiet_levels(None).0);
        assert!(
            log.contains("dependency warn") && log.contains("reqwest warn"),
            "{log}"
        );
        assert!(
            !log.contains("campaign info") && !log.contains("app info"),
            "{log}"
        );
        let log = logged_under(quiet_levels(Some("campaign=info")).0);
        assert!(
            log.contains("campaign info") && !log.contains("app info"),
            "{log}"
        );
        let log = logged_under(quiet_levels(Some("trace")).0);
        assert!(
            log.contains("campaign debug") && !log.contains("reqwest debug"),
            "{log}"
        );
    }

    #[test]
    fn an_override_adds_detail_but_never_for_the_http_stack() {
        let log = logged(Some("campaign=debug"));
        assert!(log.contains("campaign debug"), "{log}");
        assert!(!log.contains("dependency info"), "{log}");

        assert!(logged(Some("trace")).contains("dependency info"));
        for spec in [
            "trace",
            "reqwest=trace,hyper_util=trace",
            "debug,reqwest=debug",
        ] {
            let log = logged(Some(spec));
            assert!(!log.contains("reqwest debug"), "{spec}: {log}");
            assert!(!log.contains("hyper trace"), "{spec}: {log}");
            assert!(log.contains("reqwest warn"), "{spec}: {log}");
        }
    }

    #[test]
    fn an_unreadable_override_is_reported_and_the_usual_levels_stay() {
        let (_, bad) = levels(Some("campaign=loud"));
        let bad = bad.expect("reported");
        assert!(bad.to_string().contains("campaign=loud"), "{bad}");
        let log = logged(Some("campaign=loud"));
        assert!(log.contains("campaign info") && !log.contains("campaign debug"));
        assert!(levels(Some("  ")).1.is_none());
    }

    #[test]
    fn every_built_in_target_is_a_valid_directive() {
        for name in OWN_CRATES.iter().chain(WIRE_CRATES) {
            assert!(
                format!("{name}=warn").parse::<Directive>().is_ok(),
                "{name}"
            );
        }
    }
}

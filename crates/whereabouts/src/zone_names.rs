//! A time-zone column's values: IANA names and the names people write in a spreadsheet.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono_tz::Tz;

use crate::data::{fold, tables};

/// Common names of the North American and Australian zones (folded: lower case, no dots). A name that
/// two zones share (MST: Arizona keeps it all year, Colorado only in winter) stands for both, so that
/// the phone number or state can narrow it down.
const COMMON_NAMES: &[(&[&str], &[Tz])] = &[
    (
        &["et", "est", "edt", "eastern", "us eastern"],
        &[Tz::America__New_York],
    ),
    (
        &["ct", "cst", "cdt", "central", "us central"],
        &[Tz::America__Chicago],
    ),
    (
        &["mt", "mdt", "mountain", "us mountain"],
        &[Tz::America__Denver],
    ),
    (&["mst"], &[Tz::America__Phoenix, Tz::America__Denver]),
    (&["arizona", "us arizona"], &[Tz::America__Phoenix]),
    (
        &["pt", "pst", "pdt", "pacific", "us pacific"],
        &[Tz::America__Los_Angeles],
    ),
    (
        &["akt", "akst", "akdt", "alaska", "us alaska"],
        &[Tz::America__Anchorage],
    ),
    (
        &["ht", "hst", "hawaii", "us hawaii", "hawaii aleutian"],
        &[Tz::Pacific__Honolulu],
    ),
    (&["hdt"], &[Tz::America__Adak]),
    (
        &["at", "ast", "atlantic"],
        &[Tz::America__Halifax, Tz::America__Puerto_Rico],
    ),
    (&["adt"], &[Tz::America__Halifax]),
    (
        &["nt", "nst", "ndt", "newfoundland"],
        &[Tz::America__St_Johns],
    ),
    (&["sst", "samoa"], &[Tz::Pacific__Pago_Pago]),
    (&["chst", "chamorro"], &[Tz::Pacific__Guam]),
    (
        &["aest", "australian eastern"],
        &[Tz::Australia__Sydney, Tz::Australia__Brisbane],
    ),
    (&["aedt"], &[Tz::Australia__Sydney]),
    (
        &["acst", "australian central"],
        &[Tz::Australia__Adelaide, Tz::Australia__Darwin],
    ),
    (&["acdt"], &[Tz::Australia__Adelaide]),
    (&["awst", "australian western"], &[Tz::Australia__Perth]),
];

/// Words people add around a zone's name: "Eastern Time (US & Canada)", "Pacific Standard Time".
const FILLER: &[&str] = &[
    "time", "standard", "daylight", "zone", "(us", "&", "canada)", "(us)",
];

/// The zones a time-zone cell names, as the tables write them; None when it names none.
pub(crate) fn parse_zone(text: &str) -> Option<Vec<Tz>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let tables = tables();
    // Common names first: "EST" and "MST" are also IANA names, of fixed offsets.
    let folded = fold(text);
    let name: Vec<&str> = folded
        .split(' ')
        .filter(|word| !FILLER.contains(word))
        .collect();
    let name = name.join(" ");
    let common = COMMON_NAMES
        .iter()
        .find(|(names, _)| names.contains(&name.as_str()) || names.contains(&folded.as_str()));
    if let Some((_, zones)) = common {
        return Some(zones.iter().map(|zone| tables.canonical(*zone)).collect());
    }
    iana(text).map(|zone| vec![tables.canonical(zone)])
}

/// An IANA name in any case, with spaces for underscores ("america/new york").
fn iana(text: &str) -> Option<Tz> {
    if let Ok(zone) = Tz::from_str(text) {
        return Some(zone);
    }
    static BY_NAME: OnceLock<HashMap<String, Tz>> = OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| {
        chrono_tz::TZ_VARIANTS
            .iter()
            .map(|zone| (zone.name().to_lowercase(), *zone))
            .collect()
    });
    by_name.get(&text.to_lowercase().replace(' ', "_")).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_in_any_case_and_common_names_give_the_zone() {
        for text in [
            "America/Chicago",
            "america/chicago",
            "Central",
            "CST",
            "CT",
            "Central Time (US & Canada)",
            "Central Standard Time",
        ] {
            assert_eq!(parse_zone(text), Some(vec![Tz::America__Chicago]), "{text}");
        }
        assert_eq!(
            parse_zone("America/New York"),
            Some(vec![Tz::America__New_York])
        );
        assert_eq!(parse_zone("Pacific"), Some(vec![Tz::America__Los_Angeles]));
        assert_eq!(parse_zone("HST"), Some(vec![Tz::Pacific__Honolulu]));
        assert_eq!(parse_zone("NST"), Some(vec![Tz::America__St_Johns]));
        assert_eq!(parse_zone("akt"), Some(vec![Tz::America__Anchorage]));
    }

    #[test]
    fn a_zone_keeping_another_zones_clock_is_written_as_the_tables_write_it() {
        assert_eq!(
            parse_zone("America/Detroit"),
            Some(vec![Tz::America__New_York])
        );
        assert_eq!(parse_zone("US/Eastern"), Some(vec![Tz::America__New_York]));
        assert_eq!(
            parse_zone("America/Indiana/Tell_City"),
            Some(vec![Tz::America__Chicago])
        );
    }

    #[test]
    fn mst_may_be_arizona_or_the_mountain_states_and_ast_halifax_or_puerto_rico() {
        assert_eq!(
            parse_zone("MST"),
            Some(vec![Tz::America__Phoenix, Tz::America__Denver])
        );
        assert_eq!(parse_zone("Arizona"), Some(vec![Tz::America__Phoenix]));
        assert_eq!(
            parse_zone("AST"),
            Some(vec![Tz::America__Halifax, Tz::America__Puerto_Rico])
        );
    }

    #[test]
    fn what_names_no_zone_gives_none() {
        for text in ["", "  ", "soon", "UTC-5", "Mars/Olympus"] {
            assert_eq!(parse_zone(text), None, "{text:?}");
        }
    }
}

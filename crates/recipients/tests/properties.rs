//! Properties that must hold for any input: no panic on any bytes, and the fast phone path never
//! disagrees with the full libphonenumber path.

#![allow(clippy::unwrap_used)] // test helpers build fixtures; a failure there is a test failure

use proptest::prelude::*;
use recipients::{fast_path, full_path, import, normalize, preview, problems_csv};
use recipients::{Country, ImportOptions};

/// Case count: the default here, or `PROPTEST_CASES` for a long run.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(n)
}

fn countries() -> impl Strategy<Value = Country> {
    prop_oneof![
        Just(Country::US),
        Just(Country::from_code("CA").unwrap()),
        Just(Country::from_code("GB").unwrap()),
        Just(Country::from_code("DE").unwrap()),
    ]
}

/// North American numbers written every way people write them, plus random punctuation.
fn nanp_like() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just(""),
            Just("+"),
            Just("1"),
            Just("+1"),
            Just("1 "),
            Just("+1 ")
        ],
        "[0-9]{3}",
        "[0-9]{3}",
        "[0-9]{4}",
        prop::sample::select(vec!["", " ", "-", ".", "  ", "--", "(", ")"]),
        prop::sample::select(vec!["", " ", "-", ".", ") ", ")", "(", "/"]),
        any::<bool>(),
    )
        .prop_map(|(prefix, a, b, c, s1, s2, paren)| {
            if paren {
                format!("{prefix}({a}){s1}{b}{s2}{c}")
            } else {
                format!("{prefix}{a}{s1}{b}{s2}{c}")
            }
        })
}

proptest! {
    #![proptest_config(cases(3000))]

    #[test]
    fn fast_path_agrees_with_full_path(s in nanp_like(), country in countries()) {
        let full = full_path(&s, country);
        if let Some(fast) = fast_path(&s, country) {
            prop_assert_eq!(Ok(fast), full.clone(), "input {:?}", s);
        }
        prop_assert_eq!(normalize(&s, country), full);
    }

    #[test]
    fn fast_path_agrees_on_random_phone_characters(s in "[0-9 ()+.-]{0,20}", country in countries()) {
        prop_assert_eq!(normalize(&s, country), full_path(&s, country));
    }
}

proptest! {
    #![proptest_config(cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = preview(&bytes, "x.csv", &ImportOptions::default());
        if let Ok(report) = import(&bytes, "x.csv", &ImportOptions::default()) {
            prop_assert!(problems_csv(&report).is_ok(), "every problem row is written");
            prop_assert_eq!(
                report.rows as usize,
                report.recipients.len() + report.rejected.len()
                    + report.duplicates.len() + report.suppressed.len()
            );
        }
    }

    #[test]
    fn csv_like_text_never_panics(s in "[a-z0-9+,;\"\t\r\n |()E.-]{0,400}") {
        if let Ok(report) = import(s.as_bytes(), "x.csv", &ImportOptions::default()) {
            prop_assert!(problems_csv(&report).is_ok(), "every problem row is written");
        }
    }

    #[test]
    fn any_phone_text_never_panics(s in "\\PC{0,40}", country in countries()) {
        let _ = normalize(&s, country);
    }
}

/// The fast path must actually take the common shapes, or the agreement above proves nothing.
#[test]
fn fast_path_takes_the_common_shapes() {
    for s in [
        "(415) 555-2671",
        "415.555.2671",
        "415-555-2671",
        "1-415-555-2671",
        "+1 415 555 2671",
        "+14155552671",
        "4155552671",
    ] {
        let fast = fast_path(s, Country::US);
        assert!(fast.is_some(), "{s}");
        assert_eq!(fast.map(|n| n.to_string()).as_deref(), Some("+14155552671"));
        assert_eq!(Ok(fast.unwrap()), full_path(s, Country::US));
    }
    assert_eq!(
        fast_path("4155552671", Country::from_code("DE").unwrap()),
        None
    );
}

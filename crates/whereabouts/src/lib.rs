//! Where each recipient probably is: the time zones they may be in and their state or province.
//!
//! Calls may only be made inside calling hours in the *recipient's* local time (issue 11), so every
//! recipient needs a set of candidate zones before a campaign can be planned. The sources, most
//! trusted first: a postal code column (US ZIP / Canadian postal code), a state or province column, a
//! time-zone column, and finally the phone number itself (country; for +1 the area code; elsewhere the
//! number prefix). When sources disagree, or a prefix spans several zones, the recipient keeps every
//! candidate zone and may be called only in hours that fit all of them.

mod columns;
mod data;
mod place;
mod zone_names;

use std::fmt;

pub use chrono_tz::Tz;
pub use columns::{detect_location_columns, LocationColumns};

/// What the recipient's list says about where they are, as written in its columns (any of them may be
/// missing). The phone number is passed separately, in E.164.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hints<'a> {
    /// A US ZIP code ("33101", "33101-1234") or a Canadian postal code ("K1A 0B1").
    pub postal_code: Option<&'a str>,
    /// A state or province: "Florida", "FL", "fla.", "Ontario", "US-FL".
    pub region: Option<&'a str>,
    /// A time zone: an IANA name ("America/Chicago") or a common name ("Eastern", "EST", "PT").
    pub time_zone: Option<&'a str>,
}

/// Where a recipient may be, worked out by [`locate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whereabouts {
    /// Every zone the recipient may be in; calls only in hours that fit all of them. Never empty for a
    /// callable recipient of a known country.
    pub zones: Vec<Tz>,
    /// ISO 3166-2 subdivision, e.g. "US-FL", "CA-NL", when known.
    pub region: Option<String>,
    /// Other subdivisions a less trusted source named (e.g. the area code's state when the ZIP code
    /// says another), so that a state's rules can also be applied to numbers presumed to be there.
    pub other_regions: Vec<String>,
    /// What decided it, in words for the Review step ("ZIP code 33101", "area code 305", "country only").
    pub basis: Basis,
    /// No zone fits every source (e.g. the ZIP code says Central, the area code Eastern); `zones`
    /// then holds every zone any of them names.
    pub sources_disagree: bool,
}

impl Whereabouts {
    /// The state or province part of [`Whereabouts::region`]: "FL" for "US-FL".
    pub fn state(&self) -> Option<&str> {
        self.region
            .as_deref()
            .and_then(|region| region.split_once('-'))
            .map(|(_, state)| state)
    }
}

/// The source that decided a recipient's whereabouts, with the value it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// A US ZIP code (five digits) or a Canadian postal code (its first letter decides the province).
    PostalCode(String),
    /// A state or province column, as an ISO 3166-2 code ("US-FL").
    Region(String),
    /// A time-zone column, as written.
    TimeZoneColumn(String),
    /// The area code of a +1 number ("305").
    AreaCode(String),
    /// A number prefix outside +1, with its country calling code ("+61 8").
    NumberPrefix(String),
    /// Only the number's country was known (toll-free or non-geographic numbers): every zone of it.
    CountryOnly(String),
    /// Nothing could be worked out (the number isn't in E.164 or its country is unknown).
    Unknown,
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Basis::PostalCode(code) if code.chars().all(|c| c.is_ascii_digit()) => {
                write!(f, "ZIP code {code}")
            }
            Basis::PostalCode(code) => write!(f, "postal code {code}"),
            Basis::Region(region) => match (region.split_once('-'), region_name(region)) {
                (Some(("CA", _)), Some(name)) => write!(f, "province {name}"),
                (_, Some(name)) => write!(f, "state {name}"),
                (_, None) => write!(f, "state or province {region}"),
            },
            Basis::TimeZoneColumn(zone) => write!(f, "time zone {zone}"),
            Basis::AreaCode(code) => write!(f, "area code {code}"),
            Basis::NumberPrefix(prefix) => write!(f, "number starting {prefix}"),
            Basis::CountryOnly(country) => write!(f, "country only ({country})"),
            Basis::Unknown => f.write_str("unknown"),
        }
    }
}

/// Works out where the holder of `e164` may be, from the list's hints and the number.
///
/// Each source that says something gives a set of zones. When some zone fits them all, the recipient
/// is in the zones they share (a Florida state column and area code 305: Eastern, not the panhandle's
/// Central); when none does, in every zone any of them names, with `sources_disagree` (the ZIP code
/// says Central, the area code Eastern: both). The most trusted source names the region and the
/// basis. A number that only tells its country (toll-free, non-geographic, an unknown area code)
/// decides only when nothing else does.
pub fn locate(e164: &str, hints: &Hints) -> Whereabouts {
    let tables = data::tables();
    let digits = e164.strip_prefix('+').unwrap_or(e164);
    let digits = if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits
    } else {
        ""
    };
    let country = tables.country_code(digits);
    let nanp = country == Some("1");

    let number = country.map(|country| place::from_number(tables, digits, country));
    let found = [
        hints
            .postal_code
            .and_then(|code| place::from_postal_code(tables, code, nanp)),
        hints
            .region
            .and_then(|region| place::from_region(tables, region, nanp)),
        hints.time_zone.and_then(place::from_time_zone),
    ];
    let specific = found.iter().flatten().count() > 0;
    let sources = found
        .into_iter()
        .flatten()
        .chain(number.filter(|number| !(specific && number.country_only)));

    let mut whereabouts = Whereabouts {
        zones: Vec::new(),
        region: None,
        other_regions: Vec::new(),
        basis: Basis::Unknown,
        sources_disagree: false,
    };
    let mut sets: Vec<Vec<Tz>> = Vec::new();
    for source in sources {
        if whereabouts.region.is_none() {
            whereabouts.region = source.region.map(str::to_owned);
        } else if let Some(region) = source.region {
            whereabouts.other_regions.push(region.to_owned());
        }
        whereabouts
            .other_regions
            .extend(source.maybe.iter().map(|region| (*region).to_owned()));
        if sets.is_empty() {
            whereabouts.basis = source.basis;
        }
        sets.push(source.zones);
    }
    let mut others = std::mem::take(&mut whereabouts.other_regions);
    others.retain(|region| whereabouts.region.as_ref() != Some(region));
    for region in others {
        if !whereabouts.other_regions.contains(&region) {
            whereabouts.other_regions.push(region);
        }
    }

    let Some((first, rest)) = sets.split_first() else {
        return whereabouts;
    };
    let shared: Vec<Tz> = first
        .iter()
        .filter(|zone| rest.iter().all(|set| set.contains(zone)))
        .copied()
        .collect();
    if shared.is_empty() {
        whereabouts.sources_disagree = true;
        for zone in sets.iter().flatten() {
            if !whereabouts.zones.contains(zone) {
                whereabouts.zones.push(*zone);
            }
        }
    } else {
        whereabouts.zones = shared;
    }
    whereabouts.zones.sort_by_key(|zone| zone.name());
    whereabouts
}

/// The name of a state or province by its ISO 3166-2 code: "Florida" for "US-FL".
pub fn region_name(code: &str) -> Option<&'static str> {
    data::tables().region_name(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(e164: &str) -> Whereabouts {
        locate(e164, &Hints::default())
    }

    fn zip(e164: &str, zip: &str) -> Whereabouts {
        let hints = Hints {
            postal_code: Some(zip),
            ..Hints::default()
        };
        locate(e164, &hints)
    }

    fn has(whereabouts: &Whereabouts, zone: Tz) -> bool {
        whereabouts.zones.contains(&zone)
    }

    #[test]
    fn zip_33101_is_miami_eastern_florida() {
        let found = zip("+18005550100", "33101");
        assert_eq!(found.zones, [Tz::America__New_York]);
        assert_eq!(found.region.as_deref(), Some("US-FL"));
        assert_eq!(found.state(), Some("FL"));
        assert_eq!(found.basis.to_string(), "ZIP code 33101");
        assert!(!found.sources_disagree);
    }

    #[test]
    fn zip_codes_as_spreadsheets_write_them() {
        // ZIP+4, and a Boston ZIP code that lost its leading zero in a number column.
        assert_eq!(
            zip("+18005550100", "33101-1234").basis.to_string(),
            "ZIP code 33101"
        );
        let boston = zip("+18005550100", "2134");
        assert_eq!(boston.region.as_deref(), Some("US-MA"));
        assert_eq!(boston.zones, [Tz::America__New_York]);
    }

    #[test]
    fn five_digits_are_not_a_zip_code_outside_plus_1() {
        // A German postcode next to a German number says nothing about the US.
        let berlin = zip("+4930123456", "10115");
        assert_eq!(berlin.zones, [Tz::Europe__Berlin]);
        assert_eq!(berlin.region, None);
    }

    #[test]
    fn area_code_305_is_eastern_florida() {
        let found = number("+13055550100");
        assert_eq!(found.zones, [Tz::America__New_York]);
        assert_eq!(found.region.as_deref(), Some("US-FL"));
        assert_eq!(found.basis.to_string(), "area code 305");
    }

    #[test]
    fn area_codes_split_between_zones_give_each_zone() {
        // 850: Tallahassee (Eastern) and Pensacola (Central); 270: western Kentucky; 915: El Paso.
        for (e164, zones) in [
            (
                "+18505550100",
                [Tz::America__Chicago, Tz::America__New_York],
            ),
            (
                "+12705550100",
                [Tz::America__Chicago, Tz::America__New_York],
            ),
            ("+19155550100", [Tz::America__Chicago, Tz::America__Denver]),
        ] {
            let found = number(e164);
            assert_eq!(found.zones, zones, "{e164}");
            assert!(!found.sources_disagree, "{e164}: one source");
        }
    }

    #[test]
    fn indiana_area_codes_span_eastern_and_central() {
        for e164 in ["+18125550100", "+12195550100", "+15745550100"] {
            let found = number(e164);
            assert!(has(&found, Tz::America__New_York), "{e164}: {found:?}");
            assert!(has(&found, Tz::America__Chicago), "{e164}: {found:?}");
            assert_eq!(found.region.as_deref(), Some("US-IN"));
        }
        let indianapolis = zip("+13175550100", "46204");
        assert_eq!(indianapolis.zones, [Tz::America__New_York]);
        let gary = zip("+12195550100", "46402");
        assert_eq!(gary.zones, [Tz::America__Chicago]);
        assert!(
            !gary.sources_disagree,
            "the ZIP code narrows the split area code"
        );
    }

    #[test]
    fn arizona_hawaii_alaska_and_newfoundland() {
        let phoenix = number("+16025550100");
        assert_eq!(phoenix.zones, [Tz::America__Phoenix]);
        assert_eq!(phoenix.region.as_deref(), Some("US-AZ"));
        let honolulu = number("+18085550100");
        assert_eq!(honolulu.zones, [Tz::Pacific__Honolulu]);
        assert_eq!(honolulu.region.as_deref(), Some("US-HI"));
        let anchorage = number("+19075550100");
        assert!(has(&anchorage, Tz::America__Anchorage), "{anchorage:?}");
        assert_eq!(anchorage.region.as_deref(), Some("US-AK"));
        let st_johns = number("+17095550100");
        assert!(has(&st_johns, Tz::America__St_Johns), "{st_johns:?}");
        assert_eq!(st_johns.region.as_deref(), Some("CA-NL"));
    }

    #[test]
    fn a_toll_free_number_may_be_in_every_zone_of_the_50_states() {
        let found = number("+18005550100");
        assert_eq!(found.basis, Basis::CountryOnly("+1".to_owned()));
        assert_eq!(found.basis.to_string(), "country only (+1)");
        assert_eq!(found.region, None);
        for zone in [
            Tz::America__New_York,
            Tz::America__Chicago,
            Tz::America__Denver,
            Tz::America__Phoenix,
            Tz::America__Los_Angeles,
            Tz::America__Anchorage,
            Tz::Pacific__Honolulu,
        ] {
            assert!(has(&found, zone), "{zone}: {found:?}");
        }
        // Not the territories across the date line: that would leave no hour to call.
        assert!(!has(&found, Tz::Pacific__Guam), "{found:?}");
    }

    #[test]
    fn australian_numbers_by_prefix() {
        let sydney = number("+61298765432");
        assert_eq!(sydney.zones, [Tz::Australia__Sydney]);
        assert_eq!(sydney.basis.to_string(), "number starting +61 2");
        let brisbane = number("+61731234567");
        assert_eq!(brisbane.zones, [Tz::Australia__Brisbane]);
        let perth = number("+61861234567");
        assert!(has(&perth, Tz::Australia__Perth), "{perth:?}");
        assert!(!has(&perth, Tz::Australia__Sydney), "{perth:?}");
    }

    #[test]
    fn zip_says_central_area_code_says_eastern_both_and_disagree() {
        // A Miami number held by someone whose ZIP code is in Chicago.
        let found = zip("+13055550100", "60601");
        assert_eq!(found.zones, [Tz::America__Chicago, Tz::America__New_York]);
        assert!(found.sources_disagree);
        assert_eq!(found.region.as_deref(), Some("US-IL"));
        assert_eq!(found.other_regions, ["US-FL"]);
        assert_eq!(found.basis.to_string(), "ZIP code 60601");
    }

    #[test]
    fn a_state_column_narrowed_by_the_area_code() {
        let hints = Hints {
            region: Some("Fla."),
            ..Hints::default()
        };
        let miami = locate("+13055550100", &hints);
        assert_eq!(miami.zones, [Tz::America__New_York]);
        assert_eq!(miami.basis, Basis::Region("US-FL".to_owned()));
        assert_eq!(miami.basis.to_string(), "state Florida");
        assert!(!miami.sources_disagree);
        let toll_free = locate("+18005550100", &hints);
        assert_eq!(
            toll_free.zones,
            [Tz::America__Chicago, Tz::America__New_York],
            "Florida has both: the panhandle is Central"
        );
    }

    #[test]
    fn state_and_province_spellings() {
        for (text, code) in [
            ("Florida", "US-FL"),
            ("FL", "US-FL"),
            ("fl", "US-FL"),
            ("fla.", "US-FL"),
            ("US-FL", "US-FL"),
            ("new  york", "US-NY"),
            ("Ontario", "CA-ON"),
            ("ON", "CA-ON"),
            ("Québec", "CA-QC"),
            ("Newfoundland", "CA-NL"),
        ] {
            let hints = Hints {
                region: Some(text),
                ..Hints::default()
            };
            assert_eq!(
                locate("+18005550100", &hints).region.as_deref(),
                Some(code),
                "{text}"
            );
        }
        // "WA" beside an Australian number is not Washington.
        let hints = Hints {
            region: Some("WA"),
            ..Hints::default()
        };
        assert_eq!(locate("+61861234567", &hints).region, None);
    }

    #[test]
    fn canadian_postal_codes_by_their_first_letter() {
        let hints = Hints {
            region: Some("QC"),
            ..Hints::default()
        };
        let montreal = locate("+15145550100", &hints);
        assert_eq!(montreal.basis.to_string(), "province Quebec");
        assert!(has(&montreal, Tz::America__New_York), "{montreal:?}");
        let ottawa = zip("+18005550100", "K1A 0B1");
        assert_eq!(ottawa.region.as_deref(), Some("CA-ON"));
        assert_eq!(ottawa.basis.to_string(), "postal code K1A");
        let st_johns = zip("+18005550100", "a1c5m2");
        assert_eq!(st_johns.region.as_deref(), Some("CA-NL"));
        assert!(has(&st_johns, Tz::America__St_Johns), "{st_johns:?}");
        let vancouver = zip("+16045550100", "V6B 1A1");
        assert!(has(&vancouver, Tz::America__Los_Angeles), "{vancouver:?}");
        assert_eq!(vancouver.region.as_deref(), Some("CA-BC"));
        let iqaluit = zip("+18675550100", "X0A 0H0");
        assert!(!iqaluit.zones.is_empty());
    }

    #[test]
    fn an_area_code_or_postal_code_shared_by_provinces_names_them_all_but_picks_none() {
        // 902 serves Nova Scotia and Prince Edward Island, X0A the Northwest Territories and Nunavut.
        let halifax = number("+19025550100");
        assert_eq!(halifax.region, None);
        assert_eq!(halifax.other_regions, ["CA-NS", "CA-PE"]);
        assert_eq!(halifax.zones, [Tz::America__Halifax]);
        let iqaluit = zip("+18005550100", "X0A 0H0");
        assert_eq!(iqaluit.region, None);
        assert_eq!(iqaluit.other_regions, ["CA-NT", "CA-NU"]);
        assert!(has(&iqaluit, Tz::America__New_York), "{iqaluit:?}");
        // A state column settles it.
        let hints = Hints {
            region: Some("PEI"),
            ..Hints::default()
        };
        let charlottetown = locate("+19025550100", &hints);
        assert_eq!(charlottetown.region.as_deref(), Some("CA-PE"));
        assert_eq!(charlottetown.other_regions, ["CA-NS"]);
    }

    #[test]
    fn a_time_zone_column() {
        let hints = Hints {
            time_zone: Some("Central Time (US & Canada)"),
            ..Hints::default()
        };
        let found = locate("+18505550100", &hints);
        assert_eq!(found.zones, [Tz::America__Chicago]);
        assert_eq!(
            found.basis.to_string(),
            "time zone Central Time (US & Canada)"
        );
        assert_eq!(
            found.region.as_deref(),
            Some("US-FL"),
            "the area code's state"
        );
        // MST beside a Phoenix number is Arizona's, beside a Denver one Colorado's.
        let mst = Hints {
            time_zone: Some("MST"),
            ..Hints::default()
        };
        assert_eq!(locate("+16025550100", &mst).zones, [Tz::America__Phoenix]);
        assert_eq!(locate("+13035550100", &mst).zones, [Tz::America__Denver]);
    }

    #[test]
    fn the_postal_code_outranks_the_state_which_outranks_the_time_zone() {
        let hints = Hints {
            postal_code: Some("33101"),
            region: Some("Texas"),
            time_zone: Some("Pacific"),
        };
        let found = locate("+13055550100", &hints);
        assert_eq!(found.basis.to_string(), "ZIP code 33101");
        assert_eq!(found.region.as_deref(), Some("US-FL"));
        assert_eq!(found.other_regions, ["US-TX"]);
        assert!(found.sources_disagree);
        for zone in [
            Tz::America__New_York,
            Tz::America__Chicago,
            Tz::America__Los_Angeles,
        ] {
            assert!(has(&found, zone), "{zone}: {found:?}");
        }
    }

    #[test]
    fn hints_that_say_nothing_leave_the_number_to_decide() {
        let hints = Hints {
            postal_code: Some("n/a"),
            region: Some("somewhere"),
            time_zone: Some(""),
        };
        assert_eq!(locate("+13055550100", &hints), number("+13055550100"));
    }

    #[test]
    fn a_number_that_is_not_e164_is_unknown_unless_the_list_says() {
        let found = number("305-555-0100");
        assert_eq!(found.zones, []);
        assert_eq!(found.basis, Basis::Unknown);
        let hints = Hints {
            time_zone: Some("America/Chicago"),
            ..Hints::default()
        };
        assert_eq!(locate("", &hints).zones, [Tz::America__Chicago]);
    }

    #[test]
    fn every_country_calling_code_gives_some_zone() {
        for e164 in [
            "+442071234567",
            "+33142685300",
            "+4930123456",
            "+5215512345678",
        ] {
            assert!(!number(e164).zones.is_empty(), "{e164}");
        }
    }
}

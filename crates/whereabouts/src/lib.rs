//! Where each recipient probably is: the time zones they may be in and their state or province.
//!
//! Calls may only be made inside calling hours in the *recipient's* local time (issue 11), so every
//! recipient needs a set of candidate zones before a campaign can be planned. The sources, most
//! trusted first: a postal code column (US ZIP / Canadian postal code), a state or province column, a
//! time-zone column, and finally the phone number itself (country; for +1 the area code; elsewhere the
//! number prefix). When sources disagree, or a prefix spans several zones, the recipient keeps every
//! candidate zone and may be called only in hours that fit all of them.

use std::fmt;

use chrono_tz::Tz;

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
    /// Two sources named zones that don't overlap (e.g. the ZIP code says Central, the area code
    /// Eastern); `zones` then holds both.
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
            Basis::Region(region) => write!(f, "state or province {region}"),
            Basis::TimeZoneColumn(zone) => write!(f, "time zone {zone}"),
            Basis::AreaCode(code) => write!(f, "area code {code}"),
            Basis::NumberPrefix(prefix) => write!(f, "number starting {prefix}"),
            Basis::CountryOnly(country) => write!(f, "country only ({country})"),
            Basis::Unknown => f.write_str("unknown"),
        }
    }
}

/// Works out where the holder of `e164` may be, from the list's hints and the number.
pub fn locate(e164: &str, hints: &Hints) -> Whereabouts {
    let _ = (e164, hints);
    Whereabouts {
        zones: Vec::new(),
        region: None,
        other_regions: Vec::new(),
        basis: Basis::Unknown,
        sources_disagree: false,
    }
}

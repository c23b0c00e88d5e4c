//! What each source alone says: a postal code, a state or province, a time zone, the phone number.

use chrono_tz::Tz;

use crate::data::Tables;
use crate::zone_names::parse_zone;
use crate::Basis;

/// One source's answer.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) zones: Vec<Tz>,
    /// The region this source names, when it names one.
    pub(crate) region: Option<&'static str>,
    /// Regions it may be in when it can't say which one (area code 902: Nova Scotia or PEI).
    pub(crate) maybe: &'static [&'static str],
    pub(crate) basis: Basis,
    /// The number told only its country: weaker than any other source.
    pub(crate) country_only: bool,
}

impl Found {
    fn new(zones: Vec<Tz>, region: Option<&'static str>, basis: Basis) -> Option<Found> {
        (!zones.is_empty()).then_some(Found {
            zones,
            region,
            maybe: &[],
            basis,
            country_only: false,
        })
    }
}

/// Canada Post's forward sortation areas: the first letter of a postal code names its province or
/// territory (Canada Post, "Addressing Guidelines", section 5.2 "Postal code"; the letters D, F, I, O,
/// Q, U, W and Z are not used first). X is shared by the Northwest Territories and Nunavut.
const CANADA_POST_FIRST_LETTER: &[(char, &[&str])] = &[
    ('A', &["CA-NL"]),
    ('B', &["CA-NS"]),
    ('C', &["CA-PE"]),
    ('E', &["CA-NB"]),
    ('G', &["CA-QC"]),
    ('H', &["CA-QC"]),
    ('J', &["CA-QC"]),
    ('K', &["CA-ON"]),
    ('L', &["CA-ON"]),
    ('M', &["CA-ON"]),
    ('N', &["CA-ON"]),
    ('P', &["CA-ON"]),
    ('R', &["CA-MB"]),
    ('S', &["CA-SK"]),
    ('T', &["CA-AB"]),
    ('V', &["CA-BC"]),
    ('X', &["CA-NT", "CA-NU"]),
    ('Y', &["CA-YT"]),
];

/// A US ZIP code (only for a +1 number: elsewhere five digits are some other country's postcode) or a
/// Canadian postal code. "33101-1234" is read as 33101, and "2134" as 02134 (a spreadsheet drops the
/// leading zero of a ZIP code kept as a number).
pub(crate) fn from_postal_code(tables: &Tables, text: &str, nanp: bool) -> Option<Found> {
    let code: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if code.bytes().all(|b| b.is_ascii_digit()) {
        if !nanp {
            return None;
        }
        let zip = match code.len() {
            4 => format!("0{code}"),
            5 => code,
            9 => code[..5].to_owned(),
            _ => return None,
        };
        let (state, zone) = tables.zip(&zip)?;
        let region = tables.region(state, true);
        let zones = match zone {
            Some(zone) => vec![zone],
            None => tables.region_zones(region?)?.to_vec(),
        };
        return Found::new(zones, region, Basis::PostalCode(zip));
    }
    let fsa = canadian_fsa(&code)?;
    let first = fsa.chars().next()?;
    let (_, provinces) = CANADA_POST_FIRST_LETTER
        .iter()
        .find(|(letter, _)| *letter == first)?;
    let mut zones: Vec<Tz> = Vec::new();
    for province in *provinces {
        for zone in tables.region_zones(province).unwrap_or_default() {
            if !zones.contains(zone) {
                zones.push(*zone);
            }
        }
    }
    // X could be either territory: no region rather than a guess.
    let region = match provinces {
        [one] => Some(*one),
        _ => None,
    };
    let mut found = Found::new(zones, region, Basis::PostalCode(fsa.to_owned()))?;
    if region.is_none() {
        found.maybe = provinces;
    }
    Some(found)
}

/// The forward sortation area ("K1A") of a Canadian postal code ("K1A0B1" or just "K1A").
fn canadian_fsa(code: &str) -> Option<&str> {
    let bytes = code.as_bytes();
    let shape = |at: usize, letter: bool| {
        bytes.get(at).is_some_and(|b| {
            if letter {
                b.is_ascii_uppercase()
            } else {
                b.is_ascii_digit()
            }
        })
    };
    let fsa = shape(0, true) && shape(1, false) && shape(2, true);
    let full = code.len() == 6 && shape(3, false) && shape(4, true) && shape(5, false);
    (fsa && (code.len() == 3 || full)).then(|| &code[..3])
}

/// A state or province by name ("Florida", "Fla.", "Québec", "US-FL"); a bare postal abbreviation
/// ("FL", "ON") only for a +1 number, as elsewhere it may be another country's ("WA", "NT").
pub(crate) fn from_region(tables: &Tables, text: &str, nanp: bool) -> Option<Found> {
    let code = tables.region(text, nanp)?;
    Found::new(
        tables.region_zones(code)?.to_vec(),
        Some(code),
        Basis::Region(code.to_owned()),
    )
}

pub(crate) fn from_time_zone(text: &str) -> Option<Found> {
    Found::new(
        parse_zone(text)?,
        None,
        Basis::TimeZoneColumn(text.trim().to_owned()),
    )
}

/// The phone number: for +1 its area code (or, when that is unknown or not geographic, every zone of
/// the 50 states); elsewhere the longest prefix libphonenumber knows, else its whole country.
pub(crate) fn from_number(tables: &'static Tables, digits: &str, country: &str) -> Found {
    let matched = tables.number_prefix(digits);
    if country == "1" {
        let area = digits.get(1..4).filter(|area| area.len() == 3);
        let regions = area.map_or(&[][..], |area| tables.area_regions(area));
        let zones = match matched {
            Some((prefix, zones)) if prefix.len() >= 4 => zones.to_vec(),
            _ => regions
                .iter()
                .filter_map(|region| tables.region_zones(region))
                .flatten()
                .fold(Vec::new(), |mut zones, zone| {
                    if !zones.contains(zone) {
                        zones.push(*zone);
                    }
                    zones
                }),
        };
        return match area {
            Some(area) if !zones.is_empty() => Found {
                zones,
                region: match regions {
                    [one] => Some(*one),
                    _ => None,
                },
                maybe: if regions.len() > 1 { regions } else { &[] },
                basis: Basis::AreaCode(area.to_owned()),
                country_only: false,
            },
            _ => Found {
                zones: tables.us_zones().to_vec(),
                region: None,
                maybe: &[],
                basis: Basis::CountryOnly("+1".to_owned()),
                country_only: true,
            },
        };
    }
    match matched {
        Some((prefix, zones)) if prefix.len() > country.len() => Found {
            zones: zones.to_vec(),
            region: None,
            maybe: &[],
            basis: Basis::NumberPrefix(format!("+{country} {}", &prefix[country.len()..])),
            country_only: false,
        },
        _ => Found {
            zones: matched.map(|(_, zones)| zones.to_vec()).unwrap_or_default(),
            region: None,
            maybe: &[],
            basis: Basis::CountryOnly(format!("+{country}")),
            country_only: true,
        },
    }
}

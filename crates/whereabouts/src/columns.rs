//! Which columns of a recipient list say where the recipient is, for the Columns step to offer.

use crate::data::{fold, tables};
use crate::zone_names::parse_zone;

/// The location columns of a list, by position (0-based), each only when found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocationColumns {
    /// ZIP code or postal code.
    pub postal_code: Option<usize>,
    /// State, province or region.
    pub region: Option<usize>,
    /// Time zone.
    pub time_zone: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    PostalCode,
    Region,
    TimeZone,
}

/// The kind of location a header names: "ZIP", "Zip Code", "postal_code", "Postcode", "State",
/// "Province", "State/Province", "Region", "Time zone", "TZ", "Billing ZIP".
fn header_kind(header: &str) -> Option<Kind> {
    let folded = fold(&header.replace(['/', '(', ')', ':'], " "));
    let words: Vec<&str> = folded.split(' ').collect();
    let joined = words.concat();
    let has = |word: &str| words.contains(&word);
    if has("tz") || joined.contains("timezone") {
        Some(Kind::TimeZone)
    } else if has("zip")
        || joined.contains("zipcode")
        || joined.contains("postcode")
        || has("postal")
        || joined.contains("postalcode")
    {
        Some(Kind::PostalCode)
    } else if has("state") || has("province") || has("region") || has("prov") {
        Some(Kind::Region)
    } else {
        None
    }
}

/// Whether a cell reads as a value of `kind` (for the sample rows).
fn fits(kind: Kind, cell: &str) -> bool {
    let cell = cell.trim();
    match kind {
        Kind::PostalCode => {
            let code: String = cell
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect();
            let digits = code.bytes().all(|b| b.is_ascii_digit());
            (digits && matches!(code.len(), 4 | 5 | 9))
                || (code.len() == 6 || code.len() == 3)
                    && code.bytes().enumerate().all(|(i, b)| {
                        if i % 2 == 0 {
                            b.is_ascii_alphabetic()
                        } else {
                            b.is_ascii_digit()
                        }
                    })
        }
        Kind::Region => tables().region(cell, true).is_some(),
        Kind::TimeZone => parse_zone(cell).is_some(),
    }
}

/// How many cells of column `index` in the sample are filled, and how many of those read as `kind`.
fn sample<C: AsRef<str>, R: AsRef<[C]>>(kind: Kind, index: usize, rows: &[R]) -> (usize, usize) {
    rows.iter()
        .filter_map(|row| row.as_ref().get(index).map(AsRef::as_ref))
        .filter(|cell| !cell.trim().is_empty())
        .fold((0, 0), |(filled, fitting), cell| {
            (filled + 1, fitting + usize::from(fits(kind, cell)))
        })
}

/// Whether most filled cells of column `index` in the sample read as `kind` (true with no sample).
fn sample_fits<C: AsRef<str>, R: AsRef<[C]>>(kind: Kind, index: usize, rows: &[R]) -> bool {
    let (filled, fitting) = sample(kind, index, rows);
    filled == 0 || fitting * 2 >= filled
}

/// Finds the ZIP/postal code, state/province and time-zone columns of a list by their headers, and
/// confirms each with the sample rows (most filled cells must read as such a value). A column named
/// otherwise is taken only for a state or time zone, and only when nearly every sampled cell reads as
/// one (digits could be anything, names of states and zones hardly). The first fitting column wins.
pub fn detect_location_columns<H, C, R>(headers: &[H], sample_rows: &[R]) -> LocationColumns
where
    H: AsRef<str>,
    C: AsRef<str>,
    R: AsRef<[C]>,
{
    let mut found = LocationColumns::default();
    let mut taken = vec![false; headers.len()];
    for (index, header) in headers.iter().enumerate() {
        let Some(kind) = header_kind(header.as_ref()) else {
            continue;
        };
        let place = slot(&mut found, kind);
        if place.is_none() && sample_fits(kind, index, sample_rows) {
            *place = Some(index);
            taken[index] = true;
        }
    }
    for kind in [Kind::Region, Kind::TimeZone] {
        if slot(&mut found, kind).is_some() {
            continue;
        }
        let column =
            (0..headers.len()).find(|&index| !taken[index] && by_content(kind, index, sample_rows));
        if let Some(index) = column {
            *slot(&mut found, kind) = Some(index);
            taken[index] = true;
        }
    }
    found
}

fn slot(found: &mut LocationColumns, kind: Kind) -> &mut Option<usize> {
    match kind {
        Kind::PostalCode => &mut found.postal_code,
        Kind::Region => &mut found.region,
        Kind::TimeZone => &mut found.time_zone,
    }
}

/// At least three filled sampled cells, nine in ten reading as `kind`.
fn by_content<C: AsRef<str>, R: AsRef<[C]>>(kind: Kind, index: usize, rows: &[R]) -> bool {
    let (filled, fitting) = sample(kind, index, rows);
    filled >= 3 && fitting * 10 >= filled * 9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(headers: &[&str], rows: &[&[&str]]) -> LocationColumns {
        detect_location_columns(headers, rows)
    }

    #[test]
    fn headers_name_the_columns_whatever_their_spelling() {
        let headers = ["Name", "Phone", "Zip Code", "State/Province", "Time zone"];
        assert_eq!(
            detect(&headers, &[]),
            LocationColumns {
                postal_code: Some(2),
                region: Some(3),
                time_zone: Some(4),
            }
        );
        for (header, kind) in [
            ("zip", Kind::PostalCode),
            ("ZIP", Kind::PostalCode),
            ("zipcode", Kind::PostalCode),
            ("postal_code", Kind::PostalCode),
            ("Postcode", Kind::PostalCode),
            ("Billing ZIP", Kind::PostalCode),
            ("state", Kind::Region),
            ("Province", Kind::Region),
            ("region", Kind::Region),
            ("timezone", Kind::TimeZone),
            ("TZ", Kind::TimeZone),
            ("Time Zone", Kind::TimeZone),
        ] {
            assert_eq!(header_kind(header), Some(kind), "{header}");
        }
        for header in ["Name", "Status", "Zone manager", "Statement", "Phone"] {
            assert_eq!(header_kind(header), None, "{header}");
        }
    }

    #[test]
    fn a_named_column_whose_values_dont_fit_is_not_offered() {
        let rows: &[&[&str]] = &[
            &["Ann", "yes", "12"],
            &["Bob", "no", "40"],
            &["Cy", "yes", "7"],
        ];
        assert_eq!(
            detect(&["Name", "State", "Zip"], rows),
            LocationColumns::default()
        );
    }

    #[test]
    fn a_column_of_state_names_or_zones_is_found_without_its_header() {
        let rows: &[&[&str]] = &[
            &["Ann", "Florida", "Eastern", "33101"],
            &["Bob", "TX", "Central", "75001"],
            &["Cy", "Ontario", "America/Toronto", "60601"],
            &["Di", "", "PT", "90210"],
        ];
        assert_eq!(
            detect(&["Name", "Where", "Clock", "Code"], rows),
            LocationColumns {
                postal_code: None,
                region: Some(1),
                time_zone: Some(2),
            }
        );
        assert_eq!(
            detect(&["Name", "Where", "Clock", "ZIP"], rows).postal_code,
            Some(3)
        );
    }

    #[test]
    fn the_first_fitting_column_of_a_kind_wins() {
        let rows: &[&[&str]] = &[&["33101", "60601"], &["75001", "10001"]];
        assert_eq!(detect(&["Zip", "Mailing zip"], rows).postal_code, Some(0));
    }
}

//! Finding the header row and the phone column the way a person would: by the column's name first
//! (in the languages campaign lists come in), then by what the cells hold.

use crate::phone::normalize;
use crate::table::{Fields, Table};
use crate::{ImportError, ImportOptions};

/// How many data rows are looked at to recognise phone numbers.
const SAMPLE_ROWS: usize = 200;

/// Column names as used for metadata keys, where the header is, and which column holds phones.
#[derive(Debug)]
pub(crate) struct Columns {
    pub names: Vec<String>,
    pub header_row: Option<u64>,
    pub phone: Option<usize>,
}

/// Headers that name a phone column, compared after lower-casing and dropping everything but letters
/// and digits. The score prefers an exact name over a name that only contains a phone word.
fn header_score(header: &str) -> u8 {
    const EXACT: &[&str] = &[
        "phone",
        "phonenumber",
        "phoneno",
        "phonenum",
        "tonumber",
        "mobile",
        "mobilephone",
        "mobilenumber",
        "mobileno",
        "cell",
        "cellphone",
        "cellnumber",
        "cellular",
        "telephone",
        "telephonenumber",
        "tel",
        "telno",
        "telefon",
        "telefonnummer",
        "telefono",
        "telefone",
        "numerodetelephone",
        "numerodetelefono",
        "handy",
        "handynummer",
        "mobil",
        "mobilnummer",
        "mobiltelefon",
        "movil",
        "celular",
        "portable",
        "gsm",
        "msisdn",
        "contactnumber",
        "primaryphone",
        "workphone",
        "homephone",
        "businessphone",
        "rufnummer",
        "whatsapp",
        "phone1",
        "mobile1",
        "number",
    ];
    const CONTAINS: &[&str] = &["phone", "mobil", "telef", "cell", "handy"];
    let key: String = fold(header);
    if key.is_empty() {
        0
    } else if EXACT.contains(&key.as_str()) {
        2
    } else if CONTAINS.iter().any(|w| key.contains(w)) {
        1
    } else {
        0
    }
}

/// Lower case, accents folded, only letters and digits: `Téléphone (mobile)` → `telephonemobile`.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

impl Columns {
    /// Detects the layout from the first rows. With `require_phone`, a missing phone column is an
    /// error that lists the columns; a preview just reports none.
    pub(crate) fn detect(
        table: &Table<'_>,
        options: &ImportOptions,
        file: &str,
        require_phone: bool,
    ) -> Result<Columns, ImportError> {
        let mut sample: Vec<(u64, Vec<String>)> = Vec::new();
        table.for_each_row(&mut |row, fields| {
            sample.push((row, cells(fields)));
            sample.len() <= SAMPLE_ROWS
        });
        let Some((first_row, first)) = sample.first() else {
            return Err(ImportError::Empty {
                file: file.to_string(),
            });
        };
        let wanted = options.phone_column.as_deref().map(fold);
        let has_header = !options.no_header
            && (wanted
                .as_ref()
                .is_some_and(|w| first.iter().any(|c| fold(c) == *w))
                || !first.iter().any(|c| normalize(c, options.country).is_ok()));
        let width = sample.iter().map(|r| r.1.len()).max().unwrap_or(0);
        let names = column_names(if has_header { Some(first) } else { None }, width);
        let header_row = has_header.then_some(*first_row);
        let data = if has_header {
            &sample[1..]
        } else {
            &sample[..]
        };
        if data.is_empty() {
            return Err(ImportError::HeaderOnly {
                file: file.to_string(),
            });
        }

        let phone = match &options.phone_column {
            Some(name) => {
                Some(
                    find_named(&names, name).ok_or_else(|| ImportError::UnknownColumn {
                        file: file.to_string(),
                        name: name.clone(),
                        columns: names.clone(),
                    })?,
                )
            }
            None => detect_phone(&names, has_header, data, options),
        };
        if phone.is_none() && require_phone {
            return Err(ImportError::NoPhoneColumn {
                file: file.to_string(),
                columns: names,
            });
        }
        Ok(Columns {
            names,
            header_row,
            phone,
        })
    }
}

fn cells(fields: &dyn Fields) -> Vec<String> {
    (0..fields.count())
        .map(|i| fields.cell(i).unwrap_or_default().into_owned())
        .collect()
}

/// Trimmed header text; `column N` where there is none; a repeated name gets its column number.
fn column_names(header: Option<&Vec<String>>, width: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(width);
    // Names already taken, in ASCII lower case: a row can be a million cells wide, and comparing
    // each name with every earlier one took hours.
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for i in 0..width {
        let text = header
            .and_then(|h| h.get(i))
            .map(|s| s.trim())
            .unwrap_or("");
        let mut name = if text.is_empty() {
            format!("column {}", i + 1)
        } else {
            text.to_string()
        };
        if taken.contains(&name.to_ascii_lowercase()) {
            name = format!("{name} (column {})", i + 1);
        }
        taken.insert(name.to_ascii_lowercase());
        names.push(name);
    }
    names
}

/// A column chosen by the person: its name (any case or punctuation), `column N`, or just `N`.
fn find_named(names: &[String], wanted: &str) -> Option<usize> {
    let w = wanted.trim();
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(w)) {
        return Some(i);
    }
    let folded = fold(w);
    if let Some(i) = names.iter().position(|n| fold(n) == folded) {
        return Some(i);
    }
    let number = w
        .to_ascii_lowercase()
        .strip_prefix("column")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| w.to_string());
    match number.parse::<usize>() {
        Ok(n) if n >= 1 && n <= names.len() => Some(n - 1),
        _ => None,
    }
}

fn detect_phone(
    names: &[String],
    has_header: bool,
    data: &[(u64, Vec<String>)],
    options: &ImportOptions,
) -> Option<usize> {
    let valid: Vec<usize> = (0..names.len())
        .map(|i| {
            data.iter()
                .filter(|(_, row)| {
                    row.get(i)
                        .is_some_and(|c| normalize(c, options.country).is_ok())
                })
                .count()
        })
        .collect();
    let filled: Vec<usize> = (0..names.len())
        .map(|i| {
            data.iter()
                .filter(|(_, row)| row.get(i).is_some_and(|c| !c.trim().is_empty()))
                .count()
        })
        .collect();
    let scores: Vec<u8> = names
        .iter()
        .map(|n| if has_header { header_score(n) } else { 0 })
        .collect();
    // A named phone column that holds phone numbers; the best name, then the most numbers, then leftmost.
    let named = (0..names.len())
        .filter(|&i| scores[i] > 0 && valid[i] > 0)
        .max_by_key(|&i| (scores[i], valid[i], std::cmp::Reverse(i)));
    if named.is_some() {
        return named;
    }
    // Otherwise the column where most cells are phone numbers, if at least a third of its cells are.
    let by_content = (0..names.len())
        .filter(|&i| valid[i] > 0 && valid[i] * 3 >= filled[i])
        .max_by_key(|&i| (valid[i], std::cmp::Reverse(i)));
    if by_content.is_some() {
        return by_content;
    }
    // A column plainly called "Phone" whose cells are all unusable: use it, so each row gets a reason.
    (0..names.len())
        .filter(|&i| scores[i] == 2)
        .min_by_key(|&i| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_headers_in_several_languages() {
        for h in [
            "Phone",
            "Phone Number",
            "to_number",
            "MOBILE",
            "Cell",
            "Telefon",
            "Téléphone",
            "Teléfono",
            "phone-number",
        ] {
            assert_eq!(header_score(h), 2, "{h}");
        }
        assert_eq!(header_score("Mobile phone (work)"), 1);
        assert_eq!(header_score("First Name"), 0);
    }

    #[test]
    fn names_are_unique_and_filled() {
        let h = vec![" Name ".to_string(), String::new(), "name".to_string()];
        assert_eq!(
            column_names(Some(&h), 4),
            vec!["Name", "column 2", "name (column 3)", "column 4"]
        );
        let names = column_names(Some(&h), 3);
        assert_eq!(find_named(&names, "column 2"), Some(1));
        assert_eq!(find_named(&names, "3"), Some(2));
        assert_eq!(find_named(&names, "NAME"), Some(0));
        assert_eq!(find_named(&names, "phone"), None);
    }
}

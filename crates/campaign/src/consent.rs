//! Consent: the date and source of each recipient's agreement to be called, as the list said
//! it, and who launched a campaign with which words.
//!
//! A list may have a consent column ("2026-03-01 web form"). It is mapped in the Columns step,
//! kept with the campaign by spreadsheet row (never sent to Cartesia as call data) and shown in
//! the campaign's compliance record. When Settings say every campaign needs one, the planner
//! refuses the launch while the column is missing or empty for some rows, naming those rows —
//! the same rule for the window and the `batchline` command.

use recipients::Recipient;
use serde::{Deserialize, Serialize};

/// The words of the box ticked on Confirm, when a front end doesn't say which it showed.
pub const ACKNOWLEDGEMENT: &str =
    "I confirm these people agreed to be called by us, and that this campaign follows the \
     calling rules that apply to them.";

/// The most characters of the acknowledgement kept with a campaign.
const MAX_ACKNOWLEDGEMENT_CHARS: usize = 1_000;

/// How a campaign's consent is read and whether it is required.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConsentCheck {
    /// The call-data key of the consent column (its name, or the name it was given); `None`:
    /// the list has none mapped.
    pub column: Option<String>,
    /// Settings: every campaign needs a consent column, filled in for every row.
    pub required: bool,
}

/// One recipient's consent, as the list said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRow {
    /// The spreadsheet row (header = 1).
    pub row: u64,
    /// The number, E.164.
    pub number: String,
    /// The cell as written, trimmed ("2026-03-01 web form").
    pub consent: String,
}

/// What a campaign keeps of its consent and its launch, for the compliance record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeptConsent {
    /// The consent column's name; `None` when the list had none.
    pub column: Option<String>,
    /// Each recipient's consent, in list order (rows whose cell was empty are left out).
    pub rows: Vec<ConsentRow>,
}

/// Why a campaign can't be launched for want of consent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    #[error(
        "Settings say every campaign needs a consent column, and none is chosen. Choose the \
         column with each person's consent (date and source) in step 2, Columns, or turn the \
         setting off in Settings."
    )]
    NoColumn,
    #[error(
        "{} no consent. Fill in the consent (date and source) for {} in your spreadsheet and \
         import it again, or remove {} from the list.",
        rows_words(rows, *total),
        if *total == 1 { "it" } else { "them" },
        if *total == 1 { "that row" } else { "those rows" }
    )]
    Missing {
        /// The first rows without consent (spreadsheet rows).
        rows: Vec<u64>,
        /// How many rows have none.
        total: usize,
    },
}

/// The most rows named in the message; the rest are counted.
const ROWS_NAMED: usize = 12;

/// "Row 4 has", "Rows 4, 9 and 12 have", "Rows 4, 9, … and 7 more have".
fn rows_words(rows: &[u64], total: usize) -> String {
    let shown: Vec<String> = rows.iter().map(u64::to_string).collect();
    let more = total.saturating_sub(shown.len());
    match (shown.as_slice(), more) {
        ([one], 0) => format!("Row {one} has"),
        (all, 0) => match all.split_last() {
            Some((last, rest)) => format!("Rows {} and {last} have", rest.join(", ")),
            None => "No row has".to_string(),
        },
        (all, more) => format!(
            "Rows {} and {} more have",
            all.join(", "),
            crate::view::count(u32::try_from(more).unwrap_or(u32::MAX))
        ),
    }
}

/// The consent of each recipient under `column` (empty cells left out).
fn read(recipients: &[Recipient], column: &str) -> (Vec<ConsentRow>, Vec<u64>) {
    let mut kept = Vec::new();
    let mut missing = Vec::new();
    for r in recipients {
        match r
            .metadata
            .get(column)
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            Some(v) => kept.push(ConsentRow {
                row: r.row,
                number: r.to_number.clone(),
                consent: v.to_string(),
            }),
            None => missing.push(r.row),
        }
    }
    (kept, missing)
}

/// The consent to keep with a campaign of `recipients`, or why it can't be launched: with
/// `check.required`, a missing column or any row without consent refuses it.
pub fn check(recipients: &[Recipient], check: &ConsentCheck) -> Result<KeptConsent, ConsentError> {
    let Some(column) = check.column.as_deref() else {
        if check.required {
            return Err(ConsentError::NoColumn);
        }
        return Ok(KeptConsent::default());
    };
    let (rows, missing) = read(recipients, column);
    if check.required && !missing.is_empty() {
        return Err(ConsentError::Missing {
            total: missing.len(),
            rows: missing.into_iter().take(ROWS_NAMED).collect(),
        });
    }
    Ok(KeptConsent {
        column: Some(column.to_string()),
        rows,
    })
}

/// The computer's user name, from `USER`, `USERNAME` or `LOGNAME` (as `var` reads them);
/// `None` when none is set.
pub fn computer_user(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .filter_map(var)
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

/// The user name of this process's environment.
pub fn this_computer_user() -> Option<String> {
    computer_user(|k| std::env::var(k).ok())
}

/// The acknowledgement words to keep: what the front end showed (trimmed, at most 1,000
/// characters), or [`ACKNOWLEDGEMENT`] when it sent none.
pub fn acknowledgement_words(shown: Option<&str>) -> String {
    match shown.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.chars().take(MAX_ACKNOWLEDGEMENT_CHARS).collect(),
        None => ACKNOWLEDGEMENT.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;

    fn list(csv: &str) -> Vec<Recipient> {
        recipients::import(
            csv.as_bytes(),
            "leads.csv",
            &recipients::ImportOptions::default(),
        )
        .unwrap()
        .recipients
    }

    fn needed(column: Option<&str>) -> ConsentCheck {
        ConsentCheck {
            column: column.map(str::to_string),
            required: true,
        }
    }

    #[test]
    fn rows_without_consent_are_named_by_spreadsheet_row() {
        // Rows 2–6: rows 4 and 6 are blank (one only spaces).
        let people = list(
            "Phone,Consent\n4155550101,2026-01-02 web form\n4155550102,2026-01-03 call\n\
             4155550103,\n4155550104,signed 2026-02-01\n4155550105,   \n",
        );
        let e = check(&people, &needed(Some("Consent"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Rows 4 and 6 have no consent. Fill in the consent (date and source) for them in \
             your spreadsheet and import it again, or remove those rows from the list."
        );
        let one = check(&people[..3], &needed(Some("Consent"))).unwrap_err();
        assert!(
            one.to_string().starts_with("Row 4 has no consent."),
            "{one}"
        );
        assert!(one.to_string().contains("remove that row"), "{one}");

        // Not required: the filled rows are kept, the empty ones simply have none.
        let kept = check(
            &people,
            &ConsentCheck {
                required: false,
                ..needed(Some("Consent"))
            },
        )
        .unwrap();
        assert_eq!(kept.column.as_deref(), Some("Consent"));
        let rows: Vec<(u64, &str)> = kept
            .rows
            .iter()
            .map(|r| (r.row, r.consent.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, "2026-01-02 web form"),
                (3, "2026-01-03 call"),
                (5, "signed 2026-02-01")
            ]
        );
        assert_eq!(kept.rows[0].number, "+14155550101");
    }

    #[test]
    fn many_missing_rows_are_counted_after_the_first_twelve() {
        let mut csv = String::from("Phone,Consent\n");
        for i in 0..20 {
            csv.push_str(&format!("41555501{i:02},\n"));
        }
        let e = check(&list(&csv), &needed(Some("Consent"))).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("Rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 and 8 more have no"),
            "{e}"
        );
    }

    #[test]
    fn a_required_column_must_be_chosen_and_an_optional_one_may_be_absent() {
        let people = list("Phone\n4155550101\n");
        let e = check(&people, &needed(None)).unwrap_err();
        assert!(e.to_string().contains("step 2, Columns"), "{e}");
        assert_eq!(
            check(&people, &ConsentCheck::default()).unwrap(),
            KeptConsent::default()
        );
    }

    #[test]
    fn the_user_name_comes_from_the_first_variable_set() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            computer_user(env(&[("USERNAME", "maria"), ("LOGNAME", "x")])),
            Some("maria".into())
        );
        assert_eq!(
            computer_user(env(&[("USER", " "), ("LOGNAME", "li")])),
            Some("li".into())
        );
        assert_eq!(computer_user(env(&[])), None);
        assert_eq!(acknowledgement_words(Some("  I agree  ")), "I agree");
        assert_eq!(acknowledgement_words(None), ACKNOWLEDGEMENT);
    }
}

//! What the wizard shows of an import: counts, the first rows with what became of each, the data
//! columns with an example, and the problems by spreadsheet row. The recipients themselves stay in
//! the backend; a person sees only what helps them decide.

use super::{ImportChoices, ImportSession};
use recipients::{Format, ImportReport};
use serde::Serialize;
use std::collections::HashMap;

/// How many problems the summary lists; the problems file has them all.
pub const PROBLEMS_SHOWN: usize = 500;

/// What the import found, as the wizard shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub file_name: String,
    /// In words: "CSV file (semicolons)", "Excel workbook".
    pub format_label: String,
    pub encoding: String,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub columns: Vec<String>,
    pub phone_column: String,
    pub data_columns: Vec<DataColumn>,
    pub choices: ImportChoices,
    pub preview_headers: Vec<String>,
    pub preview_rows: Vec<PreviewRow>,
    pub rows: u32,
    pub ready: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub suppressed: u32,
    pub parts: u32,
    pub problems: Vec<Problem>,
    /// All problems, when `problems` holds only the first ones.
    pub problems_total: u32,
    pub suppression_file: Option<String>,
    /// How many recipients the account's do-not-call list took out (not in `ready`), apart from
    /// the campaign's own do-not-call file (`suppressed`).
    pub on_list: u32,
    /// The first [`PROBLEMS_SHOWN`] of them, by spreadsheet row.
    pub on_list_rows: Vec<crate::dnc::ListedRow>,
    /// Where the ready recipients are: per time zone and state, and the state rules that
    /// touch them (the Review step).
    pub locations: crate::schedule::LocationSummary,
}

/// One column of the file other than the phone column: it becomes call data for the agent.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DataColumn {
    pub name: String,
    pub included: bool,
    pub rename_to: Option<String>,
    pub example: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub row: u32,
    pub cells: Vec<String>,
    /// The number as it will be dialled, or why it can't be.
    pub outcome: String,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub row: u32,
    pub kind: ProblemKind,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ProblemKind {
    Rejected,
    Duplicate,
    Suppressed,
}

impl ImportSession {
    /// What the wizard shows of the last reading; `None` before the file is read.
    pub fn summary(&self) -> Option<ImportSummary> {
        let report = self.report.as_deref()?;
        let preview = self.preview.as_deref()?;
        let (problems, problems_total) = problems(report);
        let on_list: &[recipients::Recipient] = self.on_list.as_deref().map_or(&[], Vec::as_slice);
        let location_columns = self
            .choices
            .location_columns
            .clone()
            .unwrap_or_else(|| crate::schedule::detect_location_columns(&report.recipients));
        Some(ImportSummary {
            file_name: self.file_name.clone(),
            format_label: format_label(report),
            encoding: report.encoding.clone(),
            sheets: preview.sheets.clone(),
            sheet: report.sheet.clone(),
            columns: report.columns.clone(),
            phone_column: report.phone_column.clone(),
            data_columns: data_columns(report, preview, &self.choices),
            choices: ImportChoices {
                phone_column: Some(report.phone_column.clone()),
                location_columns: Some(location_columns.clone()),
                ..self.choices.clone()
            },
            preview_headers: if report.has_header {
                report.columns.clone()
            } else {
                (1..=report.columns.len())
                    .map(|i| format!("Column {i}"))
                    .collect()
            },
            preview_rows: preview_rows(report, preview, on_list),
            rows: clamp(report.rows),
            ready: clamp(report.recipients.len() as u64),
            rejected: clamp(report.rejected.len() as u64),
            duplicates: clamp(report.duplicates.len() as u64),
            suppressed: clamp(report.suppressed.len() as u64),
            parts: clamp(report.batches as u64),
            problems,
            problems_total: clamp(problems_total as u64),
            suppression_file: self.suppression.as_ref().map(|(n, _)| n.clone()),
            on_list: clamp(on_list.len() as u64),
            on_list_rows: on_list
                .iter()
                .take(PROBLEMS_SHOWN)
                .map(|r| crate::dnc::ListedRow {
                    row: clamp(r.row),
                    number: r.to_number.clone(),
                    name: crate::dnc::person_name(&r.metadata),
                })
                .collect(),
            locations: crate::schedule::location_summary(&report.recipients, &location_columns),
        })
    }
}

/// The file's kind in words.
fn format_label(report: &ImportReport) -> String {
    let delimiter = match report.delimiter.as_deref() {
        Some(";") => " (semicolons)",
        Some("|") => " (vertical bars)",
        Some("\t") => " (tabs)",
        _ => "",
    };
    match report.format {
        Format::Csv => format!("CSV file{delimiter}"),
        Format::Tsv => "Tab-separated file".into(),
        Format::Xlsx => "Excel workbook".into(),
        Format::Xls => "Excel 97–2003 workbook".into(),
        Format::Ods => "OpenDocument spreadsheet".into(),
        #[allow(unreachable_patterns)]
        _ => "Spreadsheet".into(),
    }
}

/// Every column but the phone column, with whether it is kept, its new name and an example.
fn data_columns(
    report: &ImportReport,
    preview: &recipients::Preview,
    choices: &ImportChoices,
) -> Vec<DataColumn> {
    let phone_index = report
        .columns
        .iter()
        .position(|c| *c == report.phone_column);
    report
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != phone_index)
        .map(|(i, name)| {
            let same = |other: &String| other.trim().eq_ignore_ascii_case(name.trim());
            DataColumn {
                name: name.clone(),
                // The consent column is kept for the record, never sent.
                included: !choices.excluded_columns.iter().any(same) && !choices.is_consent(name),
                rename_to: choices
                    .renamed_columns
                    .iter()
                    .find(|r| same(&r.from))
                    .map(|r| r.to.clone()),
                example: preview
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .find(|c| !c.trim().is_empty())
                    .cloned()
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The first rows, each with the number it gives or why it gives none.
fn preview_rows(
    report: &ImportReport,
    preview: &recipients::Preview,
    on_list: &[recipients::Recipient],
) -> Vec<PreviewRow> {
    let mut outcome: HashMap<u64, (String, bool)> = HashMap::new();
    for r in on_list {
        outcome.insert(r.row, ("On your do-not-call list".into(), false));
    }
    for r in &report.recipients {
        outcome.insert(r.row, (r.to_number.clone(), true));
    }
    for r in &report.rejected {
        outcome.insert(r.row, (r.reason.clone(), false));
    }
    for d in &report.duplicates {
        outcome.insert(
            d.row,
            (format!("Same number as row {}", d.first_row), false),
        );
    }
    for s in &report.suppressed {
        outcome.insert(s.row, ("On your do-not-call list".into(), false));
    }
    preview
        .rows
        .iter()
        .map(|r| {
            let (text, ok) = outcome
                .get(&r.row)
                .cloned()
                .unwrap_or_else(|| ("Blank row".into(), false));
            PreviewRow {
                row: clamp(r.row),
                cells: r.cells.clone(),
                outcome: text,
                ok,
            }
        })
        .collect()
}

impl Problem {
    /// A row the importer refused, with why.
    pub(crate) fn rejected(r: &recipients::RejectedRow) -> Problem {
        Problem {
            row: clamp(r.row),
            kind: ProblemKind::Rejected,
            value: r.value.clone(),
            reason: r.reason.clone(),
        }
    }
}

/// The first [`PROBLEMS_SHOWN`] problems by row, and how many there are in all.
fn problems(report: &ImportReport) -> (Vec<Problem>, usize) {
    let mut problems: Vec<Problem> = report
        .rejected
        .iter()
        .map(Problem::rejected)
        .chain(report.duplicates.iter().map(|d| Problem {
            row: clamp(d.row),
            kind: ProblemKind::Duplicate,
            value: d.value.clone(),
            reason: format!("Same number as row {}; that row is kept.", d.first_row),
        }))
        .chain(report.suppressed.iter().map(|s| Problem {
            row: clamp(s.row),
            kind: ProblemKind::Suppressed,
            value: s.value.clone(),
            reason: "On your do-not-call list.".into(),
        }))
        .collect();
    problems.sort_by_key(|p| p.row);
    let total = problems.len();
    problems.truncate(PROBLEMS_SHOWN);
    (problems, total)
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use recipients::Cancel;

    fn summary(file_name: &str, bytes: &[u8], choices: ImportChoices) -> ImportSummary {
        ImportSession::new(file_name.into(), bytes.to_vec(), choices)
            .read(&Cancel::new())
            .unwrap()
            .summary()
            .unwrap()
    }

    #[test]
    fn a_messy_file_summarizes_with_spreadsheet_rows_and_reasons() {
        let csv = "Name,Phone\nAda,(415) 555-2671\nBob,N/A\nCy,415.555.2671\n";
        let summary = summary(
            "leads.csv",
            csv.as_bytes(),
            ImportChoices::for_country("US"),
        );
        assert_eq!(summary.phone_column, "Phone");
        assert_eq!(summary.choices.phone_column.as_deref(), Some("Phone"));
        assert_eq!(
            (
                summary.rows,
                summary.ready,
                summary.rejected,
                summary.duplicates
            ),
            (3, 1, 1, 1)
        );
        assert_eq!(summary.problems[0].row, 3);
        assert_eq!(summary.problems[0].kind, ProblemKind::Rejected);
        assert_eq!(summary.problems[1].row, 4);
        assert_eq!(
            summary.problems[1].reason,
            "Same number as row 2; that row is kept."
        );
        // Every problem shows the phone cell as the spreadsheet has it, not as it is dialled.
        assert_eq!(summary.problems[0].value, "N/A");
        assert_eq!(summary.problems[1].value, "415.555.2671");
        assert_eq!(summary.preview_rows[0].outcome, "+14155552671");
        assert!(summary.preview_rows[0].ok);
        assert_eq!(summary.preview_rows[2].outcome, "Same number as row 2");
        assert_eq!(
            summary.data_columns.len(),
            1,
            "the phone column is not call data"
        );
        assert_eq!(summary.data_columns[0].name, "Name");
        assert_eq!(summary.data_columns[0].example, "Ada");
        assert_eq!(summary.format_label, "CSV file");
        assert_eq!(summary.preview_headers, ["Name", "Phone"]);
    }

    #[test]
    fn the_columns_show_the_choices_made_about_them() {
        let csv = "Phone;First;Notes\n4155552671;;x\n4155550100;Ada;y\n";
        let summary = summary(
            "leads.csv",
            csv.as_bytes(),
            ImportChoices {
                excluded_columns: vec!["notes".into()],
                renamed_columns: vec![super::super::ColumnRename {
                    from: "First".into(),
                    to: "first_name".into(),
                }],
                ..ImportChoices::for_country("US")
            },
        );
        assert_eq!(summary.format_label, "CSV file (semicolons)");
        let first = &summary.data_columns[0];
        assert_eq!(
            (
                first.included,
                first.rename_to.as_deref(),
                first.example.as_str()
            ),
            (true, Some("first_name"), "Ada"),
            "the example skips a blank cell"
        );
        assert!(!summary.data_columns[1].included, "excluded, any case");
    }

    #[test]
    fn review_shows_where_the_recipients_are_from_the_zip_column_found_and_any_column_chosen() {
        let csv = b"Phone,Zip,Home state\n+13055550100,98101,WA\n+13055550101,33101,FL\n";
        let found = summary("leads.csv", csv, ImportChoices::for_country("US"));
        let columns = found.choices.location_columns.clone().unwrap();
        assert_eq!(columns.postal_code.as_deref(), Some("Zip"));
        assert_eq!(found.locations.columns, columns);
        let states: Vec<&str> = found
            .locations
            .states
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(states, ["Florida", "Washington"]);
        assert_eq!(found.locations.rules.len(), 1, "Florida's");
        // Located by the number alone when the person says the list has no such column.
        let chosen = summary(
            "leads.csv",
            csv,
            ImportChoices {
                location_columns: Some(crate::schedule::LocationColumns::default()),
                ..ImportChoices::for_country("US")
            },
        );
        assert_eq!(chosen.locations.states[0].name, "Florida");
        assert_eq!(chosen.locations.states[0].recipients, 2, "area code 305");
    }

    #[test]
    fn a_file_without_a_header_names_its_columns_by_position() {
        let summary = summary(
            "leads.csv",
            b"4155552671,Ada\n4155550100,Grace\n",
            ImportChoices {
                no_header: true,
                ..ImportChoices::for_country("US")
            },
        );
        assert_eq!(summary.preview_headers, ["Column 1", "Column 2"]);
        assert_eq!(summary.ready, 2);
    }

    #[test]
    fn only_the_first_problems_travel_but_all_are_counted() {
        let csv = format!("Phone\n{}", "N/A\n".repeat(PROBLEMS_SHOWN + 20));
        let summary = summary("bad.csv", csv.as_bytes(), ImportChoices::for_country("US"));
        assert_eq!(summary.problems.len(), PROBLEMS_SHOWN);
        assert_eq!(summary.problems_total as usize, PROBLEMS_SHOWN + 20);
        assert_eq!(summary.problems[0].row, 2, "sorted by spreadsheet row");
    }

    #[test]
    fn the_sample_list_shows_every_kind_of_problem() {
        let sample = crate::draft::SAMPLE_CSV.as_bytes();
        let summary = summary(
            "Sample recipients.csv",
            sample,
            ImportChoices::for_country("US"),
        );
        assert_eq!(summary.rows, 30);
        assert_eq!(
            (summary.ready, summary.rejected, summary.duplicates),
            (26, 3, 1)
        );
        assert_eq!(summary.parts, 1);
    }

    #[test]
    fn the_accounts_list_takes_people_out_and_review_lists_them_apart_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path().join("c.db")).unwrap();
        crate::dnc::add_by_hand(&store, "4155550100", "US", "asked", chrono::Utc::now()).unwrap();
        let csv = b"First name,Last name,Phone\nAna,Ruiz,415-555-0100\nBo,Li,4155552671\n\
                    Cy,Wu,2125550100\n";
        let session = ImportSession::new(
            "leads.csv".into(),
            csv.to_vec(),
            ImportChoices::for_country("US"),
        )
        .with_suppression(Some(("dnc.csv".into(), b"212-555-0100\n".to_vec())))
        .read(&Cancel::new())
        .unwrap();
        assert_eq!(session.summary().unwrap().on_list, 0, "not checked yet");
        let checked = session.leave_out_listed(&store).unwrap();
        let summary = checked.summary().unwrap();
        assert_eq!(
            (summary.ready, summary.suppressed, summary.on_list),
            (1, 1, 1)
        );
        assert_eq!(summary.on_list_rows[0].row, 2);
        assert_eq!(summary.on_list_rows[0].number, "+14155550100");
        assert_eq!(summary.on_list_rows[0].name.as_deref(), Some("Ana Ruiz"));
        assert_eq!(summary.preview_rows[0].outcome, "On your do-not-call list");
        assert!(!summary.preview_rows[0].ok);
        let ready: Vec<String> = checked.ready().into_iter().map(|r| r.to_number).collect();
        assert_eq!(ready, ["+14155552671"]);
        // Kept with the campaign among those its plan left out.
        let planned = crate::PlannedHours {
            left_out: Some(r#"[{"row":9,"toNumber":"+18005550100","reason":"x"}]"#.into()),
            ..crate::PlannedHours::default()
        };
        let kept = checked.with_listed_left_out(planned).left_out.unwrap();
        let kept: Vec<crate::schedule::LeftOut> = serde_json::from_str(&kept).unwrap();
        let rows: Vec<(u64, &str)> = kept.iter().map(|l| (l.row, l.reason.as_str())).collect();
        assert_eq!(rows, [(9, "x"), (2, "On your do-not-call list.")]);
        // Read again (another column choice), the list is checked again.
        let again = checked.with_choices(ImportChoices::for_country("US"));
        assert!(again.on_list.is_none());
    }

    #[test]
    fn a_suppressed_row_says_why() {
        let summary = summary(
            "leads.csv",
            b"Phone\n4155552671\n",
            ImportChoices::for_country("US"),
        );
        assert!(summary.suppression_file.is_none());
        let session = ImportSession::new(
            "leads.csv".into(),
            b"Phone\n4155552671\n".to_vec(),
            ImportChoices::for_country("US"),
        )
        .with_suppression(Some(("dnc.csv".into(), b"4155552671\n".to_vec())))
        .read(&Cancel::new())
        .unwrap();
        let summary = session.summary().unwrap();
        assert_eq!(summary.suppression_file.as_deref(), Some("dnc.csv"));
        assert_eq!(summary.problems[0].kind, ProblemKind::Suppressed);
        assert_eq!(summary.problems[0].value, "4155552671");
        assert_eq!(summary.preview_rows[0].outcome, "On your do-not-call list");
    }
}

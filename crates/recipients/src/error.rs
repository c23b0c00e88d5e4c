//! Why a file holds no usable recipient list, in words a campaign manager can act on.
//!
//! Row-level problems are not errors: they are listed in the report. These are the cases where there
//! is no list at all, so the import stops. Every message is one line (the CLI prints it as is).

use serde::ser::SerializeStruct;
use serde::Serialize;

/// The file could not be read as a recipient list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{file} is empty — there is nothing to import. Check that you exported the right file."
    )]
    Empty { file: String },

    #[error("{file} has a header row but no recipients under it. Check that you exported the rows, not only the column names.")]
    HeaderOnly { file: String },

    #[error("{file} is not a spreadsheet or CSV file (it looks like {what}). Export your list from Excel or your CRM as CSV or XLSX and try again.")]
    NotAList { file: String, what: String },

    #[error("No column in {file} looks like phone numbers. Columns found: {}. Choose the phone column by name.", .columns.join(", "))]
    NoPhoneColumn { file: String, columns: Vec<String> },

    #[error("There is no column called \"{name}\" in {file}. Columns found: {}.", .columns.join(", "))]
    UnknownColumn {
        file: String,
        name: String,
        columns: Vec<String>,
    },

    #[error("There is no sheet called \"{name}\" in {file}. Sheets: {}.", .sheets.join(", "))]
    UnknownSheet {
        file: String,
        name: String,
        sheets: Vec<String>,
    },

    #[error("{file} could not be opened as a spreadsheet ({detail}). Open it in Excel, save it again, or export it as CSV.")]
    Spreadsheet { file: String, detail: String },

    #[error("{file} is {size}; Batchline reads files of at most {limit}. Export only the rows and columns of your list, or split it into smaller files, and import again.")]
    TooLarge {
        file: String,
        size: String,
        limit: String,
    },

    #[error("{file} unpacks to more than {limit}, more than any recipient list needs (it may be damaged). Save the sheet with only your list and import it again.")]
    Unzipped { file: String, limit: String },

    #[error("This spreadsheet claims {cells} cells ({rows} rows × {columns} columns), more than the {limit} Batchline reads from one sheet. Save the sheet with only your list and import it again.")]
    SheetTooBig {
        file: String,
        cells: String,
        rows: String,
        columns: String,
        limit: String,
    },

    #[error("Reading {file} was cancelled. Choose the file again when you're ready.")]
    Cancelled { file: String },

    #[error("\"{code}\" is not a country code this app knows. Use a two-letter code such as US, GB or DE.")]
    UnknownCountry { code: String },
}

impl ImportError {
    /// A stable code for the app to branch on (e.g. offer a column picker on `no_phone_column`).
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty { .. } => "empty",
            ImportError::HeaderOnly { .. } => "header_only",
            ImportError::NotAList { .. } => "not_a_list",
            ImportError::NoPhoneColumn { .. } => "no_phone_column",
            ImportError::UnknownColumn { .. } => "unknown_column",
            ImportError::UnknownSheet { .. } => "unknown_sheet",
            ImportError::Spreadsheet { .. } => "spreadsheet",
            ImportError::UnknownCountry { .. } => "unknown_country",
            ImportError::TooLarge { .. } | ImportError::Unzipped { .. } => "too_large",
            ImportError::SheetTooBig { .. } => "sheet_too_big",
            ImportError::Cancelled { .. } => "cancelled",
        }
    }
}

/// Serializes as `{ "code": "...", "message": "..." }`, the shape the app's errors take.
impl Serialize for ImportError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ImportError", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

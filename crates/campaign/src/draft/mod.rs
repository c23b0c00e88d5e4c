//! The campaign being set up: the recipient file and how it is read ([`ImportSession`]), what
//! the wizard shows of it ([`ImportSummary`]), the wizard's answers ([`DraftSetup`], with the
//! [`WizardStep`] it is at), and the draft that keeps them all between runs ([`Drafts`]).
//! "Duplicate" starts a new draft from a campaign ([`duplicate`]); someone with no list yet
//! starts from the sample or the template ([`SAMPLE_CSV`], [`TEMPLATE_CSV`]).
//!
//! The app's window sends and receives these; the rules about them live here, so the app only
//! passes them on.

mod duplicate;
mod import;
mod sample;
mod saved;
mod setup;
mod summary;

pub use duplicate::{campaign_to_copy, duplicate, Duplicate};
pub use import::{ColumnRename, ImportChoices, ImportSession};
pub use sample::{sample_import, SAMPLE_CSV, SAMPLE_FILE_NAME, TEMPLATE_CSV, TEMPLATE_FILE_NAME};
pub use saved::{DraftError, Drafts, SavedDraft};
pub use setup::{DraftSetup, DraftStart, WizardStep};
pub use summary::{DataColumn, ImportSummary, PreviewRow, Problem, ProblemKind, PROBLEMS_SHOWN};

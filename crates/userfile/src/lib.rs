//! What Batchline hands a person as a file — an export of results, a problems list, a template —
//! and the two promises every such file keeps, in one place so no writer can drift from them:
//!
//! - [`neutralize`]: no cell of a CSV runs as a formula when the file is opened in a spreadsheet.
//! - [`save_new_file`]: a file appears whole under its final name or not at all (a full disk leaves
//!   no truncated file behind), and never replaces a file already there.
//!
//! It has no Batchline dependencies, so the import (`recipients`), the campaign store
//! (`campaign`) and the desktop shell can all use it without depending on one another.

mod cell;
mod save;
mod shown;

pub use cell::neutralize;
pub use save::{save_new_file, SaveError};
pub use shown::file_directly_in;

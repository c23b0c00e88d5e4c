//! Stopping a long import from the window: the person clicks Cancel, the flag is set, and every
//! long loop (the workbook check, reading rows, normalising numbers) looks at it every few thousand
//! steps and gives up with [`ImportError::Cancelled`].

use std::sync::atomic::{AtomicBool, Ordering};

use crate::ImportError;

/// A flag shared between whoever may cancel and the import that honours it.
#[derive(Debug, Default)]
pub struct Cancel(AtomicBool);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks the import to stop at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Makes the flag usable again for the next import.
    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub(crate) fn check(&self, file: &str) -> Result<(), ImportError> {
        if self.is_cancelled() {
            return Err(ImportError::Cancelled {
                file: file.to_string(),
            });
        }
        Ok(())
    }
}

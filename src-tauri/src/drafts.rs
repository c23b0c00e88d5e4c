//! Where the draft of the campaign being set up is kept between runs: a folder in the app's data
//! directory with the wizard's answers, the original recipient file and the choices made about it.
//! Every write goes to a temporary file first and is renamed into place, so a crash mid-write
//! leaves the previous version, never half a file.

use crate::error::IpcError;
use crate::ipc::{ImportChoices, WizardState};
use crate::state::ImportSession;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug)]
pub struct DraftStore {
    dir: PathBuf,
}

#[derive(Debug)]
pub struct SavedDraft {
    pub wizard: WizardState,
    pub import: Option<ImportSession>,
    pub saved_at: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct ImportFacts {
    file_name: String,
    choices: ImportChoices,
    suppression_file: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WizardFile {
    saved_at: String,
    wizard: WizardState,
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(tmp, path)
}

fn disk_error(e: impl std::fmt::Display) -> IpcError {
    IpcError::new(format!(
        "Your draft couldn't be saved ({e}). Check that your disk has free space; nothing you did so far is lost while Batchline stays open."
    ))
}

impl DraftStore {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.join("draft"),
        }
    }

    pub fn save_wizard(&self, wizard: &WizardState) -> Result<(), IpcError> {
        let file = WizardFile {
            saved_at: chrono::Utc::now().to_rfc3339(),
            wizard: wizard.clone(),
        };
        let json = serde_json::to_vec(&file).map_err(disk_error)?;
        write_atomic(&self.dir.join("wizard.json"), &json).map_err(disk_error)
    }

    pub fn save_import(&self, session: &ImportSession) -> Result<(), IpcError> {
        let facts = ImportFacts {
            file_name: session.file_name.clone(),
            choices: session.choices.clone(),
            suppression_file: session.suppression.as_ref().map(|(n, _)| n.clone()),
        };
        write_atomic(&self.dir.join("recipients.bin"), &session.bytes).map_err(disk_error)?;
        match &session.suppression {
            Some((_, bytes)) => {
                write_atomic(&self.dir.join("suppression.bin"), bytes).map_err(disk_error)?
            }
            None => {
                let _ = std::fs::remove_file(self.dir.join("suppression.bin"));
            }
        }
        let json = serde_json::to_vec(&facts).map_err(disk_error)?;
        write_atomic(&self.dir.join("import.json"), &json).map_err(disk_error)
    }

    pub fn load(&self) -> Result<Option<SavedDraft>, IpcError> {
        let Ok(bytes) = std::fs::read(self.dir.join("wizard.json")) else {
            return Ok(None);
        };
        let Ok(file) = serde_json::from_slice::<WizardFile>(&bytes) else {
            // A draft from another version of the app: keep it aside rather than lose it.
            let _ = std::fs::rename(&self.dir, self.dir.with_extension("unreadable"));
            return Ok(None);
        };
        let import = std::fs::read(self.dir.join("import.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<ImportFacts>(&b).ok())
            .and_then(|facts| {
                let bytes = std::fs::read(self.dir.join("recipients.bin")).ok()?;
                let mut session = ImportSession::new(facts.file_name, bytes, facts.choices);
                if let Some(name) = facts.suppression_file {
                    if let Ok(b) = std::fs::read(self.dir.join("suppression.bin")) {
                        session.suppression = Some((name, Arc::new(b)));
                    }
                }
                Some(session)
            });
        Ok(Some(SavedDraft {
            wizard: file.wizard,
            import,
            saved_at: file.saved_at,
        }))
    }

    pub fn discard(&self) -> Result<(), IpcError> {
        match std::fs::remove_dir_all(&self.dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(IpcError::new(format!(
                "The draft couldn't be removed ({e}). Try again."
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::StartChoice;

    fn wizard() -> WizardState {
        WizardState {
            step: 3,
            name: "Spring leads".into(),
            agent_id: Some("agent_1".into()),
            from_number_id: None,
            concurrency: Some(4),
            ringing_timeout_seconds: None,
            max_call_duration_minutes: None,
            start: StartChoice::Now,
            compliance_acknowledged: false,
        }
    }

    #[test]
    fn a_draft_survives_a_restart_with_its_file_and_choices() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path());
        assert!(store.load().unwrap().is_none());
        store.save_wizard(&wizard()).unwrap();
        let mut session = ImportSession::new(
            "leads.csv".into(),
            b"Phone\n4155552671\n".to_vec(),
            ImportChoices {
                country: "US".into(),
                ..ImportChoices::default()
            },
        );
        session.suppression = Some(("dnc.csv".into(), Arc::new(b"Phone\n4155550100\n".to_vec())));
        store.save_import(&session).unwrap();

        let again = DraftStore::new(dir.path()).load().unwrap().unwrap();
        assert_eq!(again.wizard, wizard());
        let import = again.import.unwrap();
        assert_eq!(import.file_name, "leads.csv");
        assert_eq!(import.bytes.as_slice(), b"Phone\n4155552671\n");
        assert_eq!(import.suppression.unwrap().0, "dnc.csv");

        store.discard().unwrap();
        assert!(store.load().unwrap().is_none());
    }

    #[test]
    fn an_unreadable_draft_is_kept_aside_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("draft")).unwrap();
        std::fs::write(dir.path().join("draft/wizard.json"), b"{not json").unwrap();
        assert!(DraftStore::new(dir.path()).load().unwrap().is_none());
        assert!(dir.path().join("draft.unreadable/wizard.json").exists());
    }
}

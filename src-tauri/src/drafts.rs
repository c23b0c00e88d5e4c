//! Where the draft of the campaign being set up is kept between runs: in the campaign store
//! (`campaigns.sqlite`, which is kept whatever the mode, unlike the practice line's), with the
//! wizard's answers, the original recipient file and the choices made about it (so every choice
//! can still be changed), and the recipients it gave. SQLite writes each save whole or not at all.

use crate::error::IpcError;
use crate::ipc::{ImportChoices, WizardState};
use crate::state::ImportSession;
use campaign::{DraftSource, Store};
use cartesia::NewRecipient;
use std::borrow::Cow;
use std::sync::Arc;

/// The one draft the wizard works on.
const CURRENT: &str = "current";

#[derive(Debug)]
pub struct SavedDraft {
    pub wizard: WizardState,
    pub import: Option<ImportSession>,
    pub saved_at: String,
}

/// What Cartesia is sent for one imported recipient (metadata values as text, as imported).
pub fn new_recipient(r: &recipients::Recipient) -> NewRecipient {
    NewRecipient {
        to_number: r.to_number.clone(),
        metadata: (!r.metadata.is_empty()).then(|| {
            r.metadata
                .iter()
                .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v.to_owned())))
                .collect()
        }),
    }
}

fn save_error(e: impl std::fmt::Display) -> IpcError {
    IpcError::new(format!(
        "Your draft couldn't be saved ({e}). Nothing you did so far is lost while Batchline stays open."
    ))
}

/// The drafts in a campaign store.
#[derive(Debug, Clone)]
pub struct Drafts(pub Arc<Store>);

impl Drafts {
    pub fn save_wizard(&self, wizard: &WizardState) -> Result<(), IpcError> {
        let json = serde_json::to_value(wizard).map_err(save_error)?;
        self.0.save_draft_wizard(CURRENT, &json).map_err(save_error)
    }

    pub fn save_import(&self, session: &ImportSession) -> Result<(), IpcError> {
        // Borrowed: the file is written as it is, never copied first.
        let source = DraftSource {
            file_name: Cow::Borrowed(&session.file_name),
            bytes: Cow::Borrowed(session.bytes.as_slice()),
            settings: serde_json::to_value(&session.choices).map_err(save_error)?,
            suppression: session.suppression.as_ref().map(|(name, bytes)| {
                (
                    Cow::Borrowed(name.as_str()),
                    Cow::Borrowed(bytes.as_slice()),
                )
            }),
        };
        let ready: Vec<NewRecipient> = session
            .report
            .as_ref()
            .map(|r| r.recipients.iter().map(new_recipient).collect())
            .unwrap_or_default();
        self.0
            .save_draft_source(CURRENT, &source, &ready)
            .map_err(save_error)
    }

    pub fn load(&self) -> Result<Option<SavedDraft>, IpcError> {
        let draft = match self.0.load_draft(CURRENT) {
            Ok(Some(draft)) => draft,
            Ok(None) => return Ok(None),
            Err(campaign::Error::Corrupt { .. }) => return Ok(self.set_aside()),
            Err(e) => return Err(e.into()),
        };
        let Ok(wizard) = serde_json::from_value::<WizardState>(draft.wizard) else {
            return Ok(self.set_aside());
        };
        let import = draft.source.and_then(|source| {
            let choices = serde_json::from_value::<ImportChoices>(source.settings).ok()?;
            let mut session = ImportSession::new(
                source.file_name.into_owned(),
                source.bytes.into_owned(),
                choices,
            );
            session.suppression = source
                .suppression
                .map(|(name, bytes)| (name.into_owned(), Arc::new(bytes.into_owned())));
            Some(session)
        });
        Ok(Some(SavedDraft {
            wizard,
            import,
            saved_at: draft.updated_at.to_rfc3339(),
        }))
    }

    /// A draft this version can't read (from another version of the app) is kept aside under
    /// another name rather than overwritten, and the wizard starts fresh.
    fn set_aside(&self) -> Option<SavedDraft> {
        let aside = format!("unreadable {}", chrono::Utc::now().to_rfc3339());
        if let Err(e) = self.0.rename_draft(CURRENT, &aside) {
            eprintln!("Batchline: an unreadable draft could not be set aside: {e}");
        }
        None
    }

    pub fn discard(&self) -> Result<(), IpcError> {
        self.0
            .delete_draft(CURRENT)
            .map_err(|e| IpcError::new(format!("The draft couldn't be removed ({e}). Try again.")))
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

    fn drafts(dir: &std::path::Path) -> Drafts {
        Drafts(Arc::new(Store::open(dir.join("campaigns.sqlite")).unwrap()))
    }

    #[test]
    fn a_draft_survives_a_restart_with_its_file_and_choices() {
        let dir = tempfile::tempdir().unwrap();
        let store = drafts(dir.path());
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
        drop(store);

        let store = drafts(dir.path());
        let again = store.load().unwrap().unwrap();
        assert_eq!(again.wizard, wizard());
        let import = again.import.unwrap();
        assert_eq!(import.file_name, "leads.csv");
        assert_eq!(import.bytes.as_slice(), b"Phone\n4155552671\n");
        assert_eq!(import.choices.country, "US");
        assert_eq!(import.suppression.unwrap().0, "dnc.csv");

        store.discard().unwrap();
        assert!(store.load().unwrap().is_none());
    }

    #[test]
    fn an_unreadable_draft_is_kept_aside_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = drafts(dir.path());
        // A draft written by another version of the app, in a shape this one doesn't know.
        store
            .0
            .save_draft_wizard(CURRENT, &serde_json::json!({"page": "two"}))
            .unwrap();
        assert!(store.load().unwrap().is_none());
        assert!(store.0.load_draft(CURRENT).unwrap().is_none());
        let ids = store.0.draft_ids().unwrap();
        assert_eq!(ids.len(), 1);
        assert!(ids[0].starts_with("unreadable"), "{ids:?}");
        let aside = store.0.load_draft(&ids[0]).unwrap().unwrap();
        assert_eq!(aside.wizard["page"], "two", "kept as it was");
        // The wizard saves afresh without touching it.
        store.save_wizard(&wizard()).unwrap();
        assert_eq!(store.load().unwrap().unwrap().wizard, wizard());
        assert_eq!(store.0.draft_ids().unwrap().len(), 2);
    }
}

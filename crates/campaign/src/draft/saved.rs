//! Where the campaign being set up is kept between runs: in the campaign store, with the wizard's
//! answers ([`DraftSetup`], in its own versioned format), the original recipient file and the
//! choices made about it (so every choice can still be changed), and the recipients it gave.
//! SQLite writes each save whole or not at all.

use super::{DraftSetup, ImportChoices, ImportSession};
use crate::{DraftSource, Error, Store};
use chrono::{DateTime, Utc};
use std::borrow::Cow;
use std::sync::Arc;

/// The one draft the wizard works on.
const CURRENT: &str = "current";

/// Why a draft couldn't be saved, loaded or removed, in words for the person.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(
        "Your draft couldn't be saved ({0}). Nothing you did so far is lost while Batchline \
         stays open."
    )]
    NotSaved(Error),
    #[error("The draft couldn't be removed ({0}). Try again.")]
    NotRemoved(Error),
    #[error("The copy couldn't be written ({0}). Try again.")]
    CopyNotWritten(String),
    /// The store itself couldn't be read.
    #[error(transparent)]
    Store(#[from] Error),
    /// The draft was written in a form this version can't read; it was kept aside, unchanged.
    #[error(
        "The campaign you were setting up was saved in a form this version of Batchline can't \
         read. It is kept aside, unchanged; set up the campaign again."
    )]
    SetAside,
    /// A step that needs the recipients came before any file was imported.
    #[error(
        "There is no recipient file in this campaign yet. Drop one on the window first (step 1, \
         Recipients)."
    )]
    NoFile,
    /// "Duplicate" asked of something that isn't a campaign launched from Batchline.
    #[error(
        "Only campaigns launched from Batchline can be duplicated. Start a new campaign instead."
    )]
    NotCopyable,
}

/// A draft as it was left.
#[derive(Debug, Clone)]
pub struct SavedDraft {
    pub setup: DraftSetup,
    /// The file and the choices about it, not read yet (reading it again gives the same
    /// recipients: the same bytes, the same choices).
    pub import: Option<ImportSession>,
    pub saved_at: DateTime<Utc>,
}

/// The draft of the campaign being set up, in a campaign store.
#[derive(Debug, Clone, Copy)]
pub struct Drafts<'a> {
    store: &'a Store,
}

impl<'a> Drafts<'a> {
    pub fn new(store: &'a Store) -> Drafts<'a> {
        Drafts { store }
    }

    /// Saves the wizard's answers (the quick, frequent save); the file is left as it is.
    pub fn save_setup(&self, setup: &DraftSetup) -> Result<(), DraftError> {
        let stored = setup
            .to_stored()
            .map_err(|e| DraftError::NotSaved(Error::Database(e.to_string())))?;
        self.store
            .save_draft_wizard(CURRENT, &stored)
            .map_err(DraftError::NotSaved)
    }

    /// Saves the file, the choices about it and the recipients it gave, in one transaction.
    pub fn save_import(&self, session: &ImportSession) -> Result<(), DraftError> {
        let settings = serde_json::to_value(&session.choices)
            .map_err(|e| DraftError::NotSaved(Error::Database(e.to_string())))?;
        // Borrowed: the file is written as it is, never copied first.
        let source = DraftSource {
            file_name: Cow::Borrowed(&session.file_name),
            bytes: Cow::Borrowed(session.bytes.as_slice()),
            settings,
            suppression: session.suppression.as_ref().map(|(name, bytes)| {
                (
                    Cow::Borrowed(name.as_str()),
                    Cow::Borrowed(bytes.as_slice()),
                )
            }),
        };
        self.store
            .save_draft_source(CURRENT, &source, &session.ready())
            .map_err(DraftError::NotSaved)
    }

    /// The draft as it was left, if there is one. A draft this version can't read (from another
    /// version of the app) is kept aside under another name, never overwritten, and reported
    /// once as [`DraftError::SetAside`]; the wizard then starts afresh.
    pub fn load(&self, now: DateTime<Utc>) -> Result<Option<SavedDraft>, DraftError> {
        let draft = match self.store.load_draft(CURRENT) {
            Ok(Some(draft)) => draft,
            Ok(None) => return Ok(None),
            Err(Error::Corrupt { .. }) => return Err(self.set_aside(now)),
            Err(e) => return Err(e.into()),
        };
        let Some(setup) = DraftSetup::from_stored(draft.wizard) else {
            return Err(self.set_aside(now));
        };
        let import = match draft.source {
            None => None,
            Some(source) => {
                let Ok(choices) = serde_json::from_value::<ImportChoices>(source.settings) else {
                    return Err(self.set_aside(now));
                };
                let mut session = ImportSession::new(
                    source.file_name.into_owned(),
                    source.bytes.into_owned(),
                    choices,
                );
                session.suppression = source
                    .suppression
                    .map(|(name, bytes)| (name.into_owned(), Arc::new(bytes.into_owned())));
                Some(session)
            }
        };
        Ok(Some(SavedDraft {
            setup,
            import,
            saved_at: draft.updated_at,
        }))
    }

    fn set_aside(&self, now: DateTime<Utc>) -> DraftError {
        let aside = format!("unreadable {}", now.to_rfc3339());
        match self.store.rename_draft(CURRENT, &aside) {
            Ok(()) => DraftError::SetAside,
            Err(e) => DraftError::Store(e),
        }
    }

    /// Removes the draft (the campaign was launched, or the person started over).
    pub fn discard(&self) -> Result<(), DraftError> {
        self.store
            .delete_draft(CURRENT)
            .map_err(DraftError::NotRemoved)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::super::{DraftStart, WizardStep};
    use super::*;
    use recipients::Cancel;

    fn setup() -> DraftSetup {
        DraftSetup {
            step: WizardStep::Setup,
            name: "Spring leads".into(),
            agent_id: Some("agent_1".into()),
            concurrency: Some(4),
            start: DraftStart::Now,
            ..DraftSetup::default()
        }
    }

    fn open(dir: &std::path::Path) -> Store {
        Store::open(dir.join("campaigns.sqlite")).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-03-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_draft_survives_a_restart_with_its_file_and_choices() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        let drafts = Drafts::new(&store);
        assert!(drafts.load(now()).unwrap().is_none());
        drafts.save_setup(&setup()).unwrap();
        let session = ImportSession::new(
            "leads.csv".into(),
            b"Phone,First\n4155552671,Ada\n4155550100,Grace\n".to_vec(),
            ImportChoices::for_country("US"),
        )
        .with_suppression(Some(("dnc.csv".into(), b"Phone\n4155550100\n".to_vec())))
        .read(&Cancel::new())
        .unwrap();
        drafts.save_import(&session).unwrap();
        drop(store);

        let store = open(dir.path());
        let drafts = Drafts::new(&store);
        let again = drafts.load(now()).unwrap().unwrap();
        assert_eq!(again.setup, setup());
        let import = again.import.unwrap();
        assert_eq!(import.file_name, "leads.csv");
        assert_eq!(import.bytes.as_slice(), session.bytes.as_slice());
        assert_eq!(import.choices, ImportChoices::for_country("US"));
        assert_eq!(import.suppression.as_ref().unwrap().0, "dnc.csv");
        let summary = import.read(&Cancel::new()).unwrap().summary().unwrap();
        assert_eq!(
            (summary.ready, summary.suppressed),
            (1, 1),
            "read again the same"
        );
        let kept = store.load_draft(CURRENT).unwrap().unwrap().recipients;
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].to_number, "+14155552671");
        assert_eq!(kept[0].metadata.as_ref().unwrap()["First"], "Ada");

        drafts.discard().unwrap();
        assert!(drafts.load(now()).unwrap().is_none());
    }

    #[test]
    fn a_draft_saved_by_the_earlier_version_still_loads_with_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        // Rows exactly as version 1 wrote them: the window's wizard state and import choices.
        store
            .save_draft_wizard(
                CURRENT,
                &serde_json::json!({
                    "step": 3, "name": "Spring leads", "agentId": "agent_1",
                    "fromNumberId": null, "concurrency": 4, "ringingTimeoutSeconds": null,
                    "maxCallDurationMinutes": null, "start": {"kind": "now"},
                    "complianceAcknowledged": false
                }),
            )
            .unwrap();
        drafts_with_choices(
            &store,
            serde_json::json!({
                "country": "GB", "phoneColumn": "Phone", "sheet": null, "noHeader": false,
                "excludedColumns": ["Notes"], "renamedColumns": [{"from": "A", "to": "B"}]
            }),
        );
        let saved = Drafts::new(&store).load(now()).unwrap().unwrap();
        assert_eq!(saved.setup, setup());
        let choices = saved.import.unwrap().choices;
        assert_eq!(choices.country, "GB");
        assert_eq!(choices.phone_column.as_deref(), Some("Phone"));
        assert_eq!(choices.excluded_columns, ["Notes"]);
        assert_eq!(choices.renamed_columns[0].to, "B");
    }

    #[test]
    fn a_file_kept_before_any_answer_loads_as_a_fresh_draft() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        let drafts = Drafts::new(&store);
        drafts
            .save_import(&ImportSession::new(
                "leads.csv".into(),
                b"Phone\n4155552671\n".to_vec(),
                ImportChoices::for_country("US"),
            ))
            .unwrap();
        let saved = drafts.load(now()).unwrap().unwrap();
        assert_eq!(saved.setup, DraftSetup::default());
        assert_eq!(saved.import.unwrap().file_name, "leads.csv");
    }

    #[test]
    fn an_unreadable_draft_is_kept_aside_said_once_and_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        let drafts = Drafts::new(&store);
        // A draft written by another version of the app, in a shape this one doesn't know.
        store
            .save_draft_wizard(CURRENT, &serde_json::json!({"page": "two"}))
            .unwrap();
        let error = drafts.load(now()).unwrap_err();
        assert!(matches!(error, DraftError::SetAside), "{error:?}");
        assert!(error.to_string().contains("kept aside"), "{error}");
        assert!(drafts.load(now()).unwrap().is_none(), "said once");
        let ids = store.draft_ids().unwrap();
        assert_eq!(ids, ["unreadable 2026-03-01T10:00:00+00:00"]);
        let aside = store.load_draft(&ids[0]).unwrap().unwrap();
        assert_eq!(aside.wizard["page"], "two", "kept as it was");
        // The wizard saves afresh without touching it.
        drafts.save_setup(&setup()).unwrap();
        assert_eq!(drafts.load(now()).unwrap().unwrap().setup, setup());
        assert_eq!(store.draft_ids().unwrap().len(), 2);
    }

    #[test]
    fn unreadable_file_choices_set_the_draft_aside_instead_of_dropping_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path());
        drafts_with_choices(&store, serde_json::json!({"country": 44}));
        let error = Drafts::new(&store).load(now()).unwrap_err();
        assert!(matches!(error, DraftError::SetAside), "{error:?}");
        let aside = store.draft_ids().unwrap();
        let kept = store.load_draft(&aside[0]).unwrap().unwrap();
        assert_eq!(kept.source.unwrap().bytes.as_ref(), b"Phone\n4155552671\n");
    }

    fn drafts_with_choices(store: &Store, settings: serde_json::Value) {
        let source = DraftSource {
            file_name: Cow::Borrowed("leads.csv"),
            bytes: Cow::Borrowed(b"Phone\n4155552671\n"),
            settings,
            suppression: None,
        };
        store.save_draft_source(CURRENT, &source, &[]).unwrap();
    }
}

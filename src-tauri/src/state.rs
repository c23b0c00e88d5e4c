//! What the shell keeps for the lifetime of the app, shared by every command.

use crate::connection::{self, Mode, Runtime};
use crate::error::IpcError;
use crate::ipc::{AgentChoice, Settings};
use crate::secrets::KeyStore;
use crate::settings::SettingsFile;
use campaign::draft::Drafts;
pub(crate) use campaign::draft::ImportSession;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{broadcast, Mutex, OnceCell};

/// Which app this build is: a release build and a development build keep apart their data
/// folders and keyring entries by having different identifiers (`campaign::app_identifier`).
#[derive(Debug, Clone)]
pub struct Identity {
    pub identifier: String,
    pub development: bool,
    /// Whether this is the one running copy of the app for its data folder (the real app:
    /// yes; the headless tests, which run many at once: no).
    pub exclusive: bool,
}

impl Identity {
    pub fn for_this_build() -> Self {
        let development = cfg!(debug_assertions);
        Self {
            identifier: campaign::app_identifier(development),
            development,
            exclusive: true,
        }
    }
}

#[derive(Debug)]
pub(crate) struct AppState {
    pub identity: Identity,
    pub keys: KeyStore,
    pub settings_file: SettingsFile,
    pub settings: Mutex<Settings>,
    pub import: Mutex<Option<ImportSession>>,
    /// Set by the window's Cancel while a file is being read; each import clears it first.
    pub import_cancel: Arc<recipients::Cancel>,
    /// Set by the Do not call page's Cancel while a file is imported into the list.
    pub dnc_cancel: Arc<recipients::Cancel>,
    pub data_dir: PathBuf,
    /// The account's campaign store, opened once: the account runtime and the drafts share it.
    account_store: std::sync::Mutex<Option<Arc<campaign::Store>>>,
    /// The practice server, started the first time practice mode is needed.
    practice: OnceCell<sandbox::Sandbox>,
    runtime: Mutex<Option<Arc<Runtime>>>,
    /// The agents and numbers last listed, to record their names with a campaign.
    pub agents: Mutex<Vec<AgentChoice>>,
    /// How long each agent's finished calls lasted (seconds), read once per session for the
    /// expected minutes per call.
    pub call_lengths: Mutex<std::collections::HashMap<String, campaign::compare::AgentHistory>>,
    /// Every tracker event of whichever runtime is current, for the window and notifications.
    pub progress: broadcast::Sender<campaign::TrackerEvent>,
}

impl AppState {
    pub(crate) fn new(identity: Identity, data_dir: PathBuf, config_dir: PathBuf) -> Self {
        let keys = KeyStore::new(&identity.identifier);
        let settings_file = SettingsFile::new(&config_dir);
        let settings = Mutex::new(settings_file.load());
        Self {
            identity,
            keys,
            settings_file,
            settings,
            import: Mutex::new(None),
            import_cancel: Arc::new(recipients::Cancel::new()),
            dnc_cancel: Arc::new(recipients::Cancel::new()),
            data_dir,
            account_store: std::sync::Mutex::new(None),
            practice: OnceCell::new(),
            runtime: Mutex::new(None),
            agents: Mutex::new(Vec::new()),
            call_lengths: Mutex::new(std::collections::HashMap::new()),
            progress: broadcast::channel(256).0,
        }
    }

    /// Where calls go now, with its store, launcher and tracker; built on first use.
    pub(crate) async fn runtime(&self) -> Result<Arc<Runtime>, IpcError> {
        let mut slot = self.runtime.lock().await;
        if let Some(runtime) = slot.as_ref() {
            return Ok(runtime.clone());
        }
        let runtime = match self.keys.load()? {
            Some(key) => {
                let base = self.settings.lock().await.api_base_url.clone();
                let client = connection::account_client(&base, &key)?;
                connection::build_runtime(Mode::Account, client, self.account_store()?)
            }
            None => {
                let client = connection::practice_client(self.practice().await?)?;
                let store = connection::open_store(&self.data_dir, Mode::Practice)?;
                // One do-not-call list whatever the mode: practice reads and adds to the account's.
                store.keep_dnc_list_in(self.account_store()?);
                connection::build_runtime(Mode::Practice, client, store)
            }
        };
        forward_progress(&runtime, self.progress.clone());
        let runtime = Arc::new(runtime);
        *slot = Some(runtime.clone());
        Ok(runtime)
    }

    /// Forgets the current runtime (its tracker stops once no command holds it): the next
    /// command builds one for the new key or address.
    pub(crate) async fn reset_runtime(&self) {
        self.runtime.lock().await.take();
        self.agents.lock().await.clear();
        self.call_lengths.lock().await.clear();
    }

    /// The account's campaign store (`campaigns.sqlite`), kept whatever the mode.
    pub(crate) fn account_store(&self) -> Result<Arc<campaign::Store>, IpcError> {
        let mut slot = self.account_store.lock().map_err(|_| {
            IpcError::new("Batchline's campaign memory is unavailable. Restart Batchline.")
        })?;
        if let Some(store) = slot.as_ref() {
            return Ok(store.clone());
        }
        let store = connection::open_store(&self.data_dir, Mode::Account)?;
        *slot = Some(store.clone());
        Ok(store)
    }

    /// Saves the wizard's answers in the draft of the campaign being set up, kept in the
    /// account's store so it outlives practice runs.
    pub(crate) fn save_setup(&self, setup: &campaign::draft::DraftSetup) -> Result<(), IpcError> {
        let store = self.account_store()?;
        Ok(Drafts::new(&store).save_setup(setup)?)
    }

    /// Forgets the campaign being set up, in memory and on disk (launched, or started over).
    pub(crate) async fn discard_draft(&self) -> Result<(), IpcError> {
        *self.import.lock().await = None;
        let store = self.account_store()?;
        Ok(Drafts::new(&store).discard()?)
    }

    pub(crate) async fn practice(&self) -> Result<&sandbox::Sandbox, IpcError> {
        self.practice
            .get_or_try_init(|| async {
                campaign::clear_practice_store(&self.data_dir);
                connection::start_practice().await
            })
            .await
    }

    pub(crate) async fn current_import(&self) -> Option<ImportSession> {
        self.import.lock().await.clone()
    }

    /// Keeps the import for the next steps and in the draft on disk.
    pub(crate) async fn save_import(&self, session: ImportSession) -> Result<(), IpcError> {
        let store = self.account_store()?;
        Drafts::new(&store).save_import(&session)?;
        self.save_import_in_memory(session).await;
        Ok(())
    }

    pub(crate) async fn save_import_in_memory(&self, session: ImportSession) {
        *self.import.lock().await = Some(session);
    }
}

/// Passes the runtime's tracker events on until that runtime is dropped.
fn forward_progress(runtime: &Runtime, to: broadcast::Sender<campaign::TrackerEvent>) {
    let mut from = runtime.tracker.subscribe();
    tokio::spawn(async move {
        loop {
            match from.recv().await {
                Ok(event) => {
                    let _ = to.send(event);
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

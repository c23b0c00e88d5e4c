//! Where the person's preferences are kept: a small JSON file in the app's config folder. What
//! each preference may be is `campaign::settings`'; nothing secret lives here: the API key is in
//! the OS keyring.

use crate::error::IpcError;
use crate::ipc::Settings;
use campaign::settings::SettingsError;
use std::path::{Path, PathBuf};

impl From<SettingsError> for IpcError {
    fn from(error: SettingsError) -> Self {
        IpcError::new(error.to_string())
    }
}

#[derive(Debug)]
pub(crate) struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub(crate) fn new(config_dir: &Path) -> Self {
        Self {
            path: config_dir.join("settings.json"),
        }
    }

    /// The saved settings, or the defaults when there are none yet. A damaged file is kept aside
    /// (never silently overwritten) and the defaults are used.
    pub(crate) fn load(&self) -> Settings {
        match std::fs::read(&self.path) {
            Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
                Ok(settings) => settings,
                Err(_) => {
                    let aside = self.path.with_extension("json.damaged");
                    let _ = std::fs::rename(&self.path, aside);
                    Settings::default()
                }
            },
            Err(_) => Settings::default(),
        }
    }

    /// Checks what the person typed, then writes it whole (a new file renamed over the old).
    pub(crate) fn save(&self, settings: &Settings) -> Result<Settings, IpcError> {
        let settings = settings.clone().validated()?;
        let write = || -> std::io::Result<()> {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = self.path.with_extension("json.tmp");
            std::fs::write(&tmp, serde_json::to_vec_pretty(&settings)?)?;
            std::fs::rename(&tmp, &self.path)
        };
        write().map_err(|e| {
            IpcError::new(format!(
                "Your settings couldn't be saved ({e}). Check that your disk has free space."
            ))
        })?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_loads_and_keeps_a_damaged_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::new(dir.path());
        assert_eq!(file.load(), Settings::default());
        let mut s = Settings {
            default_country: "gb".into(),
            api_base_url: "https://example.test/".into(),
            ..Settings::default()
        };
        let saved = file.save(&s).unwrap();
        assert_eq!(saved.default_country, "GB");
        assert_eq!(saved.api_base_url, "https://example.test");
        assert_eq!(file.load(), saved);
        std::fs::write(dir.path().join("settings.json"), b"{broken").unwrap();
        assert_eq!(file.load(), Settings::default());
        assert!(dir.path().join("settings.json.damaged").exists());
        s.api_base_url = "http://example.test".into();
        let refused = file.save(&s).unwrap_err();
        assert!(refused.message.contains("https://"), "{}", refused.message);
        assert_eq!(file.load(), Settings::default(), "nothing written");
    }
}

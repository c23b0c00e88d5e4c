//! The user's preferences, kept as a small JSON file in the app's config folder. Nothing secret
//! lives here: the API key is in the OS keyring.

use crate::error::IpcError;
use crate::ipc::Settings;
use std::path::{Path, PathBuf};

pub const DEFAULT_API_BASE_URL: &str = cartesia::DEFAULT_BASE_URL;

impl Default for Settings {
    fn default() -> Self {
        Self {
            api_base_url: DEFAULT_API_BASE_URL.into(),
            default_country: "US".into(),
            org_concurrency_limit: 8,
            average_call_minutes: 2.0,
        }
    }
}

#[derive(Debug)]
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub fn new(config_dir: &Path) -> Self {
        Self {
            path: config_dir.join("settings.json"),
        }
    }

    /// The saved settings, or the defaults when there are none yet. A damaged file is kept aside
    /// (never silently overwritten) and the defaults are used.
    pub fn load(&self) -> Settings {
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

    pub fn save(&self, settings: &Settings) -> Result<Settings, IpcError> {
        let settings = validate(settings.clone())?;
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

/// Checks what a person typed, with messages that say what to change.
pub fn validate(mut settings: Settings) -> Result<Settings, IpcError> {
    settings.api_base_url = settings
        .api_base_url
        .trim()
        .trim_end_matches('/')
        .to_owned();
    if settings.api_base_url.is_empty() {
        settings.api_base_url = DEFAULT_API_BASE_URL.into();
    }
    if !base_url_allowed(&settings.api_base_url) {
        return Err(IpcError::new(
            "The API address must start with https:// (plain http:// is allowed only for this computer, such as http://127.0.0.1).",
        ));
    }
    settings.default_country = settings.default_country.trim().to_ascii_uppercase();
    if recipients::Country::from_code(&settings.default_country).is_err() {
        return Err(IpcError::new(format!(
            "\"{}\" is not a country code Batchline knows. Use a two-letter code such as US, GB or DE.",
            settings.default_country
        )));
    }
    if !(1..=1000).contains(&settings.org_concurrency_limit) {
        return Err(IpcError::new(
            "The number of calls at once must be between 1 and 1,000.",
        ));
    }
    if !(settings.average_call_minutes.is_finite()
        && (0.1..=480.0).contains(&settings.average_call_minutes))
    {
        settings.average_call_minutes = 2.0;
    }
    Ok(settings)
}

/// https anywhere; http only to this computer.
pub fn base_url_allowed(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    match parsed.scheme() {
        "https" => parsed.host().is_some(),
        "http" => match parsed.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_computer() {
        assert!(base_url_allowed("https://api.cartesia.ai"));
        assert!(base_url_allowed("http://127.0.0.1:8787"));
        assert!(base_url_allowed("http://localhost:8787"));
        assert!(base_url_allowed("http://[::1]:8787"));
        assert!(!base_url_allowed("http://api.cartesia.ai"));
        assert!(!base_url_allowed("http://10.0.0.5"));
        assert!(!base_url_allowed("ftp://x"));
        assert!(!base_url_allowed("not a url"));
    }

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
        assert!(file.save(&s).unwrap_err().message.contains("https://"));
    }
}

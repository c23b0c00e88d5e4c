//! The Cartesia API key lives in the operating system's keyring (Keychain on macOS, Credential
//! Manager on Windows, Secret Service on Linux) and nowhere else: not in a file, a log or the UI.
//!
//! The platform store is picked per OS by the `keyring` crate's `v1` feature; tests install
//! `keyring_core`'s in-memory mock instead.

use keyring_core::Entry;
use std::fmt;
use std::sync::Once;

const ACCOUNT: &str = "cartesia-api-key";

#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    #[error(
        "Batchline can't reach this computer's password store ({0}). \
         Unlock your keychain or log in again, then try once more."
    )]
    Unavailable(String),
}

/// An API key in memory. It can't be printed, serialized or sent to the UI; only its last
/// four characters can be shown.
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The last four characters, which is all a person needs to tell keys apart.
    pub fn last4(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(…{})", self.last4())
    }
}

/// The keyring entry of one build of the app (release and development builds use different
/// service names, so they never read each other's key).
#[derive(Debug)]
pub struct KeyStore {
    service: String,
}

static PLATFORM_STORE: Once = Once::new();

impl KeyStore {
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self) -> Result<Entry, KeyStoreError> {
        ensure_default_store();
        Entry::new(&self.service, ACCOUNT).map_err(|e| KeyStoreError::Unavailable(e.to_string()))
    }

    /// The saved key, if any.
    pub fn load(&self) -> Result<Option<Secret>, KeyStoreError> {
        match self.entry()?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeyStoreError::Unavailable(e.to_string())),
        }
    }

    pub fn save(&self, key: &Secret) -> Result<(), KeyStoreError> {
        self.entry()?
            .set_password(key.expose())
            .map_err(|e| KeyStoreError::Unavailable(e.to_string()))
    }

    pub fn remove(&self) -> Result<(), KeyStoreError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(KeyStoreError::Unavailable(e.to_string())),
        }
    }
}

/// Installs the OS store as `keyring_core`'s default the first time it's needed, unless a test
/// installed the mock store already.
fn ensure_default_store() {
    PLATFORM_STORE.call_once(|| {
        if keyring_core::get_default_store().is_none() {
            // The result is reported by the first Entry::new; nothing to do with it here.
            let _ = keyring::Entry::store_status();
        }
    });
}

/// Installs one in-memory store for the whole test process (tests run in parallel threads; a
/// second store would make another test's saved key vanish).
#[cfg(test)]
pub(crate) fn use_mock_store() {
    static MOCK: Once = Once::new();
    MOCK.call_once(|| {
        keyring_core::set_default_store(keyring_core::mock::Store::new().expect("mock store"));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = Secret::new("sk_car_supersecretvalue_ab12");
        let shown = format!("{key:?}");
        assert!(!shown.contains("supersecret"), "{shown}");
        assert!(shown.ends_with("ab12)"));
        assert_eq!(key.last4(), "ab12");
        assert_eq!(Secret::new("ab").last4(), "ab");
    }

    #[test]
    fn save_load_remove_round_trip() {
        use_mock_store();
        let store = KeyStore::new("app.batchline.desktop.test-roundtrip");
        assert!(store.load().unwrap().is_none());
        store.save(&Secret::new("sk_car_0123456789wxyz")).unwrap();
        assert_eq!(store.load().unwrap().unwrap().last4(), "wxyz");
        store.remove().unwrap();
        assert!(store.load().unwrap().is_none());
        store.remove().unwrap();
    }

    /// Runs against the OS password store itself (Secret Service on Linux). `scripts/test` runs
    /// it inside a D-Bus session with gnome-keyring unlocked; it is ignored in plain runs because
    /// other tests install the mock store process-wide.
    #[test]
    #[ignore = "needs the OS keyring; run by scripts/test"]
    fn real_os_keyring_round_trip() {
        let status = keyring::Entry::store_status();
        assert!(status.is_ok(), "no OS keyring: {status:?}");
        let store = KeyStore::new("app.batchline.desktop.test-real-keyring");
        store.remove().unwrap();
        assert!(store.load().unwrap().is_none());
        store
            .save(&Secret::new("sk_car_real_keyring_test_9876"))
            .unwrap();
        assert_eq!(store.load().unwrap().unwrap().last4(), "9876");
        // Another process (the CLI, a later app start) sees the same entry.
        let from_secret_tool = std::process::Command::new("secret-tool")
            .args([
                "search",
                "service",
                "app.batchline.desktop.test-real-keyring",
            ])
            .output();
        if let Ok(out) = from_secret_tool {
            let listing =
                String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
            assert!(listing.contains("cartesia-api-key"), "{listing}");
        }
        store.remove().unwrap();
        assert!(store.load().unwrap().is_none());
    }
}

//! The Cartesia API key lives in the operating system's keyring (Keychain on macOS, Credential
//! Manager on Windows, Secret Service on Linux) and nowhere else: not in a file, a log or the UI.
//!
//! The key is kept with the address it was checked against (its origin: scheme, host, port), so
//! that changing the API address in Settings can never send the key somewhere it wasn't meant
//! for: a different address asks for the key again.
//!
//! The platform store is picked per OS by the `keyring` crate's `v1` feature; tests install
//! `keyring_core`'s in-memory mock instead.

use keyring_core::Entry;
use std::fmt;
use std::sync::Once;

const ACCOUNT: &str = "cartesia-api-key";

#[derive(Debug, thiserror::Error)]
pub(crate) enum KeyStoreError {
    #[error(
        "Batchline can't reach this computer's password store ({0}). \
         Unlock your keychain or log in again, then try once more."
    )]
    Unavailable(String),
}

/// An API key in memory. It can't be printed, serialized or sent to the UI; only its last
/// four characters can be shown.
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The last four characters, which is all a person needs to tell keys apart.
    pub(crate) fn last4(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(…{})", self.last4())
    }
}

/// A saved key and the origin (`https://api.cartesia.ai`, `http://127.0.0.1:8787`) it was
/// checked against, the only place it may be sent.
#[derive(Debug)]
pub(crate) struct StoredKey {
    pub origin: String,
    pub key: Secret,
}

impl StoredKey {
    /// Whether the key may be sent to `base_url`: only to the origin it was checked against.
    pub(crate) fn is_for(&self, base_url: &str) -> bool {
        cartesia::key_may_go_to(&self.origin, base_url)
    }
}

/// How a saved key is written in the keyring: `{"origin": …, "key": …}`.
#[derive(serde::Deserialize)]
struct SavedEntry {
    origin: String,
    key: String,
}

/// The keyring entry of one build of the app (release and development builds use different
/// service names, so they never read each other's key).
#[derive(Debug)]
pub(crate) struct KeyStore {
    service: String,
}

static PLATFORM_STORE: Once = Once::new();

impl KeyStore {
    pub(crate) fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self) -> Result<Entry, KeyStoreError> {
        ensure_default_store();
        Entry::new(&self.service, ACCOUNT).map_err(|e| KeyStoreError::Unavailable(e.to_string()))
    }

    /// The saved key and the origin it was checked against, if any. A key saved by an earlier
    /// version (the bare key) was checked against Cartesia's own address, the only one those
    /// versions connected to outside tests.
    pub(crate) fn load(&self) -> Result<Option<StoredKey>, KeyStoreError> {
        match self.entry()?.get_password() {
            Ok(value) => Ok(Some(match serde_json::from_str::<SavedEntry>(&value) {
                Ok(entry) => StoredKey {
                    origin: entry.origin,
                    key: Secret::new(entry.key),
                },
                Err(_) => StoredKey {
                    origin: cartesia::origin_of(cartesia::DEFAULT_BASE_URL).unwrap_or_default(),
                    key: Secret::new(value),
                },
            })),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeyStoreError::Unavailable(e.to_string())),
        }
    }

    pub(crate) fn save(&self, stored: &StoredKey) -> Result<(), KeyStoreError> {
        let value = serde_json::json!({ "origin": stored.origin, "key": stored.key.expose() });
        self.entry()?
            .set_password(&value.to_string())
            .map_err(|e| KeyStoreError::Unavailable(e.to_string()))?;
        tracing::info!(
            "an API key checked with {} was saved in the OS keyring",
            stored.origin
        );
        Ok(())
    }

    pub(crate) fn remove(&self) -> Result<(), KeyStoreError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => {
                tracing::info!("the API key was removed from the OS keyring");
                Ok(())
            }
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

    fn stored(key: &str) -> StoredKey {
        StoredKey {
            origin: "https://api.cartesia.ai".into(),
            key: Secret::new(key),
        }
    }

    #[test]
    fn a_key_is_kept_with_the_origin_it_was_checked_against() {
        use_mock_store();
        let store = KeyStore::new("app.batchline.desktop.test-origin");
        store
            .save(&StoredKey {
                origin: "http://127.0.0.1:8787".into(),
                key: Secret::new("sk_car_checked_here_ab12"),
            })
            .unwrap();
        let loaded = store.load().unwrap().unwrap();
        assert_eq!(loaded.origin, "http://127.0.0.1:8787");
        assert_eq!(loaded.key.expose(), "sk_car_checked_here_ab12");
        assert!(loaded.is_for("http://127.0.0.1:8787/"));
        assert!(!loaded.is_for("http://127.0.0.1:8788"), "another port");
        assert!(!loaded.is_for("http://localhost:8787"), "another name");
        assert!(!loaded.is_for("https://api.cartesia.ai"));
        assert!(!format!("{loaded:?}").contains("checked_here"));

        // A bare key saved by an earlier version belongs to Cartesia's own address.
        store
            .entry()
            .unwrap()
            .set_password("sk_car_old_bare_key_cd34")
            .unwrap();
        let old = store.load().unwrap().unwrap();
        assert_eq!(old.key.expose(), "sk_car_old_bare_key_cd34");
        assert!(old.is_for("https://api.cartesia.ai"));
        assert!(!old.is_for("https://elsewhere.example"));
        store.remove().unwrap();
    }

    #[test]
    fn save_load_remove_round_trip() {
        use_mock_store();
        let store = KeyStore::new("app.batchline.desktop.test-roundtrip");
        assert!(store.load().unwrap().is_none());
        store.save(&stored("sk_car_0123456789wxyz")).unwrap();
        let loaded = store.load().unwrap().unwrap();
        assert_eq!(loaded.key.last4(), "wxyz");
        assert_eq!(loaded.origin, "https://api.cartesia.ai");
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
            .save(&stored("sk_car_real_keyring_test_9876"))
            .unwrap();
        assert_eq!(store.load().unwrap().unwrap().key.last4(), "9876");
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

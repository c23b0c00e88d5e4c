//! What the shell keeps for the lifetime of the app, shared by every command.

use crate::secrets::KeyStore;

/// Which app this build is: a release build and a development build keep apart their data
/// folders and keyring entries by having different identifiers.
#[derive(Debug, Clone)]
pub struct Identity {
    pub identifier: String,
    pub development: bool,
}

impl Identity {
    pub fn for_this_build(release_identifier: &str) -> Self {
        Self::new(release_identifier, cfg!(debug_assertions))
    }

    pub fn new(release_identifier: &str, development: bool) -> Self {
        let identifier = if development {
            format!("{release_identifier}.dev")
        } else {
            release_identifier.to_owned()
        };
        Self {
            identifier,
            development,
        }
    }
}

#[derive(Debug)]
pub struct AppState {
    pub identity: Identity,
    pub keys: KeyStore,
}

impl AppState {
    pub fn new(identity: Identity) -> Self {
        let keys = KeyStore::new(&identity.identifier);
        Self { identity, keys }
    }
}

#[cfg(test)]
mod tests {
    use super::Identity;

    #[test]
    fn development_builds_never_share_the_release_identifier() {
        let release = Identity::new("app.batchline.desktop", false);
        let dev = Identity::new("app.batchline.desktop", true);
        assert_eq!(release.identifier, "app.batchline.desktop");
        assert_eq!(dev.identifier, "app.batchline.desktop.dev");
    }
}

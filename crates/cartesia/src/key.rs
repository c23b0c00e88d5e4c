//! The API key as a secret: it may travel only into the request header, never into a log line,
//! an error message, `Debug` output or a serialized file.

use std::fmt;

/// A Cartesia API key. Shows as `sk_…ab12` wherever it is printed; cannot be serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key, trimming the spaces and line breaks that copy-paste tends to add.
    pub fn new(key: impl Into<String>) -> ApiKey {
        let key: String = key.into();
        ApiKey(key.trim().to_string())
    }

    /// The last four characters, for "Connected · key ending ab12".
    pub fn last4(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    }

    /// Whether the key is empty (nothing pasted).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The key itself. Call only to build the request header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn redacted(&self) -> String {
        let prefix = if self.0.starts_with("sk_") { "sk_" } else { "" };
        format!("{prefix}…{}", self.last4())
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.redacted())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_show_only_the_last_four() {
        let key = ApiKey::new("  sk_car_VERYSECRETab12\n");
        assert_eq!(key.to_string(), "sk_…ab12");
        assert_eq!(format!("{key:?}"), "ApiKey(sk_…ab12)");
        assert!(!format!("{key:?} {key} {key:#?}").contains("VERYSECRET"));
        assert_eq!(key.last4(), "ab12");
        assert_eq!(key.expose(), "sk_car_VERYSECRETab12");
    }

    #[test]
    fn short_and_non_ascii_keys_do_not_panic() {
        assert_eq!(ApiKey::new("").last4(), "");
        assert_eq!(ApiKey::new("ab").to_string(), "…ab");
        assert_eq!(ApiKey::new("ключ-é").last4(), "юч-é");
    }
}

//! Where an API key may go: only to the origin (scheme, host, port) it was checked against.
//! Changing the API address must never carry a saved key to another host; the caller asks for
//! the key again instead. A rule of the API's security, so it lives with the client.

use reqwest::Url;

/// The origin of an address (`https://api.cartesia.ai`, `http://127.0.0.1:8787`). `None` for
/// what is not a web address.
pub fn origin_of(url: &str) -> Option<String> {
    let parsed = Url::parse(url.trim()).ok()?;
    let origin = parsed.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// Whether a key checked against `key_origin` may be sent to `base_url`.
pub fn key_may_go_to(key_origin: &str, base_url: &str) -> bool {
    origin_of(base_url).is_some_and(|o| o == key_origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_goes_only_to_its_own_origin() {
        let home = origin_of("http://127.0.0.1:8787/").expect("origin");
        assert_eq!(home, "http://127.0.0.1:8787");
        assert!(key_may_go_to(&home, "http://127.0.0.1:8787/v2"));
        assert!(!key_may_go_to(&home, "http://127.0.0.1:8788"), "port");
        assert!(!key_may_go_to(&home, "http://localhost:8787"), "name");
        assert!(!key_may_go_to(&home, "https://127.0.0.1:8787"), "scheme");
        assert!(!key_may_go_to(&home, "not an address"));
        assert_eq!(
            origin_of(crate::DEFAULT_BASE_URL).as_deref(),
            Some("https://api.cartesia.ai")
        );
    }
}

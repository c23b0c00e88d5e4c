//! Everything the CLI prints goes through here, for two reasons.
//!
//! Names, spreadsheet cells, transcripts and error messages come from outside — a CRM export, a
//! Cartesia account — and a terminal obeys control characters in them: an escape sequence can
//! recolour, clear or retitle the terminal, hide text or (in some terminals) write to the
//! clipboard, and a bidirectional override makes text read differently than it is. [`clean`]
//! shows them instead, as visible placeholders.
//!
//! And a reader may stop reading (`batchline numbers list | head -1`): `println!` panics when the
//! pipe is closed, so output is written with functions that return the error, and `main` ends
//! quietly and successfully on a broken pipe, as other command-line tools do.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Why a command stopped: a message for the person, or output nobody could receive.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Said(String),
    #[error("Could not write the output: {0}")]
    Output(#[from] io::Error),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Said(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure::Said(message.to_string())
    }
}

/// The characters a terminal would obey instead of showing: C0 controls (line break and tab
/// too — inside one value they would forge lines and columns), DEL, C1 controls and the
/// bidirectional embeddings, overrides and isolates.
fn steers(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that could steer a terminal replaced by a visible stand-in: C0
/// controls by their Unicode control pictures (ESC → `␛`), DEL by `␡`, the others as `\u{9b}`.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(steers) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('�')),
            '\u{7f}' => out.push('␡'),
            c if steers(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` cleaned line by line, keeping the line breaks between lines.
fn clean_lines(text: &str) -> String {
    text.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

/// Prints text for a person (one line or several, each ending in a line break). Values from
/// outside should already be [`clean`]ed where they are put in, so a line break in one cannot
/// forge a line; this cleans once more so nothing can slip past.
pub(crate) fn text(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(clean_lines(text).as_bytes())?;
    out.flush()
}

/// Prints one line for a person.
pub(crate) fn line(line: &str) -> io::Result<()> {
    text(&format!("{line}\n"))
}

/// Prints JSON made by serde_json. It escapes C0 controls already; DEL, C1 controls and
/// bidirectional controls it leaves as they are, so they become `\u` escapes here — the same
/// JSON to any reader, and nothing a terminal obeys.
pub(crate) fn json(json: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(escape_json(json).as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Only the structure's line breaks stay: every steering character serde_json left in a string
/// (all of them in the Basic Multilingual Plane) becomes a `\uXXXX` escape.
fn escape_json(json: &str) -> String {
    let mut escaped = String::with_capacity(json.len());
    for c in json.chars() {
        if steers(c) && c != '\n' {
            let _ = write!(escaped, "\\u{:04x}", u32::from(c));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// A message on stderr. Nothing can be done if stderr itself is gone, so that is ignored.
pub(crate) fn note(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", clean_lines(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(clean("plain José 山田"), "plain José 山田");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}[31mb"), "a␛[31mb");
        assert_eq!(clean("\u{1b}]0;t\u{7}"), "␛]0;t␇");
        assert_eq!(clean("one\ntwo\tthree\r"), "one␊two␉three␍");
        assert_eq!(clean("\u{0}\u{7f}"), "␀␡");
        assert_eq!(clean("\u{9b}2J \u{85}"), "\\u{9b}2J \\u{85}");
        assert_eq!(clean("\u{202e}abc\u{2066}"), "\\u{202e}abc\\u{2066}");
        assert_eq!(
            clean("\u{a0}\u{200f}"),
            "\u{a0}\u{200f}",
            "printable, left alone"
        );
        assert_eq!(clean_lines("a\u{1b}\nb\n"), "a␛\nb\n");
    }

    #[test]
    fn json_escapes_stay_json() {
        let value = serde_json::json!({"name": "a\u{1b}\u{7f}\u{9b}\u{202e}b"});
        let escaped = escape_json(&serde_json::to_string_pretty(&value).unwrap_or_default());
        assert!(
            !escaped.chars().any(|c| steers(c) && c != '\n'),
            "{escaped}"
        );
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back, value);
    }
}
